import { Testing } from 'cdktf';
import type { ProducerTarget } from '@icelog/delivery';
import { newTestStack } from '@icelog/core/testing';
import {
  FARGATE_CPU_MEMORY,
  FireLensService,
  FireLensServiceProps,
  NGINX_ACCESS_LOG_PARSER,
  parsePrivateEcrImage,
  validateCidr,
  validateFargateTaskSize,
  validatePinnedImage,
} from '../src';
import { DeliveryStreamDouble } from './support/delivery-double';
import { build } from './support/service';

const network = { vpc: { defaultVpc: true as const } };

const LB_SUBNETS = ['subnet-0000000000000000a', 'subnet-0000000000000000b'];
describe('FireLensService validation', () => {
  test.each<[string, Partial<FireLensServiceProps>, string]>([
    [
      'service name',
      { serviceName: 'icelog dev' },
      'Invalid serviceName: must be 1–255 characters of [A-Za-z0-9_-]. Received: "icelog dev"',
    ],
    [
      'sg- service name',
      { serviceName: 'sg-web' },
      'Invalid serviceName: must not start with "sg-" (the security group names derived from it cannot). Received: "sg-web"',
    ],
    [
      'clusterName with cluster',
      {
        cluster: { clusterName: 'c', clusterArn: 'arn:aws:ecs:eu-west-1:111122223333:cluster/c' },
        clusterName: 'other',
      },
      'Invalid clusterName: must not be set together with cluster. Received: "other"',
    ],
    [
      'containerInsights with cluster',
      {
        cluster: { clusterName: 'c', clusterArn: 'arn:aws:ecs:eu-west-1:111122223333:cluster/c' },
        containerInsights: 'enabled',
      },
      'Invalid containerInsights: must not be set together with cluster (configure Container Insights on that cluster). Received: "enabled"',
    ],
    [
      'cluster name',
      { clusterName: 'my cluster' },
      'Invalid clusterName: must be 1–255 characters of [A-Za-z0-9_-]. Received: "my cluster"',
    ],
    [
      'Container Insights level',
      { containerInsights: 'on' as never },
      'Invalid containerInsights: must be one of "enabled", "enhanced". Received: "on"',
    ],
    [
      'app container name',
      { appContainerName: 'web app' },
      'Invalid appContainerName: must be 1–255 characters of [A-Za-z0-9_-]. Received: "web app"',
    ],
    [
      'app container named like the router',
      { appContainerName: 'log_router' },
      'Invalid appContainerName: must differ from the log router\'s name "log_router". Received: "log_router"',
    ],
    [
      'app image reference',
      { appImage: 'nginx latest' },
      'Invalid appImage: must be a container image reference such as "registry/repository:tag". Received: "nginx latest"',
    ],
    [
      'moving app image tag',
      { appImage: 'nginx:latest' },
      'Invalid appImage: must be pinned: a tag with a version number (e.g. ":1.28.0") or a digest ("@sha256:…"), not a moving tag. Received: "nginx:latest"',
    ],
    [
      'untagged app image',
      { appImage: 'public.ecr.aws/docker/library/nginx' },
      'Invalid appImage: must be pinned: a tag with a version number (e.g. ":1.28.0") or a digest ("@sha256:…"), not a moving tag. Received: "public.ecr.aws/docker/library/nginx"',
    ],
    [
      'router image without init',
      { logRouterImage: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.34.1' },
      'Invalid logRouterImage: must be an aws-for-fluent-bit image with the init process (tag "init-<version>") or pinned by digest. Received: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.34.1"',
    ],
    [
      'moving router tag',
      { logRouterImage: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-latest' },
      'Invalid logRouterImage: must be pinned: a tag with a version number (e.g. ":1.28.0") or a digest ("@sha256:…"), not a moving tag. Received: "public.ecr.aws/aws-observability/aws-for-fluent-bit:init-latest"',
    ],
    [
      'Fargate CPU',
      { cpu: 300 },
      'Invalid task.cpu: must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 (Fargate CPU units). Received: 300',
    ],
    [
      'Fargate memory for 256 CPU units',
      { cpu: 256, memory: 1536 },
      'Invalid task.memory: must be a memory size Fargate accepts with cpu 256: 512, 1024 or 2048 MiB. Received: 1536',
    ],
    [
      'Fargate memory for 4096 CPU units',
      { cpu: 4096, memory: 4096 },
      'Invalid task.memory: must be a memory size Fargate accepts with cpu 4096: 8192–30720 MiB in steps of 1024. Received: 4096',
    ],
    [
      'CPU architecture',
      { cpuArchitecture: 'arm64' as never },
      'Invalid cpuArchitecture: must be one of "X86_64", "ARM64". Received: "arm64"',
    ],
    [
      'desired count',
      { desiredCount: -1 },
      'Invalid desiredCount: must be an integer from 0 to 5000 (tasks). Received: -1',
    ],
    [
      'fractional desired count',
      { desiredCount: 1.5 },
      'Invalid desiredCount: must be an integer from 0 to 5000 (tasks). Received: 1.5',
    ],
    [
      'container port',
      { containerPort: 70000 },
      'Invalid containerPort: must be an integer from 1 to 65535. Received: 70000',
    ],
    [
      'router memory',
      { logRouterMemoryReservationMiB: 512 },
      'Invalid logRouterMemoryReservationMiB: must be an integer from 6 to 511 (MiB, below the task memory). Received: 512',
    ],
    [
      'log retention',
      { logRetentionDays: 10 },
      'Invalid logRetentionDays: must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653. Received: 10',
    ],
    [
      'log router buffer',
      { logRouterBuffer: { diskLimitMiB: 10 } },
      'Invalid buffer.diskLimitMiB: must be an integer from 64 to 102400 (MiB). Received: 10',
    ],
    [
      'health checks',
      { healthChecks: 'route' as 'drop' },
      'Invalid healthChecks: must be "drop" or "keep". Received: "route"',
    ],
    [
      'writable path',
      { appWritablePaths: ['var/cache'] },
      'Invalid appWritablePaths[0]: must be an absolute path below "/" such as "/var/cache/nginx". Received: "var/cache"',
    ],
    [
      'writable root',
      { appWritablePaths: ['/'] },
      'Invalid appWritablePaths[0]: must be an absolute path below "/" such as "/var/cache/nginx". Received: "/"',
    ],
    [
      'writable paths sharing a volume name',
      { appWritablePaths: ['/a-b', '/a/b'] },
      'Invalid appWritablePaths: must not contain duplicates ("app-a-b" appears twice). Received: ["/a-b","/a/b"]',
    ],
    [
      'config key prefix',
      { configKeyPrefix: '/fluent-bit' },
      'Invalid configKeyPrefix: must be a relative S3 key prefix ending in "/" (no leading "/"; letters, digits, Firehose !{…} expressions and !_.*\'()-/=:). Received: "/fluent-bit"',
    ],
    [
      'KMS key without a bucket',
      { configBucketKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k' },
      'Invalid configBucketKmsKeyArn: must only be set together with configBucket (the bucket this construct creates uses SSE-S3). Received: "arn:aws:kms:eu-west-1:111122223333:key/k"',
    ],
    [
      'config bucket KMS key',
      {
        configBucket: { bucketName: 'b', bucketArn: 'arn:aws:s3:::b' },
        configBucketKmsKeyArn: 'alias/config',
      },
      'Invalid configBucketKmsKeyArn: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN. Received: "alias/config"',
    ],
    [
      'log KMS key',
      { logKmsKeyArn: 'key-1' },
      'Invalid logKmsKeyArn: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN. Received: "key-1"',
    ],
    [
      'ECR repository ARN',
      { ecrRepositoryArns: ['arn:aws:ecr:eu-west-1:111122223333:repo/x'] },
      'Invalid ecrRepositoryArns[0]: must be an ECR repository ARN (arn:<partition>:ecr:<region>:<account>:repository/<name>). Received: "arn:aws:ecr:eu-west-1:111122223333:repo/x"',
    ],
    [
      'parser that misses columns',
      {
        parser: {
          ...NGINX_ACCESS_LOG_PARSER,
          regex: '^(?<remote_addr>[^ ]+) (?<time_local>.+) (?<status>[0-9]+) (?<body_bytes_sent>[0-9]+)$',
        },
      },
      'Invalid parser.regex: must capture every table column with a named group; missing: remote_user, request, http_referer, http_user_agent, http_x_forwarded_for. Received: "^(?<remote_addr>[^ ]+) (?<time_local>.+) (?<status>[0-9]+) (?<body_bytes_sent>[0-9]+)$"',
    ],
    [
      'parser outside the portable subset',
      { parser: { ...NGINX_ACCESS_LOG_PARSER, regex: '^(?<remote_addr>\\S+)$' } },
      'Invalid parser.regex: must use the regex subset Onigmo and JavaScript read the same way: "\\S" is not allowed: write an explicit class such as [0-9], [A-Za-z0-9_] or [ \\t]. Received: "^(?<remote_addr>\\\\S+)$"',
    ],
  ])('rejects a bad %s', (_what, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  test.each<[string, FireLensServiceProps['network'], string]>([
    [
      'VPC selection',
      { vpc: {} as never },
      'Invalid network.vpc: must be { vpcId, subnetIds } or { defaultVpc: true }. Received: {}',
    ],
    [
      'default VPC with ids',
      { vpc: { defaultVpc: true, vpcId: 'vpc-0123456789abcdef0' } as never },
      'Invalid network.vpc: must not set vpcId or subnetIds together with defaultVpc. Received: {"defaultVpc":true,"vpcId":"vpc-0123456789abcdef0"}',
    ],
    [
      'VPC id',
      { vpc: { vpcId: 'vpc-1', subnetIds: ['subnet-0123456789abcdef0'] } },
      'Invalid network.vpc.vpcId: must be a VPC id such as "vpc-0123456789abcdef0". Received: "vpc-1"',
    ],
    [
      'empty subnets',
      { vpc: { vpcId: 'vpc-0123456789abcdef0', subnetIds: [] } },
      'Invalid network.vpc.subnetIds: must contain at least one entry. Received: []',
    ],
    [
      'subnet id',
      { vpc: { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['sn-1'] } },
      'Invalid network.vpc.subnetIds[0]: must be a subnet id such as "subnet-0123456789abcdef0". Received: "sn-1"',
    ],
    [
      'duplicate subnets',
      {
        vpc: {
          vpcId: 'vpc-0123456789abcdef0',
          subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef0'],
        },
      },
      'Invalid network.vpc.subnetIds: must not contain duplicates ("subnet-0123456789abcdef0" appears twice). Received: ["subnet-0123456789abcdef0","subnet-0123456789abcdef0"]',
    ],
    [
      'ingress CIDR',
      { ...network, ingressCidrs: ['10.0.0.0'] },
      'Invalid network.ingressCidrs[0]: must be a CIDR block such as "10.0.0.0/16" or "2001:db8::/32". Received: "10.0.0.0"',
    ],
    [
      'ingress CIDR with host bits',
      { ...network, ingressCidrs: ['10.0.0.1/16'] },
      'Invalid network.ingressCidrs[0]: must be a network address: the bits after the prefix length must be zero. Received: "10.0.0.1/16"',
    ],
    [
      'IPv4 prefix length',
      { ...network, ingressCidrs: ['10.0.0.0/33'] },
      'Invalid network.ingressCidrs[0]: must have a prefix length from 0 to 32. Received: "10.0.0.0/33"',
    ],
    [
      'octet',
      { ...network, ingressCidrs: ['10.0.0.256/32'] },
      'Invalid network.ingressCidrs[0]: must be a CIDR block such as "10.0.0.0/16" or "2001:db8::/32". Received: "10.0.0.256/32"',
    ],
    [
      'IPv6 CIDR with host bits',
      { ...network, ingressCidrs: ['2001:db8::1/64'] },
      'Invalid network.ingressCidrs[0]: must be a network address: the bits after the prefix length must be zero. Received: "2001:db8::1/64"',
    ],
    [
      'IPv6 address',
      { ...network, ingressCidrs: ['2001:db8:::/48'] },
      'Invalid network.ingressCidrs[0]: must be a CIDR block such as "10.0.0.0/16" or "2001:db8::/32". Received: "2001:db8:::/48"',
    ],
    [
      'open IPv4 ingress without the flag',
      { ...network, ingressCidrs: ['0.0.0.0/0'] },
      'Invalid network.ingressCidrs[0]: opens the service to the whole internet; set network.allowPublicIngress to true if that is intended. Received: "0.0.0.0/0"',
    ],
    [
      'open IPv6 ingress without the flag',
      { ...network, ingressCidrs: ['10.0.0.0/8', '::/0'] },
      'Invalid network.ingressCidrs[1]: opens the service to the whole internet; set network.allowPublicIngress to true if that is intended. Received: "::/0"',
    ],
    [
      'duplicate ingress CIDRs',
      { ...network, ingressCidrs: ['10.0.0.0/8', '10.0.0.0/8'] },
      'Invalid network.ingressCidrs: must not contain duplicates ("10.0.0.0/8" appears twice). Received: ["10.0.0.0/8","10.0.0.0/8"]',
    ],
    [
      'empty egress',
      { ...network, egressCidrs: [] },
      'Invalid network.egressCidrs: must contain at least one entry. Received: []',
    ],
    [
      'egress CIDR',
      { ...network, egressCidrs: ['any'] },
      'Invalid network.egressCidrs[0]: must be a CIDR block such as "10.0.0.0/16" or "2001:db8::/32". Received: "any"',
    ],
  ])('rejects a bad network: %s', (_what, net, message) => {
    expect(() => build({ network: net })).toThrow(message);
  });

  test.each<[string, Partial<FireLensServiceProps>, string]>([
    [
      'name',
      { loadBalancer: { name: '-web' } },
      'Invalid loadBalancer.name: must be 1–32 characters of [A-Za-z0-9-], not start or end with "-" and not start with "internal-". Received: "-web"',
    ],
    [
      'internal- name',
      { loadBalancer: { name: 'internal-web' } },
      'Invalid loadBalancer.name: must be 1–32 characters of [A-Za-z0-9-], not start or end with "-" and not start with "internal-". Received: "internal-web"',
    ],
    [
      'name defaulted from a long service name',
      { serviceName: 'icelog-development-web-frontend-service', loadBalancer: {} },
      'Invalid serviceName: must be 1–32 characters of [A-Za-z0-9-], not start or end with "-" and not start with "internal-" to name the load balancer (or set loadBalancer.name). Received: "icelog-development-web-frontend-service"',
    ],
    [
      'certificate ARN',
      { loadBalancer: { certificateArn: 'arn:aws:acm:eu-west-1:111122223333:cert/x' } },
      'Invalid loadBalancer.certificateArn: must be an ACM certificate ARN (arn:<partition>:acm:<region>:<account>:certificate/<id>) or an IAM server certificate ARN. Received: "arn:aws:acm:eu-west-1:111122223333:cert/x"',
    ],
    [
      'TLS policy without certificate',
      { loadBalancer: { sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' } },
      'Invalid loadBalancer.sslPolicy: must only be set together with certificateArn. Received: "ELBSecurityPolicy-TLS13-1-2-2021-06"',
    ],
    [
      'TLS policy name',
      {
        loadBalancer: {
          certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/abc',
          sslPolicy: 'TLS13',
        },
      },
      'Invalid loadBalancer.sslPolicy: must be an ELB security policy name such as "ELBSecurityPolicy-TLS13-1-2-2021-06". Received: "TLS13"',
    ],
    [
      'single subnet',
      { loadBalancer: { subnetIds: ['subnet-0123456789abcdef0'] } },
      'Invalid loadBalancer.subnetIds: must list at least two subnets in different Availability Zones (an Application Load Balancer needs two). Received: ["subnet-0123456789abcdef0"]',
    ],
    [
      'internet-facing without subnets of its own',
      { loadBalancer: { internetFacing: true, allowPlainHttp: true } },
      "Invalid loadBalancer.subnetIds: is required for an internet-facing load balancer: list two or more public subnets in different Availability Zones (the tasks' subnets are not used for it). Received: undefined",
    ],
    [
      'internet-facing without a certificate',
      { loadBalancer: { internetFacing: true, subnetIds: LB_SUBNETS } },
      'Invalid loadBalancer.certificateArn: is required for an internet-facing load balancer, or it serves plain HTTP to the internet; set loadBalancer.allowPlainHttp to true if that is intended. Received: undefined',
    ],
    [
      'plain HTTP opt-in on an internal load balancer',
      { loadBalancer: { allowPlainHttp: true } },
      'Invalid loadBalancer.allowPlainHttp: must only be set for an internet-facing load balancer without certificateArn. Received: true',
    ],
    [
      'duplicate subnets',
      { loadBalancer: { subnetIds: [LB_SUBNETS[0], LB_SUBNETS[0]] } },
      'Invalid loadBalancer.subnetIds: must not contain duplicates ("subnet-0000000000000000a" appears twice). Received: ["subnet-0000000000000000a","subnet-0000000000000000a"]',
    ],
    [
      'subnet id',
      { loadBalancer: { subnetIds: [LB_SUBNETS[0], 'public-b'] } },
      'Invalid loadBalancer.subnetIds[1]: must be a subnet id such as "subnet-0123456789abcdef0". Received: "public-b"',
    ],
    [
      'certificate of another region',
      {
        region: 'eu-west-1',
        loadBalancer: { certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc' },
      },
      'Invalid loadBalancer.certificateArn: must be in the stack\'s region "eu-west-1", not "us-east-1": ACM certificates are regional and a load balancer can only use a certificate of its own region (request or import it there). Received: "arn:aws:acm:us-east-1:111122223333:certificate/abc"',
    ],
    [
      "internal load balancer on the tasks' single subnet",
      {
        network: { vpc: { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0'] } },
        loadBalancer: {},
      },
      'Invalid network.vpc.subnetIds: must list at least two subnets in different Availability Zones when the load balancer uses them (an Application Load Balancer needs two), or set loadBalancer.subnetIds. Received: ["subnet-0123456789abcdef0"]',
    ],
    [
      'certificate of another service',
      { loadBalancer: { certificateArn: 'arn:aws:iam::111122223333:certificate/x' } },
      'Invalid loadBalancer.certificateArn: must be an ACM certificate ARN (arn:<partition>:acm:<region>:<account>:certificate/<id>) or an IAM server certificate ARN. Received: "arn:aws:iam::111122223333:certificate/x"',
    ],
    [
      'health check path',
      { loadBalancer: { healthCheckPath: 'health' } },
      'Invalid loadBalancer.healthCheckPath: must be an absolute URL path starting with "/". Received: "health"',
    ],
  ])('rejects a bad load balancer %s', (_what, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  test.each<[string, ProducerTarget, string]>([
    [
      'delivery stream',
      { kind: 'firehose', deliveryStreamName: 'bad name' },
      'Invalid deliveryStream.producerTarget.deliveryStreamName: must be 1–64 characters of [a-zA-Z0-9_.-]. Received: "bad name"',
    ],
    [
      'Kinesis stream',
      {
        kind: 'kinesis',
        streamName: 'bad/name',
        streamArn: 'arn:aws:kinesis:eu-west-1:111122223333:stream/x',
      },
      'Invalid deliveryStream.producerTarget.streamName: must be 1–128 characters of [a-zA-Z0-9_.-]. Received: "bad/name"',
    ],
  ])(
    'rejects a producer target whose %s name is invalid, before anything is created',
    (_what, target, message) => {
      const stack = newTestStack();
      const deliveryStream = new DeliveryStreamDouble(stack, 'Delivery', target);
      expect(
        () => new FireLensService(stack, 'Web', { deliveryStream, serviceName: 'web', network }),
      ).toThrow(message);
      const json = JSON.parse(Testing.synth(stack));
      expect(json.resource).toBeUndefined();
      expect(json.data).toBeUndefined();
    },
  );

  test('rejects a region that is not an AWS region name', () => {
    expect(() => build({ region: 'Ireland' })).toThrow(
      'Invalid region: must be a known AWS region such as "eu-west-1" (the list is AWS_REGIONS in @icelog/core). Received: "Ireland"',
    );
  });

  test('nothing is created when validation fails', () => {
    const stack = newTestStack();
    const deliveryStream = new DeliveryStreamDouble(stack, 'Delivery');
    expect(
      () => new FireLensService(stack, 'Web', { deliveryStream, serviceName: 'web', network, cpu: 3 }),
    ).toThrow('Invalid task.cpu');
    const json = JSON.parse(Testing.synth(stack));
    expect(json.resource).toBeUndefined();
    expect(json.data).toBeUndefined();
  });
});

describe('Fargate task sizes', () => {
  test('every listed pair is accepted and the table matches the Fargate documentation', () => {
    for (const [cpu, memories] of Object.entries(FARGATE_CPU_MEMORY)) {
      for (const memory of memories)
        expect(() => validateFargateTaskSize('task', Number(cpu), memory)).not.toThrow();
    }
    expect(FARGATE_CPU_MEMORY[256]).toEqual([512, 1024, 2048]);
    expect(FARGATE_CPU_MEMORY[512]).toEqual([1024, 2048, 3072, 4096]);
    expect(FARGATE_CPU_MEMORY[8192]).toEqual([
      16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440,
    ]);
    expect(FARGATE_CPU_MEMORY[16384][0]).toBe(32768);
    expect(FARGATE_CPU_MEMORY[16384].at(-1)).toBe(122880);
  });

  test.each([
    [
      512,
      512,
      'Invalid task.memory: must be a memory size Fargate accepts with cpu 512: 1024–4096 MiB in steps of 1024. Received: 512',
    ],
    [
      1024,
      9216,
      'Invalid task.memory: must be a memory size Fargate accepts with cpu 1024: 2048–8192 MiB in steps of 1024. Received: 9216',
    ],
    [
      2048,
      4000,
      'Invalid task.memory: must be a memory size Fargate accepts with cpu 2048: 4096–16384 MiB in steps of 1024. Received: 4000',
    ],
    [
      8192,
      17408,
      'Invalid task.memory: must be a memory size Fargate accepts with cpu 8192: 16384–61440 MiB in steps of 4096. Received: 17408',
    ],
    [
      16384,
      36864,
      'Invalid task.memory: must be a memory size Fargate accepts with cpu 16384: 32768–122880 MiB in steps of 8192. Received: 36864',
    ],
  ])('rejects cpu %i with memory %i', (cpu, memory, message) => {
    expect(() => validateFargateTaskSize('task', cpu, memory)).toThrow(message);
  });
});

describe('images', () => {
  test('accepts pinned tags and digests; detects private ECR repositories only', () => {
    const digest = `@sha256:${'a'.repeat(64)}`;
    for (const image of [
      'nginx:1.28.0',
      'localhost:5000/web/nginx:1.28',
      `nginx${digest}`,
      `nginx:stable${digest}`,
    ]) {
      expect(() => validatePinnedImage('image', image)).not.toThrow();
    }
    expect(() => validatePinnedImage('image', `aws-for-fluent-bit${digest}`, true)).not.toThrow();
    expect(parsePrivateEcrImage('111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/nginx:1.0')).toEqual({
      account: '111122223333',
      region: 'eu-west-1',
      repositoryName: 'team/nginx',
    });
    expect(parsePrivateEcrImage('111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/nginx:1.0')).toEqual({
      account: '111122223333',
      region: 'cn-north-1',
      repositoryName: 'nginx',
    });
    expect(parsePrivateEcrImage('public.ecr.aws/docker/library/nginx:1.28.0')).toBeUndefined();
    expect(parsePrivateEcrImage('nginx:1.28.0')).toBeUndefined();
  });

  test('rejects moving tags such as alpine and stable', () => {
    expect(() => validatePinnedImage('image', 'nginx:stable-alpine')).toThrow(
      'Invalid image: must be pinned: a tag with a version number (e.g. ":1.28.0") or a digest ("@sha256:…"), not a moving tag. Received: "nginx:stable-alpine"',
    );
  });
});

describe('CIDRs', () => {
  test('accepts IPv4 and IPv6 networks and reports their family and prefix', () => {
    expect(validateCidr('c', '10.0.0.0/8')).toEqual({ family: 'ipv4', prefixLength: 8 });
    expect(validateCidr('c', '203.0.113.7/32')).toEqual({ family: 'ipv4', prefixLength: 32 });
    expect(validateCidr('c', '2001:db8::/32')).toEqual({ family: 'ipv6', prefixLength: 32 });
    expect(validateCidr('c', '2001:db8:0:0:0:0:0:1/128')).toEqual({ family: 'ipv6', prefixLength: 128 });
    expect(validateCidr('c', '::/0')).toEqual({ family: 'ipv6', prefixLength: 0 });
  });

  test.each([
    ['010.0.0.0/8', 'must be a CIDR block such as "10.0.0.0/16" or "2001:db8::/32"'],
    ['10.0.0.0/8/1', 'must be a CIDR block such as "10.0.0.0/16" or "2001:db8::/32"'],
    ['2001:db8::/129', 'must have a prefix length from 0 to 128'],
    ['1:2:3:4:5:6:7:8:9/128', 'must be a CIDR block such as "10.0.0.0/16" or "2001:db8::/32"'],
    ['1::2::3/64', 'must be a CIDR block such as "10.0.0.0/16" or "2001:db8::/32"'],
    ['12345::/16', 'must be a CIDR block such as "10.0.0.0/16" or "2001:db8::/32"'],
  ])('rejects %s', (cidr, rule) => {
    expect(() => validateCidr('c', cidr)).toThrow(`Invalid c: ${rule}. Received: ${JSON.stringify(cidr)}`);
  });
});
