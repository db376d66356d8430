import { blocksOf, newTestStack, onlyBlock, synthesize } from '@icelog/core/testing';
import { FireLensTaskDefinition, LOG_ROUTER_CONTAINER_NAME } from '../src';
import { DeliveryStreamDouble } from './support/delivery-double';
import { idOf } from './support/service';

describe('FireLensTaskDefinition on its own (for a service of your own)', () => {
  const stack = newTestStack();
  const deliveryStream = new DeliveryStreamDouble(stack, 'Delivery');
  const task = new FireLensTaskDefinition(stack, 'Task', { deliveryStream, family: 'web-task' });
  const json = synthesize(stack);

  test('creates the task definition with the app and the log router, and no cluster, service or network', () => {
    const definition = onlyBlock(json.resource, 'aws_ecs_task_definition');
    expect(definition).toMatchObject({
      family: 'web-task',
      requires_compatibilities: ['FARGATE'],
      task_role_arn: `\${aws_iam_role.${idOf(json.resource, 'aws_iam_role', 'Task_TaskRole_')}.arn}`,
      execution_role_arn: `\${aws_iam_role.${idOf(json.resource, 'aws_iam_role', 'Task_ExecutionRole_')}.arn}`,
    });
    const names = JSON.parse(definition.container_definitions).map((c: { name: string }) => c.name);
    expect(names).toEqual(['nginx', LOG_ROUTER_CONTAINER_NAME]);
    expect(json.resource.aws_ecs_cluster).toBeUndefined();
    expect(json.resource.aws_ecs_service).toBeUndefined();
    expect(json.resource.aws_security_group).toBeUndefined();
  });

  test('names its log group and config prefix after the family, and describes its roles as the task definition', () => {
    expect(onlyBlock(json.resource, 'aws_cloudwatch_log_group').name).toBe('/ecs/web-task/log-router');
    const keys = Object.values(blocksOf(json.resource, 'aws_s3_object')).map((o: { key: string }) => o.key);
    expect(keys.sort()).toEqual([
      expect.stringMatching(/^fluent-bit\/web-task\/[0-9a-f]{16}\/icelog-filters\.conf$/),
      expect.stringMatching(/^fluent-bit\/web-task\/[0-9a-f]{16}\/icelog-parsers\.conf$/),
    ]);
    const descriptions = Object.values(blocksOf(json.resource, 'aws_iam_role')).map(
      (r: { description: string }) => r.description,
    );
    expect(descriptions.sort()).toEqual([
      'Task execution role of task definition web-task: log router logs and image pulls',
      'Task role of task definition web-task: sends records to the stream, reads the Fluent Bit files',
    ]);
  });

  test('the task role may put records to the stream', () => {
    expect(deliveryStream.grantees).toEqual([task.taskRole]);
  });

  test('rejects a family that is not an ECS name', () => {
    const scope = newTestStack();
    const stream = new DeliveryStreamDouble(scope, 'Delivery');
    expect(
      () => new FireLensTaskDefinition(scope, 'Task', { deliveryStream: stream, family: 'web task' }),
    ).toThrow('Invalid family: must be 1–255 characters of [A-Za-z0-9_-]. Received: "web task"');
  });
});
