import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { awsCall } from './aws-call';
import type { Clock } from './clock';
import { ExitCode, SmokeError, UsageError } from './errors';

/** Where `e2e` sends its requests, and how that was decided. */
export interface ResolvedEndpoint {
  /** Base URL, e.g. `http://icelog-dev-123.eu-west-1.elb.amazonaws.com`. */
  readonly url: string;
  /** `--endpoint`, the outputs, or `ECS task <arn>`. */
  readonly source: string;
}

/** What {@link discoverTaskEndpoint} needs. */
export interface DiscoveryProps {
  readonly ecs: ECSClient;
  readonly ec2: EC2Client;
  readonly cluster: string;
  readonly service: string;
  /** Port nginx listens on in the task. */
  readonly port: number;
  readonly clock: Clock;
  readonly random: () => number;
  /** Epoch milliseconds after which throttled calls are not retried any more. */
  readonly deadline: number;
  readonly signal?: AbortSignal;
}

function call<T>(operation: string, send: () => Promise<T>, props: DiscoveryProps): Promise<T> {
  return awsCall(operation, send, { ...props, retry: { baseMs: 500, capMs: 10_000, maxAttempts: 6 } });
}

/**
 * Finds a public address of the service when there is no load balancer: ECS ListTasks (RUNNING
 * tasks of the service) → DescribeTasks (their network interface) → EC2 DescribeNetworkInterfaces
 * (its public IP). Picks the first task, in ListTasks order, that has a public IP.
 * @throws SmokeError (exit 1) when the service has no running task; UsageError when no task has a
 * public IP (the endpoint must then be given with --endpoint)
 */
export async function discoverTaskEndpoint(props: DiscoveryProps): Promise<ResolvedEndpoint> {
  // Loaded only here: the EC2 SDK alone takes about a second to load.
  const { ListTasksCommand, DescribeTasksCommand } = await import('@aws-sdk/client-ecs');
  const { DescribeNetworkInterfacesCommand } = await import('@aws-sdk/client-ec2');
  const signal = props.signal;
  const listed = await call(
    'ECS ListTasks',
    () =>
      props.ecs.send(
        new ListTasksCommand({
          cluster: props.cluster,
          serviceName: props.service,
          desiredStatus: 'RUNNING',
        }),
        { abortSignal: signal },
      ),
    props,
  );
  const taskArns = listed.taskArns ?? [];
  if (taskArns.length === 0) {
    throw new SmokeError(
      `Service ${props.service} in ECS cluster ${props.cluster} has no running task`,
      ExitCode.ExpectationFailed,
      'Check the service events in the ECS console: the task may fail to start or to pass its health check.',
    );
  }
  const described = await call(
    'ECS DescribeTasks',
    () =>
      props.ecs.send(new DescribeTasksCommand({ cluster: props.cluster, tasks: taskArns.slice(0, 100) }), {
        abortSignal: signal,
      }),
    props,
  );
  const eniByTask = new Map<string, string>();
  for (const task of described.tasks ?? []) {
    if (task.lastStatus !== 'RUNNING' || !task.taskArn) continue;
    const eni = (task.attachments ?? [])
      .filter((attachment) => attachment.type === 'ElasticNetworkInterface')
      .flatMap((attachment) => attachment.details ?? [])
      .find((detail) => detail.name === 'networkInterfaceId')?.value;
    if (eni) eniByTask.set(task.taskArn, eni);
  }
  if (eniByTask.size > 0) {
    const interfaces = await call(
      'EC2 DescribeNetworkInterfaces',
      () =>
        props.ec2.send(
          new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [...eniByTask.values()] }),
          {
            abortSignal: signal,
          },
        ),
      props,
    );
    const publicIpByEni = new Map(
      (interfaces.NetworkInterfaces ?? []).map((eni) => [eni.NetworkInterfaceId, eni.Association?.PublicIp]),
    );
    for (const taskArn of taskArns) {
      const eni = eniByTask.get(taskArn);
      const ip = eni ? publicIpByEni.get(eni) : undefined;
      if (ip) {
        const host = ip.includes(':') ? `[${ip}]` : ip;
        const port = props.port === 80 ? '' : `:${props.port}`;
        return { url: `http://${host}${port}`, source: `public IP of ECS task ${taskArn}` };
      }
    }
  }
  throw new UsageError(
    `No running task of service ${props.service} in ECS cluster ${props.cluster} has a public IP`,
    'Pass --endpoint <url> (for example the load balancer URL, or a tunnel to the task).',
  );
}
