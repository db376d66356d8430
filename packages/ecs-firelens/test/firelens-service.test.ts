import { createHash } from 'node:crypto';
import { TerraformOutput, Testing } from 'cdktf';
import { blocksOf, newTestStack, onlyBlock, synthesize, synthesizeWithMetadata } from '@icelog/core/testing';
import { IcebergDeliveryStream } from '@icelog/delivery';
import {
  CONFIG_HASH_ENV,
  DEFAULT_LOG_ROUTER_IMAGE,
  DEFAULT_NGINX_IMAGE,
  FireLensService,
  NGINX_ACCESS_LOG_PARSER,
  buildFireLensConfig,
} from '../src';
import { blockOf, build, containersOf, idOf, policyNamesOf, statementsOf } from './support/service';

const ACCOUNT = '${data.aws_caller_identity.IcelogAwsContext_CallerIdentity_838905BC.account_id}';
const REGION = '${data.aws_region.IcelogAwsContext_Region_2DD2EAB6.name}';
const PARTITION = '${data.aws_partition.IcelogAwsContext_Partition_FD27A81D.partition}';

/** Security group rules in a stable order (the synthesized JSON orders them by logical id). */
const byDescription = (rules: Record<string, any> | undefined): any[] =>
  Object.values(rules ?? {}).sort((a, b) => (String(a.description) < String(b.description) ? -1 : 1));

describe('FireLensService with defaults (Direct PUT, default VPC, no load balancer)', () => {
  const { json, service } = build();
  const [app, router] = containersOf(json);
  const objectArn = (prefix: string) =>
    `\${aws_s3_object.${idOf(json.resource, 'aws_s3_object', prefix)}.arn}`;

  test('creates a cluster with Container Insights, named after the service', () => {
    expect(onlyBlock(json.resource, 'aws_ecs_cluster')).toEqual({
      name: 'icelog-dev-web',
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });
  });

  test('task definition: Fargate, awsvpc, the smallest size, separate task and execution roles, app volumes', () => {
    const taskDefinition = onlyBlock(json.resource, 'aws_ecs_task_definition');
    expect(taskDefinition).toMatchObject({
      family: 'icelog-dev-web',
      requires_compatibilities: ['FARGATE'],
      network_mode: 'awsvpc',
      cpu: '256',
      memory: '512',
      runtime_platform: { operating_system_family: 'LINUX', cpu_architecture: 'X86_64' },
      task_role_arn: `\${aws_iam_role.${idOf(json.resource, 'aws_iam_role', 'Web_TaskRole_')}.arn}`,
      execution_role_arn: `\${aws_iam_role.${idOf(json.resource, 'aws_iam_role', 'Web_ExecutionRole_')}.arn}`,
      volume: [{ name: 'app-var-cache-nginx' }, { name: 'app-var-run' }, { name: 'app-tmp' }],
    });
    expect(taskDefinition.task_role_arn).not.toBe(taskDefinition.execution_role_arn);
    expect(taskDefinition.pid_mode).toBeUndefined();
  });

  test('app container: pinned nginx, read-only root with writable volumes, awsfirelens without options', () => {
    expect(app).toEqual({
      name: 'nginx',
      image: DEFAULT_NGINX_IMAGE,
      essential: true,
      portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
      readonlyRootFilesystem: true,
      mountPoints: [
        { sourceVolume: 'app-var-cache-nginx', containerPath: '/var/cache/nginx', readOnly: false },
        { sourceVolume: 'app-var-run', containerPath: '/var/run', readOnly: false },
        { sourceVolume: 'app-tmp', containerPath: '/tmp', readOnly: false },
      ],
      // FireLens generates no output of its own: the generated config file sends the buffered tag.
      logConfiguration: { logDriver: 'awsfirelens' },
      dependsOn: [{ containerName: 'log_router', condition: 'START' }],
    });
    expect(app.privileged).toBeUndefined();
  });

  test('log router: the pinned init image, FireLens fluentbit without config-file-type, files from S3, output target in env', () => {
    expect(router).toEqual({
      name: 'log_router',
      image: DEFAULT_LOG_ROUTER_IMAGE,
      essential: true,
      memoryReservation: 50,
      firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
      environment: [
        { name: CONFIG_HASH_ENV, value: buildFireLensConfig({ appContainerName: 'nginx' }).sha256 },
        { name: 'ICELOG_OUTPUT_REGION', value: REGION },
        { name: 'ICELOG_OUTPUT_TARGET', value: 'icelog-dev-access' },
        { name: 'aws_fluent_bit_init_s3_1', value: objectArn('Web_ParsersFile_') },
        { name: 'aws_fluent_bit_init_s3_2', value: objectArn('Web_ConfigFile_') },
      ],
      readonlyRootFilesystem: false,
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': `\${aws_cloudwatch_log_group.${idOf(json.resource, 'aws_cloudwatch_log_group', 'Web_LogRouterLogGroup_')}.name}`,
          'awslogs-region': REGION,
          'awslogs-stream-prefix': 'log-router',
        },
      },
    });
    expect(DEFAULT_LOG_ROUTER_IMAGE).toMatch(
      /^public\.ecr\.aws\/aws-observability\/aws-for-fluent-bit:init-[0-9.]+$/,
    );
  });

  test('the Fluent Bit files are S3 objects in a new secure bucket, under content-addressed keys', () => {
    const bucketId = idOf(json.resource, 'aws_s3_bucket', 'Web_ConfigBucket_');
    const parsers = blockOf(json.resource, 'aws_s3_object', 'Web_ParsersFile_');
    const config = blockOf(json.resource, 'aws_s3_object', 'Web_ConfigFile_');
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(parsers).toEqual({
      bucket: `\${aws_s3_bucket.${bucketId}.bucket}`,
      key: `fluent-bit/icelog-dev-web/${sha(service.config.parsersFile).slice(0, 16)}/icelog-parsers.conf`,
      content: service.config.parsersFile,
      content_type: 'text/plain; charset=utf-8',
      source_hash: sha(service.config.parsersFile),
      lifecycle: { create_before_destroy: true },
    });
    expect(config).toMatchObject({
      key: `fluent-bit/icelog-dev-web/${sha(service.config.configFile).slice(0, 16)}/icelog-filters.conf`,
      // Terraform template escapes: the object holds Fluent Bit's `${ICELOG_OUTPUT_…}` references as written.
      content: service.config.configFile.replace(/\$\{/g, () => '$${'),
      source_hash: createHash('sha256').update(service.config.configFile).digest('hex'),
    });
    expect(config.content).toContain('    region                   $${ICELOG_OUTPUT_REGION}\n');
    expect(config.content).not.toMatch(/(^|[^$])\$\{/);
    expect(json.resource.aws_s3_bucket[bucketId]).toEqual({
      bucket_prefix: 'icelog-fluent-bit-',
      force_destroy: false,
    });
    expect(onlyBlock(json.resource, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
    });
    expect(onlyBlock(json.resource, 'aws_s3_bucket_server_side_encryption_configuration')).toBeDefined();
  });

  test('the log router logs to its own log group with retention', () => {
    expect(onlyBlock(json.resource, 'aws_cloudwatch_log_group')).toEqual({
      name: '/ecs/icelog-dev-web/log-router',
      retention_in_days: 30,
    });
  });

  test('service: Fargate LATEST, one task, no public IP, circuit breaker, started after the permissions exist', () => {
    const ecsService = onlyBlock(json.resource, 'aws_ecs_service');
    expect(ecsService).toMatchObject({
      name: 'icelog-dev-web',
      cluster: `\${aws_ecs_cluster.${idOf(json.resource, 'aws_ecs_cluster', 'Web_Cluster_')}.arn}`,
      task_definition: `\${aws_ecs_task_definition.${idOf(json.resource, 'aws_ecs_task_definition', 'Web_TaskDefinition_')}.arn}`,
      desired_count: 1,
      launch_type: 'FARGATE',
      platform_version: 'LATEST',
      network_configuration: {
        assign_public_ip: false,
        subnets: `\${data.aws_subnets.${idOf(json.data, 'aws_subnets', 'Web_DefaultSubnets_')}.ids}`,
        security_groups: [
          `\${aws_security_group.${idOf(json.resource, 'aws_security_group', 'Web_SecurityGroup_')}.id}`,
        ],
      },
      deployment_circuit_breaker: { enable: true, rollback: true },
    });
    expect(ecsService.load_balancer).toBeUndefined();
    expect([...ecsService.depends_on].sort()).toEqual(
      Object.keys(json.resource.aws_iam_role_policy)
        .map((id) => `aws_iam_role_policy.${id}`)
        .sort(),
    );
    expect(ecsService.depends_on).toHaveLength(3);
  });

  test('records the read-only-root-filesystem exception of the log router next to the task definition', () => {
    const withMetadata = synthesizeWithMetadata(build().stack);
    const taskDefinition = onlyBlock(withMetadata.resource, 'aws_ecs_task_definition');
    expect(taskDefinition['//'].guardrails.suppressions).toEqual([
      {
        id: 'CKV_AWS_336',
        reason: expect.stringContaining('/init/fluent-bit-init.conf'),
      },
    ]);
    expect(taskDefinition['//'].guardrails.suppressions[0].reason).toContain(
      'The nginx container runs with a read-only root filesystem',
    );
  });

  test('exposes cluster and service names for the smoke checker, and no endpoint URL', () => {
    expect(service.endpointUrl).toBeUndefined();
    const stack = build().stack;
    const web = stack.node.findChild('Web') as typeof service;
    new TerraformOutput(stack, 'cluster', { value: web.clusterName });
    new TerraformOutput(stack, 'service', { value: web.serviceName });
    const outputs = JSON.parse(Testing.synth(stack)).output;
    expect(outputs.cluster.value).toMatch(/^\$\{aws_ecs_cluster\.Web_Cluster_[0-9A-F]+\.name\}$/);
    expect(outputs.service.value).toMatch(/^\$\{aws_ecs_service\.Web_Service_[0-9A-F]+\.name\}$/);
  });
});

describe('IAM', () => {
  test('both roles are trusted by ECS tasks of this account only', () => {
    const { json } = build();
    for (const prefix of ['Web_TaskRole_TrustPolicy_', 'Web_ExecutionRole_TrustPolicy_']) {
      expect(blockOf(json.data, 'aws_iam_policy_document', prefix).statement).toEqual([
        {
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [ACCOUNT] }],
        },
      ]);
    }
  });

  test('task role: the delivery grant and read access to exactly the two config objects', () => {
    const { json, service, deliveryStream } = build();
    expect(deliveryStream.grantees).toEqual([service.taskRole]);
    expect(policyNamesOf(json, 'Web_TaskRole')).toEqual(['FluentBitConfigRead', 'PutRecords']);
    const object = (prefix: string) =>
      `\${aws_s3_object.${idOf(json.resource, 'aws_s3_object', prefix)}.arn}`;
    expect(statementsOf(json, 'Web_TaskRole', 'FluentBitConfigRead')).toEqual([
      {
        sid: 'ReadFluentBitFiles',
        effect: 'Allow',
        actions: ['s3:GetObject'],
        resources: [object('Web_ParsersFile_'), object('Web_ConfigFile_')],
      },
      {
        sid: 'LocateConfigBucket',
        effect: 'Allow',
        actions: ['s3:GetBucketLocation'],
        resources: [`\${aws_s3_bucket.${idOf(json.resource, 'aws_s3_bucket', 'Web_ConfigBucket_')}.arn}`],
      },
    ]);
    expect(statementsOf(json, 'Web_TaskRole', 'PutRecords')).toEqual([
      expect.objectContaining({ resources: [deliveryStream.deliveryStreamArn] }),
    ]);
  });

  test('execution role: log streams of its own log group only; no ECR permissions for public images', () => {
    const { json } = build();
    expect(policyNamesOf(json, 'Web_ExecutionRole')).toEqual(['LogRouterLogs']);
    const logGroup = idOf(json.resource, 'aws_cloudwatch_log_group', 'Web_LogRouterLogGroup_');
    expect(statementsOf(json, 'Web_ExecutionRole', 'LogRouterLogs')).toEqual([
      {
        sid: 'WriteLogRouterLogs',
        effect: 'Allow',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`\${aws_cloudwatch_log_group.${logGroup}.arn}:log-stream:*`],
      },
    ]);
  });

  test('no Allow statement names a wildcard resource or action by default', () => {
    const { json } = build();
    const statements = Object.values(json.data.aws_iam_policy_document).flatMap((d: any) => d.statement);
    for (const s of statements.filter((s: any) => s.effect === 'Allow')) {
      expect(s.resources ?? []).not.toContain('*');
      expect(s.actions.some((a: string) => a === '*' || a.endsWith(':*'))).toBe(false);
    }
    expect(json.resource.aws_iam_role_policy_attachment).toBeUndefined();
  });

  test('a private ECR image gets pull permissions on its repository (and the unscopable token call)', () => {
    const { json } = build({
      appImage: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/web/nginx:1.28.0',
      ecrRepositoryArns: ['arn:aws:ecr:eu-west-1:111122223333:repository/extra'],
    });
    expect(policyNamesOf(json, 'Web_ExecutionRole')).toEqual(['EcrPull', 'LogRouterLogs']);
    expect(statementsOf(json, 'Web_ExecutionRole', 'EcrPull')).toEqual([
      {
        sid: 'EcrAuthorizationToken',
        effect: 'Allow',
        actions: ['ecr:GetAuthorizationToken'],
        resources: ['*'],
      },
      {
        sid: 'EcrPullImages',
        effect: 'Allow',
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        resources: [
          `arn:${PARTITION}:ecr:eu-west-1:111122223333:repository/web/nginx`,
          'arn:aws:ecr:eu-west-1:111122223333:repository/extra',
        ],
      },
    ]);
  });

  test('a given config bucket is used as is; its KMS key may decrypt through S3 only', () => {
    const { json } = build({
      configBucket: { bucketName: 'shared-config', bucketArn: 'arn:aws:s3:::shared-config' },
      configBucketKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      configKeyPrefix: 'teams/web/',
    });
    expect(json.resource.aws_s3_bucket).toBeUndefined();
    expect(blockOf(json.resource, 'aws_s3_object', 'Web_ParsersFile_')).toMatchObject({
      bucket: 'shared-config',
      key: expect.stringMatching(/^teams\/web\/[0-9a-f]{16}\/icelog-parsers\.conf$/),
    });
    const statements = statementsOf(json, 'Web_TaskRole', 'FluentBitConfigRead');
    expect(statements[1].resources).toEqual(['arn:aws:s3:::shared-config']);
    expect(statements[2]).toEqual({
      sid: 'DecryptFluentBitFiles',
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: ['arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
      condition: [
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: [`s3.${REGION}.\${data.aws_partition.IcelogAwsContext_Partition_FD27A81D.dns_suffix}`],
        },
      ],
    });
  });
});

describe('producer targets', () => {
  test('a Kinesis source stream gets the kinesis_streams output with the stream name', () => {
    const { json } = build(
      { region: 'eu-central-1' },
      {
        kind: 'kinesis',
        streamName: 'icelog-dev-source',
        streamArn: 'arn:aws:kinesis:eu-central-1:111122223333:stream/icelog-dev-source',
      },
    );
    const [app, router] = containersOf(json);
    expect(app.logConfiguration).toEqual({ logDriver: 'awsfirelens' });
    expect(router.environment.filter((e: any) => e.name.startsWith('ICELOG_OUTPUT_'))).toEqual([
      { name: 'ICELOG_OUTPUT_REGION', value: 'eu-central-1' },
      { name: 'ICELOG_OUTPUT_TARGET', value: 'icelog-dev-source' },
    ]);
    expect(blockOf(json.resource, 'aws_s3_object', 'Web_ConfigFile_').content).toContain(
      '    Name                     kinesis_streams\n',
    );
    expect(statementsOf(json, 'Web_TaskRole', 'PutRecords')[0].resources).toEqual([
      'arn:aws:kinesis:eu-central-1:111122223333:stream/icelog-dev-source',
    ]);
  });

  test('buffer, health checks, container names and ports flow into the task definition', () => {
    const { json } = build({
      logRouterBuffer: { memoryMiB: 64, diskLimitMiB: 2048 },
      healthChecks: 'keep',
      appContainerName: 'web',
      containerPort: 8080,
      appWritablePaths: ['/tmp'],
    });
    const [app] = containersOf(json);
    const filters = blockOf(json.resource, 'aws_s3_object', 'Web_ConfigFile_').content;
    expect(filters).toContain('    storage.total_limit_size 2048M\n');
    expect(filters).toContain('    storage.max_chunks_up     16\n');
    expect(filters).not.toContain('ELB-HealthChecker');
    expect(app.portMappings).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }]);
    expect(app.mountPoints).toEqual([{ sourceVolume: 'app-tmp', containerPath: '/tmp', readOnly: false }]);
    expect(blockOf(json.resource, 'aws_s3_object', 'Web_ConfigFile_').content).toContain(
      'Match        web-firelens-*',
    );
  });
});

describe('a config change rolls the service', () => {
  const routerEnv = (json: any) => containersOf(json)[1].environment;

  test('the same input gives the same task definition', () => {
    expect(containersOf(build().json)).toEqual(containersOf(build().json));
  });

  test('another parser changes the uploaded file, its key and the hash in the task definition', () => {
    const before = build();
    const after = build({ parser: { ...NGINX_ACCESS_LOG_PARSER, name: 'icelog_nginx_access_v2' } });
    expect(routerEnv(after.json)[0].value).not.toBe(routerEnv(before.json)[0].value);
    expect(routerEnv(after.json)[0].value).toBe(after.service.config.sha256);
    const parsers = (j: any) => blockOf(j.resource, 'aws_s3_object', 'Web_ParsersFile_');
    expect(parsers(after.json).content).toContain('icelog_nginx_access_v2');
    expect(parsers(after.json).key).not.toBe(parsers(before.json).key);
  });

  test('superseded revisions stay registered and the apply waits for a steady deployment', () => {
    const { json } = build();
    expect(onlyBlock(json.resource, 'aws_ecs_task_definition').skip_destroy).toBe(true);
    expect(onlyBlock(json.resource, 'aws_ecs_service')).toMatchObject({
      wait_for_steady_state: true,
      deployment_circuit_breaker: { enable: true, rollback: true },
    });
  });
});

describe('network', () => {
  test('an explicit VPC uses the given ids and no data sources', () => {
    const { json } = build({
      network: {
        vpc: {
          vpcId: 'vpc-0123456789abcdef0',
          subnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
        },
      },
    });
    expect(json.data.aws_vpc).toBeUndefined();
    expect(json.data.aws_subnets).toBeUndefined();
    expect(onlyBlock(json.resource, 'aws_ecs_service').network_configuration.subnets).toEqual([
      'subnet-0123456789abcdef0',
      'subnet-0123456789abcdef1',
    ]);
    expect(onlyBlock(json.resource, 'aws_security_group').vpc_id).toBe('vpc-0123456789abcdef0');
  });

  test('the default VPC is looked up with its default subnets', () => {
    const { json } = build();
    const vpcId = idOf(json.data, 'aws_vpc', 'Web_DefaultVpc_');
    expect(json.data.aws_vpc[vpcId]).toEqual({ default: true });
    expect(onlyBlock(json.data, 'aws_subnets').filter).toEqual([
      { name: 'vpc-id', values: [`\${data.aws_vpc.${vpcId}.id}`] },
      { name: 'default-for-az', values: ['true'] },
    ]);
  });

  test('ingress on the app port from the configured CIDRs only (IPv4 and IPv6); HTTPS egress', () => {
    const { json } = build({
      network: {
        vpc: { defaultVpc: true },
        ingressCidrs: ['203.0.113.0/24', '2001:db8::/32'],
        assignPublicIp: true,
      },
    });
    const sg = `\${aws_security_group.${idOf(json.resource, 'aws_security_group', 'Web_SecurityGroup_')}.id}`;
    expect(byDescription(json.resource.aws_vpc_security_group_ingress_rule)).toEqual([
      {
        security_group_id: sg,
        ip_protocol: 'tcp',
        from_port: 80,
        to_port: 80,
        description: 'App port from 2001:db8::/32',
        cidr_ipv6: '2001:db8::/32',
      },
      {
        security_group_id: sg,
        ip_protocol: 'tcp',
        from_port: 80,
        to_port: 80,
        description: 'App port from 203.0.113.0/24',
        cidr_ipv4: '203.0.113.0/24',
      },
    ]);
    expect(Object.values(json.resource.aws_vpc_security_group_egress_rule)).toEqual([
      {
        security_group_id: sg,
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        description: 'HTTPS to AWS APIs and image registries via 0.0.0.0/0',
        cidr_ipv4: '0.0.0.0/0',
      },
    ]);
    expect(onlyBlock(json.resource, 'aws_ecs_service').network_configuration.assign_public_ip).toBe(true);
    expect(onlyBlock(json.resource, 'aws_security_group').ingress).toBeUndefined();
  });

  test('no ingress CIDRs: no ingress rule at all; egress can be narrowed', () => {
    const { json } = build({ network: { vpc: { defaultVpc: true }, egressCidrs: ['10.0.0.0/16'] } });
    expect(json.resource.aws_vpc_security_group_ingress_rule).toBeUndefined();
    expect(
      Object.values(json.resource.aws_vpc_security_group_egress_rule).map((r: any) => r.cidr_ipv4),
    ).toEqual(['10.0.0.0/16']);
  });

  test('the whole internet only with allowPublicIngress', () => {
    const { json } = build({
      network: { vpc: { defaultVpc: true }, ingressCidrs: ['0.0.0.0/0', '::/0'], allowPublicIngress: true },
    });
    expect(
      byDescription(json.resource.aws_vpc_security_group_ingress_rule).map(
        (r: any) => r.cidr_ipv4 ?? r.cidr_ipv6,
      ),
    ).toEqual(['0.0.0.0/0', '::/0']);
  });
});

describe('load balancer', () => {
  test('HTTP: forwards to an IP target group; the service admits only the load balancer', () => {
    const { json, service } = build({
      network: { vpc: { defaultVpc: true }, ingressCidrs: ['203.0.113.0/24'] },
      loadBalancer: {},
    });
    const lbId = idOf(json.resource, 'aws_lb', 'Web_LoadBalancer_');
    const tgId = idOf(json.resource, 'aws_lb_target_group', 'Web_LoadBalancer_TargetGroup_');
    const lbSg = `\${aws_security_group.${idOf(json.resource, 'aws_security_group', 'Web_LoadBalancer_SecurityGroup_')}.id}`;
    const serviceSg = `\${aws_security_group.${idOf(json.resource, 'aws_security_group', 'Web_SecurityGroup_')}.id}`;
    expect(json.resource.aws_lb[lbId]).toEqual({
      name: 'icelog-dev-web',
      load_balancer_type: 'application',
      internal: true,
      security_groups: [lbSg],
      subnets: `\${data.aws_subnets.${idOf(json.data, 'aws_subnets', 'Web_DefaultSubnets_')}.ids}`,
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
    });
    expect(json.resource.aws_lb_target_group[tgId]).toMatchObject({
      port: 80,
      protocol: 'HTTP',
      target_type: 'ip',
      health_check: { enabled: true, path: '/', protocol: 'HTTP', matcher: '200-399' },
      lifecycle: { create_before_destroy: true },
    });
    expect(onlyBlock(json.resource, 'aws_lb_listener')).toEqual({
      load_balancer_arn: `\${aws_lb.${lbId}.arn}`,
      port: 80,
      protocol: 'HTTP',
      default_action: [{ type: 'forward', target_group_arn: `\${aws_lb_target_group.${tgId}.arn}` }],
    });
    const ingress = Object.values(json.resource.aws_vpc_security_group_ingress_rule) as any[];
    expect(ingress.filter((r) => r.security_group_id === serviceSg)).toEqual([
      {
        security_group_id: serviceSg,
        ip_protocol: 'tcp',
        from_port: 80,
        to_port: 80,
        referenced_security_group_id: lbSg,
        description: 'App port from the load balancer only',
      },
    ]);
    expect(
      ingress.filter((r) => r.security_group_id === lbSg).map((r) => [r.from_port, r.cidr_ipv4]),
    ).toEqual([[80, '203.0.113.0/24']]);
    const egress = Object.values(json.resource.aws_vpc_security_group_egress_rule) as any[];
    expect(egress.filter((r) => r.security_group_id === lbSg)).toEqual([
      {
        security_group_id: lbSg,
        ip_protocol: 'tcp',
        from_port: 80,
        to_port: 80,
        referenced_security_group_id: serviceSg,
        description: 'Forward to the service tasks only',
      },
    ]);
    const ecsService = onlyBlock(json.resource, 'aws_ecs_service');
    expect(ecsService.load_balancer).toEqual([
      {
        target_group_arn: `\${aws_lb_target_group.${tgId}.arn}`,
        container_name: 'nginx',
        container_port: 80,
      },
    ]);
    expect(ecsService.health_check_grace_period_seconds).toBe(60);
    expect(ecsService.depends_on).toContain(
      `aws_lb_listener.${idOf(json.resource, 'aws_lb_listener', 'Web_LoadBalancer_HttpListener_')}`,
    );
    expect(service.endpointUrl).toBeDefined();
  });

  test('HTTPS: the HTTP listener only redirects; TLS 1.3/1.2 policy; both ports open to the CIDRs', () => {
    const certificateArn =
      'arn:aws:acm:eu-west-1:111122223333:certificate/0d2a3b4c-1111-2222-3333-444455556666';
    const { json, stack, service } = build({
      network: { vpc: { defaultVpc: true }, ingressCidrs: ['203.0.113.0/24'] },
      loadBalancer: {
        internetFacing: true,
        certificateArn,
        subnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
        deletionProtection: false,
        name: 'web-prod',
        healthCheckPath: '/healthz',
      },
    });
    const tgId = idOf(json.resource, 'aws_lb_target_group', 'Web_LoadBalancer_TargetGroup_');
    expect(
      blockOf(json.resource, 'aws_lb_listener', 'Web_LoadBalancer_HttpListener_').default_action,
    ).toEqual([{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }]);
    expect(blockOf(json.resource, 'aws_lb_listener', 'Web_LoadBalancer_HttpsListener_')).toMatchObject({
      port: 443,
      protocol: 'HTTPS',
      certificate_arn: certificateArn,
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      default_action: [{ type: 'forward', target_group_arn: `\${aws_lb_target_group.${tgId}.arn}` }],
    });
    expect(onlyBlock(json.resource, 'aws_lb')).toMatchObject({
      name: 'web-prod',
      internal: false,
      enable_deletion_protection: false,
    });
    expect(json.resource.aws_lb_target_group[tgId].health_check.path).toBe('/healthz');
    const lbRules = byDescription(json.resource.aws_vpc_security_group_ingress_rule).filter(
      (r: any) => r.cidr_ipv4,
    );
    expect(lbRules.map((r: any) => [r.from_port, r.description])).toEqual([
      [80, 'HTTP (redirects to HTTPS) from 203.0.113.0/24'],
      [443, 'HTTPS from 203.0.113.0/24'],
    ]);
    new TerraformOutput(stack, 'url', { value: service.endpointUrl });
    const outputs = JSON.parse(Testing.synth(stack)).output;
    expect(outputs.url.value).toBe(
      `https://\${aws_lb.${idOf(json.resource, 'aws_lb', 'Web_LoadBalancer_')}.dns_name}`,
    );
  });

  test('load balancer subnets can differ from the service subnets', () => {
    const { json } = build({
      network: { vpc: { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-00000000000000001'] } },
      loadBalancer: { subnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'] },
    });
    expect(onlyBlock(json.resource, 'aws_lb').subnets).toEqual([
      'subnet-0000000000000000a',
      'subnet-0000000000000000b',
    ]);
    expect(onlyBlock(json.resource, 'aws_ecs_service').network_configuration.subnets).toEqual([
      'subnet-00000000000000001',
    ]);
  });
});

describe('an existing cluster', () => {
  test('is used instead of creating one', () => {
    const { json, service } = build({
      cluster: { clusterName: 'shared', clusterArn: 'arn:aws:ecs:eu-west-1:111122223333:cluster/shared' },
    });
    expect(blocksOf(json.resource, 'aws_ecs_cluster')).toEqual({});
    expect(onlyBlock(json.resource, 'aws_ecs_service').cluster).toBe(
      'arn:aws:ecs:eu-west-1:111122223333:cluster/shared',
    );
    expect(service.clusterName).toBe('shared');
  });

  test('task size, architecture and Container Insights level are configurable', () => {
    const { json } = build({
      cpu: 1024,
      memory: 3072,
      cpuArchitecture: 'ARM64',
      containerInsights: 'enhanced',
      desiredCount: 3,
    });
    expect(onlyBlock(json.resource, 'aws_ecs_task_definition')).toMatchObject({
      cpu: '1024',
      memory: '3072',
      runtime_platform: { cpu_architecture: 'ARM64' },
    });
    expect(onlyBlock(json.resource, 'aws_ecs_cluster').setting).toEqual([
      { name: 'containerInsights', value: 'enhanced' },
    ]);
    expect(onlyBlock(json.resource, 'aws_ecs_service').desired_count).toBe(3);
  });
});

describe('with the delivery package', () => {
  test('an imported IcebergDeliveryStream grants the task role PutRecordBatch on exactly its ARN', () => {
    const stack = newTestStack();
    const arn = 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/icelog-dev-access';
    const deliveryStream = IcebergDeliveryStream.fromDeliveryStreamArn(stack, 'Delivery', arn);
    new FireLensService(stack, 'Web', {
      deliveryStream,
      serviceName: 'icelog-dev-web',
      network: { vpc: { defaultVpc: true } },
    });
    const json = synthesize(stack);
    const grant = policyNamesOf(json, 'Web_TaskRole').filter((name) => name !== 'FluentBitConfigRead');
    expect(grant).toHaveLength(1);
    const statements = statementsOf(json, 'Web_TaskRole', grant[0]);
    expect(statements.flatMap((s: any) => s.actions)).toContain('firehose:PutRecordBatch');
    expect(statements.flatMap((s: any) => s.resources)).toEqual([arn]);
    expect(containersOf(json)[1].environment).toContainEqual({
      name: 'ICELOG_OUTPUT_TARGET',
      value: 'icelog-dev-access',
    });
    expect(onlyBlock(json.resource, 'aws_ecs_service').depends_on).toContain(
      `aws_iam_role_policy.${idOf(json.resource, 'aws_iam_role_policy', `Web_TaskRole_${grant[0]}Policy_`)}`,
    );
  });
});
