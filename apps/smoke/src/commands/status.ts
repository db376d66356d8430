import type { Command } from 'commander';
import type { CliDeps } from '../cli/deps';
import { EXIT_CODES_HELP, addRunOptions, addSettingsOptions, type CommonFlags } from '../cli/options';
import { type CliState, runCommand } from '../cli/session';
import { runStatus } from '../status';
import { formatStatusReport } from '../status-format';
import { findDeliveryStream, readStackResources } from '../stack-resources';
import { callOptions } from './failed-output';

interface StatusFlags extends CommonFlags {
  deliveryStream?: string;
}

/** `icelog-smoke status`: alarms, freshness and failed rows on one screen. */
export function registerStatus(program: Command, deps: CliDeps, state: CliState): void {
  const command = program
    .command('status')
    .description(
      "One screen of the pipeline's health: each alarm of the stack, the latest DeliveryToIceberg.DataFreshness against the buffering interval, and failed rows in the last hour.",
    );
  addSettingsOptions(command);
  addRunOptions(command, { text: 'deadline for the CloudWatch calls', default: '1m' })
    .option('--delivery-stream <name>', 'Firehose delivery stream (output "delivery_stream_name")')
    .addHelpText(
      'after',
      `\nExamples:\n  icelog-smoke status --app dev\n  icelog-smoke status --app prod --json\n\nExit code 1 means an alarm is in ALARM (or declared by the stack but missing).\n${EXIT_CODES_HELP}`,
    )
    .action((flags: StatusFlags) =>
      runCommand(deps, state, 'status', flags, async (session) => {
        const settings = session.settings({ deliveryStream: flags.deliveryStream }, ['deliveryStream']);
        const resources = settings.stackFile ? readStackResources(settings.stackFile) : undefined;
        const stream = resources ? findDeliveryStream(resources, settings.deliveryStream) : undefined;
        const cloudwatch = await session.client(deps.createCloudWatchClient, settings.region, 'CloudWatch');
        const report = await runStatus(
          {
            deliveryStream: settings.deliveryStream!,
            alarms: resources?.alarms ?? [],
            bufferingIntervalSeconds: stream?.bufferingIntervalSeconds,
          },
          { cloudwatch, call: callOptions(session), progress: session.progress },
        );
        return {
          report,
          text: formatStatusReport(report),
          settings,
          subject: `Stream ${settings.deliveryStream}`,
          extra: { region: settings.region ?? null },
        };
      }),
    );
}
