import { defineRule, compliant, nonCompliant } from '../../rule';
import { destinationOf } from '../../firehose/delivery-stream';
import { block, show } from '../../hcl';
import { isSet, mustBeTrue } from '../../checks';
import { isUnresolved, soleReference } from '../../references';
import { StackElement, StackModel } from '../../stack';

/** ICELOG_FH_1: Firehose logs delivery errors to a log group and log stream that this stack creates. */
export const FirehoseErrorLogging = defineRule({
  id: 'ICELOG_FH_1',
  title: 'Firehose logs delivery errors to a log group of the stack',
  severity: 'medium',
  area: 'delivery',
  docs: 'The destination has cloudwatch_logging_options enabled with a log group and log stream that exist in the stack (Firehose does not create them when configured through the API), so failed deliveries are visible and retained.',
  resourceTypes: ['aws_kinesis_firehose_delivery_stream'],
  evaluate(stream, { stack }) {
    const destination = destinationOf(stream.body);
    if (!destination.body)
      return nonCompliant(`${destination.attribute} is missing; cannot find its cloudwatch_logging_options`);
    const where = `${destination.attribute}.cloudwatch_logging_options`;
    const logging = block(destination.body.cloudwatch_logging_options);
    if (!logging)
      return nonCompliant(`${where} is not set; enable error logging to a log group of this stack`);
    const disabled = mustBeTrue(`${where}.enabled`, logging.enabled);
    if (disabled) return nonCompliant(disabled);
    const { log_group_name: groupName, log_stream_name: streamName } = logging;
    if (!isSet(groupName) || !isSet(streamName)) {
      return nonCompliant(
        `${where} needs log_group_name and log_stream_name; got ${show(groupName)} and ${show(streamName)}`,
      );
    }
    const group = findByName(stack, 'aws_cloudwatch_log_group', groupName);
    if (!group)
      return nonCompliant(missing(stack, `${where}.log_group_name`, 'aws_cloudwatch_log_group', groupName));
    const logStream = findByName(stack, 'aws_cloudwatch_log_stream', streamName);
    if (!logStream) {
      return nonCompliant(
        `${missing(stack, `${where}.log_stream_name`, 'aws_cloudwatch_log_stream', streamName)}; Firehose does not create the log stream`,
      );
    }
    if (
      !stack.referrers(group, 'aws_cloudwatch_log_stream', 'log_group_name', ['name']).includes(logStream)
    ) {
      return nonCompliant(`${logStream.address} is not in log group ${group.address}`);
    }
    return compliant(`${group.address}, ${logStream.address}`);
  },
});

function findByName(stack: StackModel, type: string, name: unknown): StackElement | undefined {
  const target = stack.target(name);
  if (target) return target.type === type ? target : undefined;
  if (soleReference(name) || isUnresolved(name)) return undefined;
  return stack.ofType(type).find((e) => stack.resolve(e.body.name) === name);
}

function missing(stack: StackModel, attribute: string, type: string, name: unknown): string {
  const ref = soleReference(name);
  if (ref && (ref.kind === 'resource' || ref.kind === 'data')) {
    const target = stack.elementOf(ref);
    return target
      ? `${attribute} refers to ${target.address}, not an ${type}`
      : `${attribute} refers to ${ref.type}.${ref.name}, which is not in this stack`;
  }
  if (isUnresolved(name))
    return `${attribute} is an expression (${String(name)}); the rule cannot find the ${type} it names`;
  return `no ${type} named ${show(name)} exists in this stack`;
}
