import { defineRule, compliant, nonCompliant } from '../../rule';
import { destinationOf } from '../../firehose/delivery-stream';
import { block, show } from '../../hcl';
import { isSet } from '../../checks';

/** Destinations whose `s3_backup_mode` is source-record backup, not the failed-record switch. */
const SOURCE_BACKUP_DESTINATIONS = ['extended_s3', 's3', 'redshift'];
const KEEPS_FAILED = /^(Failed\w*Only|All\w+)$/;

/** ICELOG_FH_2: records that fail delivery are written to S3 under an error output prefix. */
export const FirehoseFailedRecordsKept = defineRule({
  id: 'ICELOG_FH_2',
  title: 'Firehose keeps failed records under an S3 error output prefix',
  severity: 'high',
  area: 'delivery',
  docs: 's3_backup_mode = "FailedDataOnly" (or AllData) and a non-empty error_output_prefix, so records that cannot be delivered (e.g. Iceberg.NoSuchTable) are kept in S3, never lost.',
  resourceTypes: ['aws_kinesis_firehose_delivery_stream'],
  evaluate(stream) {
    const destination = destinationOf(stream.body);
    if (!destination.body)
      return nonCompliant(`${destination.attribute} is missing; failed records have nowhere to go`);
    const problems: string[] = [];
    if (!SOURCE_BACKUP_DESTINATIONS.includes(destination.destination)) {
      const mode = destination.body.s3_backup_mode;
      if (typeof mode !== 'string' || !KEEPS_FAILED.test(mode)) {
        problems.push(`${destination.attribute}.s3_backup_mode is ${show(mode)}; set it to "FailedDataOnly"`);
      }
    }
    const inDestination = destination.destination === 'extended_s3' || destination.destination === 's3';
    const prefixAttribute = inDestination
      ? `${destination.attribute}.error_output_prefix`
      : `${destination.attribute}.s3_configuration.error_output_prefix`;
    const prefix = inDestination
      ? destination.body.error_output_prefix
      : block(destination.body.s3_configuration)?.error_output_prefix;
    if (!isSet(prefix))
      problems.push(`${prefixAttribute} is ${show(prefix)}; set a prefix such as "errors/"`);
    return problems.length === 0
      ? compliant(`${prefixAttribute} ${show(prefix)}`)
      : nonCompliant(problems.join('; '));
  },
});
