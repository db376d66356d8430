import { type FakeResponse, type FakeService, jsonError, jsonOk } from './aws-server';

/** A task of the fake ECS service. */
export interface FakeTask {
  readonly taskArn: string;
  readonly lastStatus: 'RUNNING' | 'PENDING' | 'STOPPED';
  readonly eni?: string;
}

/** ECS ListTasks/DescribeTasks (JSON 1.1, `AmazonEC2ContainerServiceV20141113.*`) for one service. */
export class FakeEcs implements FakeService {
  readonly targetPrefix = 'AmazonEC2ContainerServiceV20141113';

  constructor(
    private readonly cluster: string,
    private readonly service: string,
    public tasks: FakeTask[],
  ) {}

  handle(operation: string, input: Record<string, unknown>): FakeResponse {
    if (input.cluster !== this.cluster) {
      return jsonError({ type: 'ClusterNotFoundException', message: 'Cluster not found.' });
    }
    if (operation === 'ListTasks') {
      if (input.serviceName !== this.service) {
        return jsonError({ type: 'ServiceNotFoundException', message: 'Service not found.' });
      }
      const running = this.tasks.filter(
        (task) => task.lastStatus === 'RUNNING' || input.desiredStatus !== 'RUNNING',
      );
      return jsonOk({ taskArns: running.map((task) => task.taskArn) });
    }
    if (operation === 'DescribeTasks') {
      const wanted = new Set(input.tasks as string[]);
      return jsonOk({
        failures: [],
        tasks: this.tasks
          .filter((task) => wanted.has(task.taskArn))
          .map((task) => ({
            taskArn: task.taskArn,
            lastStatus: task.lastStatus,
            launchType: 'FARGATE',
            attachments: task.eni
              ? [
                  {
                    id: 'attachment-1',
                    type: 'ElasticNetworkInterface',
                    status: 'ATTACHED',
                    details: [
                      { name: 'subnetId', value: 'subnet-0123' },
                      { name: 'networkInterfaceId', value: task.eni },
                      { name: 'privateIPv4Address', value: '10.0.1.23' },
                    ],
                  },
                ]
              : [],
          })),
      });
    }
    return jsonError({ type: 'UnknownOperationException', message: `fake ECS has no ${operation}` });
  }
}

/** EC2 DescribeNetworkInterfaces over the EC2 query protocol (form in, XML out). */
export class FakeEc2 implements FakeService {
  readonly queryProtocol = true;

  constructor(public publicIps: Record<string, string | undefined>) {}

  handle(operation: string, input: Record<string, unknown>): FakeResponse {
    if (operation !== 'DescribeNetworkInterfaces') {
      return {
        status: 400,
        contentType: 'text/xml',
        body: ec2Error('InvalidAction', `fake EC2 has no ${operation}`),
      };
    }
    const ids = Object.entries(input)
      .filter(([key]) => key.startsWith('NetworkInterfaceId.'))
      .map(([, value]) => String(value));
    const items = ids
      .map((id) => {
        const ip = this.publicIps[id];
        const association = ip
          ? `<association><publicIp>${ip}</publicIp><ipOwnerId>amazon</ipOwnerId></association>`
          : '';
        return `<item><networkInterfaceId>${id}</networkInterfaceId>${association}<privateIpAddress>10.0.1.23</privateIpAddress></item>`;
      })
      .join('');
    return {
      status: 200,
      contentType: 'text/xml;charset=UTF-8',
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeNetworkInterfacesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-ec2</requestId><networkInterfaceSet>${items}</networkInterfaceSet></DescribeNetworkInterfacesResponse>`,
    };
  }
}

function ec2Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>req-ec2</RequestID></Response>`;
}
