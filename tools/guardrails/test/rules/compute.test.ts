import {
  EcsClusterContainerInsights,
  EcsFargateLatestPlatform,
  EcsNoHostPidMode,
  EcsNoPlaintextSecrets,
  EcsNoPrivilegedContainers,
  EcsReadOnlyRootFilesystem,
  EcsServiceNoPublicIp,
  EcsTaskRoleNotExecutionRole,
  SecurityGroupIngressAllowedCidrs,
  SecurityGroupNoPublicHttpIngress,
  SecurityGroupNoPublicRdpIngress,
  SecurityGroupNoPublicSshIngress,
} from '../../src';
import { check, expectEveryRuleCovered, ref, stackJson } from '../helpers';

const T = 'aws_ecs_task_definition.task';

const app = {
  name: 'app',
  image: 'public.ecr.aws/nginx/nginx:1.27',
  essential: true,
  readonlyRootFilesystem: true,
  environment: [{ name: 'NGINX_PORT', value: '8080' }],
  secrets: [{ name: 'API_TOKEN', valueFrom: ref('aws_secretsmanager_secret.token.arn') }],
  logConfiguration: { logDriver: 'awsfirelens' },
};
const router = {
  name: 'log_router',
  image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:init-latest',
  essential: true,
  readonlyRootFilesystem: true,
  firelensConfiguration: { type: 'fluentbit' },
  environment: [{ name: 'aws_fluent_bit_init_s3_1', value: `${ref('aws_s3_bucket.cfg.arn')}/extra.conf` }],
};

function taskStack(containers: object[], extra: Record<string, unknown> = {}) {
  return stackJson({
    resource: {
      aws_ecs_task_definition: {
        task: {
          family: 'icelog',
          requires_compatibilities: ['FARGATE'],
          network_mode: 'awsvpc',
          task_role_arn: ref('aws_iam_role.task.arn'),
          execution_role_arn: ref('aws_iam_role.execution.arn'),
          container_definitions: JSON.stringify(containers),
          ...extra,
        },
      },
    },
  });
}

const task = taskStack([app, router]);

describe('CKV_AWS_249 EcsTaskRoleNotExecutionRole', () => {
  it('is compliant with two different roles', () => {
    expect(check(EcsTaskRoleNotExecutionRole, task, T)).toEqual({ status: 'compliant' });
  });

  it('is non-compliant when both are the same role', () => {
    const json = taskStack([app], { execution_role_arn: ref('aws_iam_role.task.arn') });
    expect(check(EcsTaskRoleNotExecutionRole, json, T)).toEqual({
      status: 'non-compliant',
      message:
        'task_role_arn and execution_role_arn are both "${aws_iam_role.task.arn}"; give the task its own role',
    });
  });

  it('is non-compliant when both are the same literal ARN', () => {
    const role = 'arn:aws:iam::123456789012:role/x';
    const json = taskStack([app], { task_role_arn: role, execution_role_arn: role });
    expect(check(EcsTaskRoleNotExecutionRole, json, T).status).toBe('non-compliant');
  });

  it('is not applicable without a task role', () => {
    const json = taskStack([app], { task_role_arn: undefined });
    expect(check(EcsTaskRoleNotExecutionRole, json, T)).toEqual({
      status: 'not-applicable',
      message: 'the task definition does not set both roles',
    });
  });
});

describe('CKV_AWS_334 EcsNoPrivilegedContainers', () => {
  it('is compliant without privileged containers', () => {
    expect(check(EcsNoPrivilegedContainers, task, T)).toEqual({ status: 'compliant' });
  });

  it('is non-compliant with a privileged container', () => {
    const json = taskStack([app, { ...router, privileged: true }]);
    expect(check(EcsNoPrivilegedContainers, json, T)).toEqual({
      status: 'non-compliant',
      message: 'privileged is true in container "log_router"',
    });
  });

  it('is non-compliant, without throwing, when container_definitions is an expression', () => {
    const json = taskStack([], { container_definitions: ref('jsonencode(local.containers)') });
    expect(check(EcsNoPrivilegedContainers, json, T)).toEqual({
      status: 'non-compliant',
      message:
        'container_definitions cannot be read at synth time (${jsonencode(local.containers)}): render it with JSON.stringify so that it can be checked',
    });
  });
});

describe('CKV_AWS_335 EcsNoHostPidMode', () => {
  it('is compliant without pid_mode', () => {
    expect(check(EcsNoHostPidMode, task, T)).toEqual({ status: 'compliant' });
  });

  it('is compliant with pid_mode task', () => {
    expect(check(EcsNoHostPidMode, taskStack([app], { pid_mode: 'task' }), T).status).toBe('compliant');
  });

  it('is non-compliant with pid_mode host', () => {
    expect(check(EcsNoHostPidMode, taskStack([app], { pid_mode: 'host' }), T)).toEqual({
      status: 'non-compliant',
      message: 'pid_mode is "host"; remove it or use "task"',
    });
  });
});

describe('CKV_AWS_336 EcsReadOnlyRootFilesystem', () => {
  it('is compliant when every container is read-only', () => {
    expect(check(EcsReadOnlyRootFilesystem, task, T)).toEqual({ status: 'compliant' });
  });

  it('is non-compliant naming each writable container', () => {
    const { readonlyRootFilesystem: _, ...writableApp } = app;
    const json = taskStack([writableApp, { ...router, readonlyRootFilesystem: false }]);
    expect(check(EcsReadOnlyRootFilesystem, json, T)).toEqual({
      status: 'non-compliant',
      message:
        'readonlyRootFilesystem is not true in container "app", "log_router"; set it and mount writable volumes where needed',
    });
  });

  it('is non-compliant when the flag is an unresolved expression', () => {
    const json = taskStack([{ ...app, readonlyRootFilesystem: ref('var.ro') }]);
    expect(check(EcsReadOnlyRootFilesystem, json, T).status).toBe('non-compliant');
  });

  it('is non-compliant when container_definitions is not JSON', () => {
    const json = taskStack([], { container_definitions: 'not json' });
    expect(check(EcsReadOnlyRootFilesystem, json, T).status).toBe('non-compliant');
  });
});

describe('AVD-AWS-0036 EcsNoPlaintextSecrets', () => {
  const withEnv = (environment: object[]) => taskStack([{ ...app, environment }]);

  it('is compliant with plain settings and secrets passed by valueFrom', () => {
    expect(check(EcsNoPlaintextSecrets, task, T)).toEqual({ status: 'compliant' });
  });

  it.each([['DB_PASSWORD'], ['AWS_SECRET_ACCESS_KEY'], ['GITHUB_TOKEN'], ['api_key'], ['PRIVATE_KEY']])(
    'is non-compliant with a variable named %s',
    (name) => {
      expect(check(EcsNoPlaintextSecrets, withEnv([{ name, value: 'x' }]), T)).toEqual({
        status: 'non-compliant',
        message: `app: ${name} is named like a secret; move it to "secrets" with valueFrom (Secrets Manager or SSM)`,
      });
    },
  );

  it('is non-compliant with an access key id in an innocent-looking variable', () => {
    expect(
      check(EcsNoPlaintextSecrets, withEnv([{ name: 'KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE' }]), T),
    ).toEqual({
      status: 'non-compliant',
      message:
        'app: KEY_ID holds a value shaped like an AWS key; move it to "secrets" with valueFrom (Secrets Manager or SSM)',
    });
  });

  it('is non-compliant with a secret access key shaped value', () => {
    const json = withEnv([{ name: 'CONFIG', value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }]);
    expect(check(EcsNoPlaintextSecrets, json, T).status).toBe('non-compliant');
  });

  it('does not mistake a 40-character hex digest for a key', () => {
    const json = withEnv([{ name: 'CONFIG_SHA1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' }]);
    expect(check(EcsNoPlaintextSecrets, json, T).status).toBe('compliant');
  });

  it('accepts a secret-named variable holding an ARN (a pointer, not the secret)', () => {
    const json = withEnv([
      { name: 'DB_PASSWORD_SECRET_ARN', value: ref('aws_secretsmanager_secret.db.arn') },
      { name: 'TOKEN_PARAMETER', value: 'arn:aws:ssm:eu-west-1:123456789012:parameter/token' },
    ]);
    expect(check(EcsNoPlaintextSecrets, json, T).status).toBe('compliant');
  });

  it('is non-compliant with a secret read into plain environment from Secrets Manager', () => {
    const json = withEnv([
      { name: 'DB_PASSWORD', value: ref('aws_secretsmanager_secret_version.db.secret_string') },
    ]);
    expect(check(EcsNoPlaintextSecrets, json, T).status).toBe('non-compliant');
  });
});

describe('CKV_AWS_65 EcsClusterContainerInsights', () => {
  const cluster = (setting?: object) =>
    stackJson({
      resource: { aws_ecs_cluster: { c: setting === undefined ? { name: 'c' } : { name: 'c', setting } } },
    });

  it.each([['enabled'], ['enhanced']])('is compliant with containerInsights %s', (value) => {
    expect(
      check(
        EcsClusterContainerInsights,
        cluster([{ name: 'containerInsights', value }]),
        'aws_ecs_cluster.c',
      ),
    ).toEqual({
      status: 'compliant',
      message: `containerInsights "${value}"`,
    });
  });

  it('is non-compliant when disabled', () => {
    const json = cluster({ name: 'containerInsights', value: 'disabled' });
    expect(check(EcsClusterContainerInsights, json, 'aws_ecs_cluster.c')).toEqual({
      status: 'non-compliant',
      message:
        'containerInsights is "disabled"; add setting { name = "containerInsights", value = "enabled" }',
    });
  });

  it('is non-compliant without the setting', () => {
    expect(check(EcsClusterContainerInsights, cluster(), 'aws_ecs_cluster.c').status).toBe('non-compliant');
  });
});

const service = (body: object) =>
  stackJson({ resource: { aws_ecs_service: { svc: { name: 'svc', ...body } } } });
const SVC = 'aws_ecs_service.svc';

describe('CKV_AWS_332 EcsFargateLatestPlatform', () => {
  it('is compliant on Fargate without a pinned version', () => {
    expect(check(EcsFargateLatestPlatform, service({ launch_type: 'FARGATE' }), SVC)).toEqual({
      status: 'compliant',
    });
  });

  it('is compliant with LATEST through a capacity provider strategy', () => {
    const json = service({
      capacity_provider_strategy: [{ capacity_provider: 'FARGATE_SPOT', weight: 1 }],
      platform_version: 'LATEST',
    });
    expect(check(EcsFargateLatestPlatform, json, SVC).status).toBe('compliant');
  });

  it('is non-compliant with a pinned old version', () => {
    expect(
      check(EcsFargateLatestPlatform, service({ launch_type: 'FARGATE', platform_version: '1.3.0' }), SVC),
    ).toEqual({
      status: 'non-compliant',
      message: 'platform_version is "1.3.0"; use "LATEST"',
    });
  });

  it('is not applicable on EC2', () => {
    expect(
      check(EcsFargateLatestPlatform, service({ launch_type: 'EC2', platform_version: '1.3.0' }), SVC),
    ).toEqual({
      status: 'not-applicable',
      message: 'not a Fargate service',
    });
  });
});

describe('CKV_AWS_333 EcsServiceNoPublicIp', () => {
  const withPublicIp = service({
    launch_type: 'FARGATE',
    network_configuration: { subnets: ['s'], assign_public_ip: true },
  });

  it('is compliant with assign_public_ip false', () => {
    const json = service({ network_configuration: { subnets: ['s'], assign_public_ip: false } });
    expect(check(EcsServiceNoPublicIp, json, SVC)).toEqual({ status: 'compliant' });
  });

  it('is non-compliant with a public IP', () => {
    expect(check(EcsServiceNoPublicIp, withPublicIp, SVC)).toEqual({
      status: 'non-compliant',
      message:
        'network_configuration.assign_public_ip is true; use private subnets with a NAT gateway or VPC endpoints',
    });
  });

  it('is not applicable when the environment allows public IPs', () => {
    expect(check(EcsServiceNoPublicIp, withPublicIp, SVC, { allowPublicIp: true })).toEqual({
      status: 'not-applicable',
      message: 'allowPublicIp is on',
    });
  });

  it('is not applicable without a network configuration', () => {
    expect(check(EcsServiceNoPublicIp, service({}), SVC).status).toBe('not-applicable');
  });
});

const sg = (ingress: object[]) =>
  stackJson({ resource: { aws_security_group: { sg: { name: 'sg', ingress, egress: [] } } } });
const SG = 'aws_security_group.sg';
const rule = (from: number, to: number, cidr: string, protocol = 'tcp') => ({
  from_port: from,
  to_port: to,
  protocol,
  cidr_blocks: cidr.includes(':') ? [] : [cidr],
  ipv6_cidr_blocks: cidr.includes(':') ? [cidr] : [],
});

describe.each([
  { r: SecurityGroupNoPublicHttpIngress, port: 80 },
  { r: SecurityGroupNoPublicSshIngress, port: 22 },
  { r: SecurityGroupNoPublicRdpIngress, port: 3389 },
])('$r.id public port $port', ({ r, port }) => {
  it('is compliant when the port is open to a private CIDR only', () => {
    expect(check(r, sg([rule(port, port, '10.0.0.0/16')]), SG)).toEqual({ status: 'compliant' });
  });

  it('is compliant when another port is public', () => {
    expect(check(r, sg([rule(443, 443, '0.0.0.0/0')]), SG).status).toBe('compliant');
  });

  it('is non-compliant when the port is open to 0.0.0.0/0', () => {
    expect(check(r, sg([rule(port, port, '0.0.0.0/0')]), SG)).toEqual({
      status: 'non-compliant',
      message: `ingress[0] opens port ${port} to 0.0.0.0/0`,
    });
  });

  it('is non-compliant when a range containing the port is open to ::/0', () => {
    expect(check(r, sg([rule(0, 65535, '::/0')]), SG).status).toBe('non-compliant');
  });

  it('is non-compliant for protocol -1 from anywhere', () => {
    expect(check(r, sg([rule(0, 0, '0.0.0.0/0', '-1')]), SG).status).toBe('non-compliant');
  });

  it('reads aws_vpc_security_group_ingress_rule', () => {
    const json = stackJson({
      resource: {
        aws_vpc_security_group_ingress_rule: {
          r: {
            security_group_id: ref('aws_security_group.sg.id'),
            ip_protocol: 'tcp',
            from_port: port,
            to_port: port,
            cidr_ipv4: '0.0.0.0/0',
          },
        },
      },
    });
    expect(check(r, json, 'aws_vpc_security_group_ingress_rule.r')).toEqual({
      status: 'non-compliant',
      message: `opens port ${port} to 0.0.0.0/0`,
    });
  });

  it('ignores egress aws_security_group_rule', () => {
    const json = stackJson({
      resource: { aws_security_group_rule: { r: { type: 'egress', ...rule(port, port, '0.0.0.0/0') } } },
    });
    expect(check(r, json, 'aws_security_group_rule.r').status).toBe('compliant');
  });

  it('does not treat an unresolved port or CIDR as open', () => {
    const json = sg([
      { ...rule(port, port, ref('var.cidr')) },
      { ...rule(0, 0, '0.0.0.0/0'), from_port: ref('var.port'), to_port: ref('var.port') },
    ]);
    expect(check(r, json, SG).status).toBe('compliant');
  });
});

describe('AVD-AWS-0107 SecurityGroupIngressAllowedCidrs', () => {
  it('without a list: is compliant for private ingress', () => {
    expect(check(SecurityGroupIngressAllowedCidrs, sg([rule(443, 443, '10.0.0.0/8')]), SG)).toEqual({
      status: 'compliant',
    });
  });

  it('without a list: is non-compliant for ingress from anywhere on any port', () => {
    expect(check(SecurityGroupIngressAllowedCidrs, sg([rule(443, 443, '0.0.0.0/0')]), SG)).toEqual({
      status: 'non-compliant',
      message: 'ingress is open to 0.0.0.0/0; restrict it to the CIDRs that need access',
    });
  });

  it('with a list: accepts CIDRs inside the allowed ones', () => {
    const json = sg([rule(443, 443, '10.1.2.0/24'), rule(443, 443, '2001:db8:1::/48')]);
    const options = { allowedIngressCidrs: ['10.0.0.0/8', '2001:db8::/32'] };
    expect(check(SecurityGroupIngressAllowedCidrs, json, SG, options).status).toBe('compliant');
  });

  it('with a list: rejects CIDRs outside it, and unresolved ones', () => {
    const json = sg([rule(443, 443, '192.168.0.0/16'), rule(443, 443, ref('var.cidr'))]);
    expect(
      check(SecurityGroupIngressAllowedCidrs, json, SG, { allowedIngressCidrs: ['10.0.0.0/8'] }),
    ).toEqual({
      status: 'non-compliant',
      message: 'ingress from "192.168.0.0/16", "${var.cidr}" is not inside allowedIngressCidrs (10.0.0.0/8)',
    });
  });

  it('with a list containing 0.0.0.0/0: allows a public listener knowingly', () => {
    const json = sg([rule(443, 443, '0.0.0.0/0')]);
    expect(
      check(SecurityGroupIngressAllowedCidrs, json, SG, { allowedIngressCidrs: ['0.0.0.0/0'] }).status,
    ).toBe('compliant');
  });
});

it('covers every compute rule with a compliant and a non-compliant fixture', () => {
  expectEveryRuleCovered('compute');
});
