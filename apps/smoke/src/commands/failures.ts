import type { Command } from 'commander';
import type { CliDeps } from '../cli/deps';
import {
  EXIT_CODES_HELP,
  addRunOptions,
  addSettingsOptions,
  integerFlag,
  type CommonFlags,
} from '../cli/options';
import { type CliState, runCommand } from '../cli/session';
import { runFailures } from '../failures';
import { formatFailuresReport } from '../failures-format';
import {
  type FailedOutputFlags,
  addFailedOutputOptions,
  callOptions,
  resolveFailedOutput,
} from './failed-output';

interface FailuresFlags extends CommonFlags, FailedOutputFlags {
  samples: string;
}

/** `icelog-smoke failures`: what is in the error output, grouped by error code and table. */
export function registerFailures(program: Command, deps: CliDeps, state: CliState): void {
  const command = program
    .command('failures')
    .description(
      "List and summarize the records Firehose could not deliver (the stream's error output): grouped by error code and by the table the stack's routing sends them to, with samples.",
    );
  addSettingsOptions(command);
  addFailedOutputOptions(command);
  addRunOptions(command, { text: 'deadline for listing and reading the error objects', default: '10m' })
    .option('--samples <n>', 'sample records shown per error code', '3')
    .addHelpText(
      'after',
      `\nExamples:\n  icelog-smoke failures --app dev --since 1d\n  icelog-smoke failures --app prod --outputs prod-outputs.json --json\n\nExit code 1 means the window holds failed records (0: none).\n${EXIT_CODES_HELP}`,
    )
    .action((flags: FailuresFlags) =>
      runCommand(deps, state, 'failures', flags, async (session) => {
        const samples = integerFlag('--samples', flags.samples, 0, 100);
        const target = resolveFailedOutput(session, flags, false);
        const s3 = await session.client(deps.createS3Client, target.settings.region, 'S3');
        const report = await runFailures(
          {
            bucket: target.bucket,
            prefix: target.prefix,
            excludePrefixes: [target.redrivePrefix],
            since: target.since,
            until: target.until,
            routingQuery: target.stream?.routingQuery,
            samples,
          },
          { s3, call: callOptions(session), progress: session.progress },
        );
        return {
          report,
          text: formatFailuresReport(report),
          settings: target.settings,
          subject: target.settings.deliveryStream ? `Stream ${target.settings.deliveryStream}` : undefined,
          extra: { region: target.settings.region ?? null },
        };
      }),
    );
}
