import { Option, type Command } from 'commander';
import type { CliDeps } from '../cli/deps';
import {
  EXIT_CODES_HELP,
  addRunOptions,
  addSettingsOptions,
  integerFlag,
  type CommonFlags,
} from '../cli/options';
import { type CliState, runCommand } from '../cli/session';
import { runRedrive } from '../redrive';
import { formatRedriveReport } from '../redrive-format';
import { type RedriveTarget, firehoseTarget, kinesisTarget } from '../redrive-target';
import {
  type FailedOutputFlags,
  addFailedOutputOptions,
  callOptions,
  resolveFailedOutput,
} from './failed-output';

interface RedriveFlags extends CommonFlags, FailedOutputFlags {
  errorCode: string[];
  table: string[];
  dryRun?: boolean;
  limit?: string;
  rate?: string;
  resendUncertain?: boolean;
}

const repeatable = (flags: string, description: string) =>
  new Option(flags, description)
    .argParser((value: string, previous: string[]) => [...previous, value])
    .default([]);

/** `icelog-smoke redrive`: puts failed records back into the delivery stream. */
export function registerRedrive(program: Command, deps: CliDeps, state: CliState): void {
  const command = program
    .command('redrive')
    .description(
      'Put failed records back into the delivery stream (or its Kinesis source) once the cause is fixed; resumable, never sends a record twice.',
    );
  addSettingsOptions(command);
  addFailedOutputOptions(command);
  addRunOptions(command, { text: 'deadline for the whole redrive; a later run resumes', default: '30m' })
    .addOption(repeatable('--error-code <code>', 'only records with this error code (repeatable)'))
    .addOption(repeatable('--table <name>', 'only records the routing sends to this table (repeatable)'))
    .option('--dry-run', 'count what would be sent; send and write nothing')
    .option('--limit <n>', 'send at most this many records in this run')
    .option('--rate <records/s>', 'send at most this many records per second')
    .option(
      '--resend-uncertain',
      'also send records whose earlier put had an unknown outcome (check the table for them first)',
    )
    .addHelpText(
      'after',
      `\nExamples:\n  icelog-smoke redrive --app dev --error-code Iceberg.NoSuchTable --dry-run\n  icelog-smoke redrive --app prod --outputs prod-outputs.json --table request_503 --rate 200\n\nExit code 1 means records were left: rejected on every try, or of uncertain outcome.\n${EXIT_CODES_HELP}`,
    )
    .action((flags: RedriveFlags) =>
      runCommand(deps, state, 'redrive', flags, async (session) => {
        const limit =
          flags.limit === undefined
            ? undefined
            : integerFlag('--limit', flags.limit, 1, Number.MAX_SAFE_INTEGER);
        const rate = flags.rate === undefined ? undefined : integerFlag('--rate', flags.rate, 1, 100_000);
        const target = resolveFailedOutput(session, flags, true);
        const s3 = await session.client(deps.createS3Client, target.settings.region, 'S3');
        let sink: RedriveTarget;
        if (target.stream?.kinesisSourceStream) {
          const kinesis = await session.client(deps.createKinesisClient, target.settings.region, 'Kinesis');
          sink = kinesisTarget(kinesis, target.stream.kinesisSourceStream);
        } else {
          const firehose = await session.client(
            deps.createFirehoseClient,
            target.settings.region,
            'Firehose',
          );
          sink = firehoseTarget(firehose, target.settings.deliveryStream!);
        }
        const report = await runRedrive(
          {
            bucket: target.bucket,
            prefix: target.prefix,
            redrivePrefix: target.redrivePrefix,
            since: target.since,
            until: target.until,
            routingQuery: target.stream?.routingQuery,
            errorCodes: flags.errorCode,
            tables: flags.table,
            dryRun: flags.dryRun === true,
            limit,
            ratePerSecond: rate,
            resendUncertain: flags.resendUncertain === true,
          },
          { s3, target: sink, call: callOptions(session), progress: session.progress },
        );
        return {
          report,
          text: formatRedriveReport(report),
          settings: target.settings,
          subject: `Stream ${target.settings.deliveryStream}`,
          extra: { bucket: target.bucket, prefix: target.prefix, region: target.settings.region ?? null },
        };
      }),
    );
}
