import { App } from 'cdktf';
import { ValidationError } from '@icelog/core';
import { IcelogConfigError, IcelogConfigInput } from './config';
import { IcelogStack } from './icelog-stack';

/** What an environment app passes to {@link synthesizeEnvironment}. */
export interface EnvironmentAppOptions {
  /** Terraform stack name, e.g. `icelog-dev`: also the folder under `<outdir>/stacks/`. */
  readonly stackName: string;
  /** The environment's configuration. */
  readonly config: IcelogConfigInput;
  /**
   * Where to write `stacks/<stackName>/cdk.tf.json` when the cdktf CLI does not say (CDKTF_OUTDIR).
   * @default 'cdktf.out'
   */
  readonly outdir?: string;
}

/**
 * Synthesizes one environment. Bad configuration is reported as one clear message per problem on
 * stderr with exit code 1 — no stack trace, and nothing written (the stack is built completely before
 * `app.synth()` writes any file).
 */
export function synthesizeEnvironment(options: EnvironmentAppOptions): void {
  try {
    const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? options.outdir ?? 'cdktf.out' });
    new IcelogStack(app, options.stackName, options.config);
    app.synth();
  } catch (error) {
    if (error instanceof ValidationError || error instanceof IcelogConfigError) {
      process.stderr.write(`icelog: ${options.stackName}: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
