import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ValidationError } from '@icelog/core';
import { IcebergDeliveryStream } from '@icelog/delivery';
import { FireLensLoadBalancerProps, FireLensService } from '@icelog/ecs-firelens';
import { StatusRouting } from '@icelog/routing';
import { IcelogConfigInput, configureStateBackend } from '../src';
import {
  CERTIFICATE_ARN,
  PUBLIC_SUBNETS,
  TASK_SUBNETS,
  devLikeConfig as dev,
  prodLikeConfig as prod,
} from './fixtures';
import { adviceIn, filesBelow, synthEnvironment, tempRoot, withValue } from './support/synth-case';

/**
 * Bad configuration, the way a user makes mistakes: each case changes one key of a valid dev or prod
 * configuration and runs the environment app exactly as apps/dev and apps/prod do. Every case must stop
 * synth with exit code 1, name the config path, the value and the rule in exactly the expected words,
 * and write no file. Advice in a message ("set <path> to <value>", "did you mean …") must be valid
 * configuration: applying it makes the same configuration synthesize.
 */

const root = tempRoot('icelog-bad-input-');
afterAll(() => root.cleanup());

type Case = [name: string, config: IcelogConfigInput, problem: string];
const set = (base: IcelogConfigInput, path: string, value: unknown): IcelogConfigInput =>
  withValue(base, path, value);
const statuses = (n: number) => Array.from({ length: n }, (_, i) => 100 + i);
const key = (region: string, partition = 'aws') =>
  `arn:${partition}:kms:${region}:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const retention =
  'must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653';
const typo = (where: string) =>
  `is not a key of ${where} (a typo would silently drop a setting, so unknown keys are errors)`;
const kmsRule =
  'must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>); an alias cannot be used because IAM grants on the key need its key ARN';
const kmsRegion = (region: string) =>
  `must be in the stack's region "eu-west-1", not "${region}": AWS KMS keys are regional and the services that encrypt with it (S3, Kinesis, Firehose, CloudWatch Logs) use a key of their own region; for a multi-Region key, give the ARN of its replica in this region`;
const certRule =
  'must be an ACM certificate ARN (arn:<partition>:acm:<region>:<account>:certificate/<id>) or an IAM server certificate ARN';
const partitionRule = (partition: string) =>
  `must be in the stack's partition "aws" (region "eu-west-1"), not "${partition}": resources cannot be used across partitions`;
const tagChars = 'may contain only letters, digits, spaces and _ . : / = + - @ (AWS tag characters)';
const regionRule = 'must be a known AWS region such as "eu-west-1" (the list is AWS_REGIONS in @icelog/core)';
const icebergRegion = (family: string) =>
  `must be a region where Firehose offers the Apache Iceberg destination, which ${family} lacks`;
const longKey = 'k'.repeat(129);
const tooManyTags = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`team${i}`, 'x']));
const shared = 'subnet-0a1b2c3d4e5f60711';

const configCases: Case[] = [
  // Environment and region
  [
    'environment upper case',
    set(dev, 'environment', 'Dev'),
    'Invalid config environment: must be 2–16 lower-case letters and digits, starting with a letter. Received: "Dev"',
  ],
  [
    'environment too short',
    set(dev, 'environment', 'd'),
    'Invalid config environment: must be 2–16 lower-case letters and digits, starting with a letter. Received: "d"',
  ],
  [
    'environment with a hyphen',
    set(dev, 'environment', 'dev-1'),
    'Invalid config environment: must be 2–16 lower-case letters and digits, starting with a letter. Received: "dev-1"',
  ],
  [
    'region typo',
    set(dev, 'region', 'eu-wst-1'),
    'Invalid config region: must be a known AWS region; did you mean "eu-west-1"? (the list is AWS_REGIONS in @icelog/core). Received: "eu-wst-1"',
  ],
  [
    'region in capitals',
    set(dev, 'region', 'EU-WEST-1'),
    'Invalid config region: must be a known AWS region; did you mean "eu-west-1"? (the list is AWS_REGIONS in @icelog/core). Received: "EU-WEST-1"',
  ],
  [
    'region that does not exist',
    set(dev, 'region', 'mars-north-1'),
    `Invalid config region: ${regionRule}. Received: "mars-north-1"`,
  ],
  [
    'region without Iceberg delivery (China)',
    set(dev, 'region', 'cn-north-1'),
    `Invalid config region: ${icebergRegion('China ("cn-*")')}. Received: "cn-north-1"`,
  ],
  [
    'region without Iceberg delivery (Malaysia)',
    set(dev, 'region', 'ap-southeast-5'),
    `Invalid config region: ${icebergRegion('Asia Pacific (Malaysia) ("ap-southeast-5")')}. Received: "ap-southeast-5"`,
  ],
  [
    'region as a number',
    set(dev, 'region', 1),
    `Invalid config region: Invalid input: expected string, received number. Received: 1`,
  ],
  // State
  [
    'state bucket with capitals',
    set(dev, 'state.bucket', 'Bad_Bucket'),
    'Invalid config state.bucket: S3 bucket names may contain only lower-case letters, digits, dots and hyphens. Received: "Bad_Bucket"',
  ],
  [
    'state bucket too short',
    set(dev, 'state.bucket', 'ab'),
    'Invalid config state.bucket: S3 bucket names must be 3–63 characters long. Received: "ab"',
  ],
  [
    'state key absolute',
    set(dev, 'state.key', '/icelog/dev/terraform.tfstate'),
    'Invalid config state.key: must be a relative S3 key ending in ".tfstate". Received: "/icelog/dev/terraform.tfstate"',
  ],
  [
    'state key not a tfstate',
    set(dev, 'state.key', 'icelog/dev/state.json'),
    'Invalid config state.key: must be a relative S3 key ending in ".tfstate". Received: "icelog/dev/state.json"',
  ],
  [
    'state key with ".."',
    set(dev, 'state.key', 'icelog/../dev/terraform.tfstate'),
    'Invalid config state.key: must not contain "//" or "." / ".." segments: S3 keeps them literally, so the key would not be the state it looks like. Received: "icelog/../dev/terraform.tfstate"',
  ],
  [
    'state key with "//"',
    set(dev, 'state.key', 'icelog//dev/terraform.tfstate'),
    'Invalid config state.key: must not contain "//" or "." / ".." segments: S3 keeps them literally, so the key would not be the state it looks like. Received: "icelog//dev/terraform.tfstate"',
  ],
  [
    'state key with "."',
    set(dev, 'state.key', 'icelog/./dev/terraform.tfstate'),
    'Invalid config state.key: must not contain "//" or "." / ".." segments: S3 keeps them literally, so the key would not be the state it looks like. Received: "icelog/./dev/terraform.tfstate"',
  ],
  [
    "dev pointing at prod's state",
    set(dev, 'state.key', 'icelog/prod/terraform.tfstate'),
    'Invalid config state.key: must keep the state in a folder named after the environment ("…/dev/<name>.tfstate"), so that no other environment can share it; set state.key to "icelog/dev/terraform.tfstate" or leave it unset. Received: "icelog/prod/terraform.tfstate"',
  ],
  [
    'state key without the environment',
    set(dev, 'state.key', 'terraform.tfstate'),
    'Invalid config state.key: must keep the state in a folder named after the environment ("…/dev/<name>.tfstate"), so that no other environment can share it; set state.key to "icelog/dev/terraform.tfstate" or leave it unset. Received: "terraform.tfstate"',
  ],
  [
    'state key with the environment higher up',
    set(dev, 'state.key', 'dev/prod/terraform.tfstate'),
    'Invalid config state.key: must keep the state in a folder named after the environment ("…/dev/<name>.tfstate"), so that no other environment can share it; set state.key to "icelog/dev/terraform.tfstate" or leave it unset. Received: "dev/prod/terraform.tfstate"',
  ],
  [
    'state region typo',
    set(dev, 'state.region', 'eu-west-7'),
    'Invalid config state.region: must be a known AWS region; did you mean "eu-west-1"? (the list is AWS_REGIONS in @icelog/core). Received: "eu-west-7"',
  ],
  // Unknown keys and unions
  [
    'top-level typo',
    set(dev, 'tag', { owner: 'x' }),
    `Invalid config tag: ${typo('the configuration')}. Received: {"owner":"x"}`,
  ],
  [
    'nested security typo',
    set(dev, 'service.asignPublicIp', true),
    `Invalid config service.asignPublicIp: ${typo('service')}. Received: true`,
  ],
  [
    'load balancer typo',
    set(prod, 'service.loadBalancer.certificateArm', CERTIFICATE_ARN),
    `Invalid config service.loadBalancer.certificateArm: ${typo('service.loadBalancer')}. Received: "${CERTIFICATE_ARN}"`,
  ],
  [
    'buffering preset typo',
    set(dev, 'delivery.buffering', 'low_latency'),
    'Invalid config delivery.buffering: must be "low-latency", "large-files", "aws-default" or { intervalSeconds, sizeMiB }. Received: "low_latency"',
  ],
  [
    'buffering hint as a string',
    set(dev, 'delivery.buffering', { intervalSeconds: '60', sizeMiB: 1 }),
    'Invalid config delivery.buffering.intervalSeconds: Invalid input: expected number, received string. Received: "60"',
  ],
  [
    'buffering hint missing',
    set(dev, 'delivery.buffering', { intervalSeconds: 60 }),
    'Invalid config delivery.buffering.sizeMiB: Invalid input: expected number, received undefined. Received: undefined',
  ],
  [
    'network null',
    set(dev, 'service.network', null),
    'Invalid config service.network: must be { defaultVpc: true } or { vpcId, subnetIds }. Received: null',
  ],
  [
    'network without subnets',
    set(prod, 'service.network', { vpcId: 'vpc-0a1b2c3d4e5f60718' }),
    'Invalid config service.network.subnetIds: Invalid input: expected array, received undefined. Received: undefined',
  ],
  [
    'network defaultVpc false',
    set(dev, 'service.network', { defaultVpc: false }),
    'Invalid config service.network.defaultVpc: Invalid input: expected true. Received: false',
  ],
  [
    'source of unknown kind',
    set(dev, 'delivery.source', { kind: 'firehose' }),
    'Invalid config delivery.source.kind: must be { kind: "direct-put" } or { kind: "kinesis" }. Received: "firehose"',
  ],
  [
    'capacity mode word',
    set(dev, 'delivery.source', { kind: 'kinesis', capacity: 'provisioned' }),
    'Invalid config delivery.source.capacity: must be "on-demand" or { shards }. Received: "provisioned"',
  ],
  [
    'shards as a string',
    set(dev, 'delivery.source', { kind: 'kinesis', capacity: { shards: '2' } }),
    'Invalid config delivery.source.capacity.shards: Invalid input: expected number, received string. Received: "2"',
  ],
  [
    'desired count as a string',
    set(dev, 'service.desiredCount', '2'),
    'Invalid config service.desiredCount: Invalid input: expected number, received string. Received: "2"',
  ],
  [
    'ingress CIDRs as a string',
    set(dev, 'service.ingressCidrs', '10.0.0.0/8'),
    'Invalid config service.ingressCidrs: Invalid input: expected array, received string. Received: "10.0.0.0/8"',
  ],
  // Tags
  [
    'reserved tag key',
    set(dev, 'tags', { 'aws:owner': 'x' }),
    'Invalid config tags.aws:owner: key must not start with "aws:", a prefix AWS reserves for its own tags. Received: "aws:owner"',
  ],
  [
    'reserved tag key in capitals',
    set(dev, 'tags', { 'AWS:cost': 'x' }),
    'Invalid config tags.AWS:cost: key must not start with "aws:", a prefix AWS reserves for its own tags. Received: "AWS:cost"',
  ],
  [
    'reserved tag value',
    set(dev, 'tags', { owner: 'aws:team' }),
    'Invalid config tags.owner: must not start with "aws:", a prefix AWS reserves for its own tags. Received: "aws:team"',
  ],
  [
    'tag key over 128',
    set(dev, 'tags', { [longKey]: 'x' }),
    `Invalid config tags.${longKey}: key must be 1–128 characters long (AWS tag key limit). Received: "${longKey}"`,
  ],
  [
    'tag value over 256',
    set(dev, 'tags', { owner: 'v'.repeat(257) }),
    `Invalid config tags.owner: must be at most 256 characters long (AWS tag value limit). Received: "${'v'.repeat(257)}"`,
  ],
  [
    'tag key character',
    set(dev, 'tags', { 'cost#center': 'x' }),
    `Invalid config tags.cost#center: key ${tagChars}. Received: "cost#center"`,
  ],
  [
    'tag value character',
    set(dev, 'tags', { owner: 'a<b' }),
    `Invalid config tags.owner: ${tagChars}. Received: "a<b"`,
  ],
  [
    'tag value not a string',
    set(dev, 'tags', { owner: 1 }),
    'Invalid config tags.owner: Invalid input: expected string, received number. Received: 1',
  ],
  [
    'environment tag',
    set(dev, 'tags', { environment: 'production' }),
    'Invalid config tags.environment: is a tag the stack sets itself ("dev", from config environment); remove it from tags. Received: "production"',
  ],
  [
    'project tag',
    set(dev, 'tags', { project: 'web' }),
    'Invalid config tags.project: is a tag the stack sets itself ("icelog", from the stack); remove it from tags. Received: "web"',
  ],
  [
    'managed-by tag',
    set(dev, 'tags', { 'managed-by': 'terraform' }),
    'Invalid config tags.managed-by: is a tag the stack sets itself ("cdktf", from the stack); remove it from tags. Received: "terraform"',
  ],
  [
    'too many tags',
    set(dev, 'tags', tooManyTags),
    'Invalid config tags: must hold at most 47 tags: AWS allows 50 per resource and the stack sets 3 itself (project, environment, managed-by). Received: "48 tags"',
  ],
  // ARNs
  [
    'warehouse key alias',
    set(dev, 'catalog.kmsKeyArn', 'arn:aws:kms:eu-west-1:111122223333:alias/warehouse'),
    `Invalid config catalog.kmsKeyArn: ${kmsRule}. Received: "arn:aws:kms:eu-west-1:111122223333:alias/warehouse"`,
  ],
  [
    'warehouse key in another region',
    set(dev, 'catalog.kmsKeyArn', key('us-east-1')),
    `Invalid config catalog.kmsKeyArn: ${kmsRegion('us-east-1')}. Received: "${key('us-east-1')}"`,
  ],
  [
    'warehouse key in another partition',
    set(dev, 'catalog.kmsKeyArn', key('cn-north-1', 'aws-cn')),
    `Invalid config catalog.kmsKeyArn: ${partitionRule('aws-cn')}. Received: "${key('cn-north-1', 'aws-cn')}"`,
  ],
  [
    'warehouse key with a short account',
    set(dev, 'catalog.kmsKeyArn', 'arn:aws:kms:eu-west-1:1111:key/abc'),
    `Invalid config catalog.kmsKeyArn: ${kmsRule}. Received: "arn:aws:kms:eu-west-1:1111:key/abc"`,
  ],
  [
    'stream key in another region',
    set(dev, 'delivery.source', { kind: 'direct-put', kmsKeyArn: key('eu-central-1') }),
    `Invalid config delivery.source.kmsKeyArn: ${kmsRegion('eu-central-1')}. Received: "${key('eu-central-1')}"`,
  ],
  [
    'Kinesis key in another region',
    set(dev, 'delivery.source', { kind: 'kinesis', kmsKeyArn: key('us-west-2') }),
    `Invalid config delivery.source.kmsKeyArn: ${kmsRegion('us-west-2')}. Received: "${key('us-west-2')}"`,
  ],
  [
    'Kinesis key as an alias name',
    set(dev, 'delivery.source', { kind: 'kinesis', kmsKeyArn: 'alias/aws/kinesis' }),
    `Invalid config delivery.source.kmsKeyArn: ${kmsRule}. Received: "alias/aws/kinesis"`,
  ],
  [
    'certificate in another region',
    set(prod, 'service.loadBalancer.certificateArn', CERTIFICATE_ARN.replace('eu-west-1', 'us-east-1')),
    `Invalid config service.loadBalancer.certificateArn: must be in the stack's region "eu-west-1", not "us-east-1": ACM certificates are regional and a load balancer can only use a certificate of its own region (request or import it there). Received: "${CERTIFICATE_ARN.replace('eu-west-1', 'us-east-1')}"`,
  ],
  [
    'certificate in another partition',
    set(
      prod,
      'service.loadBalancer.certificateArn',
      CERTIFICATE_ARN.replace('arn:aws:acm:eu-west-1', 'arn:aws-cn:acm:cn-north-1'),
    ),
    `Invalid config service.loadBalancer.certificateArn: ${partitionRule('aws-cn')}. Received: "${CERTIFICATE_ARN.replace('arn:aws:acm:eu-west-1', 'arn:aws-cn:acm:cn-north-1')}"`,
  ],
  [
    'certificate ARN shape',
    set(prod, 'service.loadBalancer.certificateArn', 'arn:aws:acm:eu-west-1:111122223333:cert/x'),
    `Invalid config service.loadBalancer.certificateArn: ${certRule}. Received: "arn:aws:acm:eu-west-1:111122223333:cert/x"`,
  ],
  [
    'server certificate of another partition',
    set(
      prod,
      'service.loadBalancer.certificateArn',
      'arn:aws-us-gov:iam::111122223333:server-certificate/web',
    ),
    `Invalid config service.loadBalancer.certificateArn: ${partitionRule('aws-us-gov')}. Received: "arn:aws-us-gov:iam::111122223333:server-certificate/web"`,
  ],
  // Load balancer
  [
    'internet-facing without a certificate',
    set(prod, 'service.loadBalancer.certificateArn', undefined),
    'Invalid config service.loadBalancer.certificateArn: is required for an internet-facing load balancer, or it serves plain HTTP to the internet; set service.loadBalancer.allowPlainHttp to true if that is intended. Received: undefined',
  ],
  [
    'internet-facing without subnets of its own',
    set(prod, 'service.loadBalancer.subnetIds', undefined),
    "Invalid config service.loadBalancer.subnetIds: is required for an internet-facing load balancer: list two or more public subnets in different Availability Zones (the tasks' subnets are not used for it). Received: undefined",
  ],
  [
    'load balancer on one subnet',
    set(prod, 'service.loadBalancer.subnetIds', [PUBLIC_SUBNETS[0]]),
    `Invalid config service.loadBalancer.subnetIds: must list at least two subnets in different Availability Zones (an Application Load Balancer needs two). Received: ["${PUBLIC_SUBNETS[0]}"]`,
  ],
  [
    'load balancer subnet twice',
    set(prod, 'service.loadBalancer.subnetIds', [PUBLIC_SUBNETS[0], PUBLIC_SUBNETS[0]]),
    `Invalid config service.loadBalancer.subnetIds: must not contain duplicates ("${PUBLIC_SUBNETS[0]}" appears twice). Received: ["${PUBLIC_SUBNETS[0]}","${PUBLIC_SUBNETS[0]}"]`,
  ],
  [
    'load balancer subnet id',
    set(prod, 'service.loadBalancer.subnetIds', [PUBLIC_SUBNETS[0], 'public-b']),
    'Invalid config service.loadBalancer.subnetIds[1]: must be a subnet id such as "subnet-0123456789abcdef0". Received: "public-b"',
  ],
  [
    'load balancer in the task subnets',
    set(prod, 'service.loadBalancer.subnetIds', [shared, PUBLIC_SUBNETS[1]]),
    `Invalid config service.loadBalancer.subnetIds: must be public subnets of their own, not the tasks' subnets in service.network.subnetIds (${shared}): an internet-facing load balancer needs a route to an internet gateway, the tasks do not. Received: ["${shared}","${PUBLIC_SUBNETS[1]}"]`,
  ],
  [
    'plain HTTP opt-in with a certificate',
    set(prod, 'service.loadBalancer.allowPlainHttp', true),
    'Invalid config service.loadBalancer.allowPlainHttp: must only be set for an internet-facing load balancer without certificateArn. Received: true',
  ],
  [
    'plain HTTP opt-in on an internal load balancer',
    set(
      set(prod, 'service.loadBalancer', { internetFacing: false, allowPlainHttp: true }),
      'service.loadBalancer.deletionProtection',
      false,
    ),
    'Invalid config service.loadBalancer.allowPlainHttp: must only be set for an internet-facing load balancer without certificateArn. Received: true',
  ],
  [
    'internal load balancer on the single task subnet',
    set(set(prod, 'service.network.subnetIds', [TASK_SUBNETS[0]]), 'service.loadBalancer', {
      internetFacing: false,
      certificateArn: CERTIFICATE_ARN,
      deletionProtection: false,
    }),
    `Invalid config service.network.subnetIds: must list at least two subnets in different Availability Zones when the load balancer uses them (an Application Load Balancer needs two), or set service.loadBalancer.subnetIds. Received: ["${TASK_SUBNETS[0]}"]`,
  ],
  // Network
  [
    'task subnet id',
    set(prod, 'service.network.subnetIds', ['subnet-xyz']),
    'Invalid config service.network.subnetIds[0]: must be a subnet id such as "subnet-0123456789abcdef0". Received: "subnet-xyz"',
  ],
  [
    'no task subnets',
    set(prod, 'service.network.subnetIds', []),
    'Invalid config service.network.subnetIds: must contain at least one entry. Received: []',
  ],
  [
    'VPC id',
    set(prod, 'service.network.vpcId', 'vpc-1'),
    'Invalid config service.network.vpcId: must be a VPC id such as "vpc-0123456789abcdef0". Received: "vpc-1"',
  ],
  [
    'the whole IPv4 internet without opting in',
    set(dev, 'service.ingressCidrs', ['0.0.0.0/0']),
    'Invalid config service.ingressCidrs[0]: opens the service to the whole internet; set service.allowPublicIngress to true if that is intended. Received: "0.0.0.0/0"',
  ],
  [
    'the whole IPv6 internet without opting in',
    set(dev, 'service.ingressCidrs', ['::/0']),
    'Invalid config service.ingressCidrs[0]: opens the service to the whole internet; set service.allowPublicIngress to true if that is intended. Received: "::/0"',
  ],
  [
    'CIDR with host bits',
    set(dev, 'service.ingressCidrs', ['10.0.0.1/8']),
    'Invalid config service.ingressCidrs[0]: must be a network address: the bits after the prefix length must be zero. Received: "10.0.0.1/8"',
  ],
  [
    'CIDR prefix too long',
    set(dev, 'service.ingressCidrs', ['10.0.0.0/33']),
    'Invalid config service.ingressCidrs[0]: must have a prefix length from 0 to 32. Received: "10.0.0.0/33"',
  ],
  [
    'CIDR twice',
    set(dev, 'service.ingressCidrs', ['10.0.0.0/8', '10.0.0.0/8']),
    'Invalid config service.ingressCidrs: must not contain duplicates ("10.0.0.0/8" appears twice). Received: ["10.0.0.0/8","10.0.0.0/8"]',
  ],
  // Service
  [
    'nginx image without a tag',
    set(dev, 'service.nginxImage', 'nginx'),
    'Invalid config service.nginxImage: must be pinned: a tag with a version number (e.g. ":1.28.0") or a digest ("@sha256:…"), not a moving tag. Received: "nginx"',
  ],
  [
    'nginx image latest',
    set(dev, 'service.nginxImage', 'nginx:latest'),
    'Invalid config service.nginxImage: must be pinned: a tag with a version number (e.g. ":1.28.0") or a digest ("@sha256:…"), not a moving tag. Received: "nginx:latest"',
  ],
  [
    'service log retention',
    set(dev, 'service.logRetentionDays', 13),
    `Invalid config service.logRetentionDays: ${retention}. Received: 13`,
  ],
  [
    'negative desired count',
    set(dev, 'service.desiredCount', -1),
    'Invalid config service.desiredCount: must be an integer from 0 to 5000 (tasks). Received: -1',
  ],
  [
    'desired count over 5000',
    set(dev, 'service.desiredCount', 5001),
    'Invalid config service.desiredCount: must be an integer from 0 to 5000 (tasks). Received: 5001',
  ],
  [
    'fractional desired count',
    set(dev, 'service.desiredCount', 1.5),
    'Invalid config service.desiredCount: must be an integer from 0 to 5000 (tasks). Received: 1.5',
  ],
  // Routing and catalog
  [
    'status below 100',
    set(dev, 'routing.statuses', [200, 99]),
    'Invalid config routing.statuses[1]: must be an integer from 100 to 599. Received: 99',
  ],
  [
    'status above 599',
    set(dev, 'routing.statuses', [600]),
    'Invalid config routing.statuses[0]: must be an integer from 100 to 599. Received: 600',
  ],
  [
    'fractional status',
    set(dev, 'routing.statuses', [200.5]),
    'Invalid config routing.statuses[0]: must be an integer from 100 to 599. Received: 200.5',
  ],
  [
    'status twice',
    set(dev, 'routing.statuses', [200, 404, 200]),
    'Invalid config routing.statuses: must not contain duplicates ("200" appears twice). Received: [200,404,200]',
  ],
  [
    'no status',
    set(dev, 'routing.statuses', []),
    'Invalid config routing.statuses: must contain at least one entry. Received: []',
  ],
  [
    'more statuses than IAM policies hold',
    set(dev, 'routing.statuses', statuses(137)),
    `Invalid config routing.statuses: must route at most 136 statuses with these names: with 137, the inline policies of aws_iam_role.Delivery_Role_A8900B86 render to 10,302 characters, over IAM's limit of 10,240 per role (each routed status adds 67 characters: its table's ARN, named exactly). Received: ${JSON.stringify(statuses(137))}`,
  ],
  [
    'table prefix',
    set(dev, 'routing.tablePrefix', 'Req-'),
    'Invalid config routing.tablePrefix: must start with a lower-case letter and contain only lower-case letters, digits and underscores, so that every table name it produces is a valid Glue name. Received: "Req-"',
  ],
  [
    'database name',
    set(dev, 'catalog.databaseName', 'web-logs'),
    'Invalid config catalog.databaseName: must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires). Received: "web-logs"',
  ],
  [
    'warehouse bucket prefix',
    set(dev, 'catalog.warehouseBucketPrefix', 'Icelog-'),
    'Invalid config catalog.warehouseBucketPrefix: must be 1–37 characters of [a-z0-9.-] starting with a letter or digit (Terraform appends 26 characters). Received: "Icelog-"',
  ],
  [
    'warehouse bucket prefix too long',
    set(dev, 'catalog.warehouseBucketPrefix', 'a'.repeat(38)),
    `Invalid config catalog.warehouseBucketPrefix: must be 1–37 characters of [a-z0-9.-] starting with a letter or digit (Terraform appends 26 characters). Received: "${'a'.repeat(38)}"`,
  ],
  [
    'error output expiry',
    set(dev, 'catalog.errorOutputExpirationDays', 0),
    'Invalid config catalog.errorOutputExpirationDays: must be an integer from 1 to 36500 (days). Received: 0',
  ],
  // Delivery
  [
    'stream name with a space',
    set(dev, 'delivery.streamName', 'web logs'),
    'Invalid config delivery.streamName: must be 1–64 characters of [a-zA-Z0-9_.-]. Received: "web logs"',
  ],
  [
    'stream name over 64',
    set(dev, 'delivery.streamName', 's'.repeat(65)),
    `Invalid config delivery.streamName: must be 1–64 characters of [a-zA-Z0-9_.-]. Received: "${'s'.repeat(65)}"`,
  ],
  [
    'buffering interval over 900',
    set(dev, 'delivery.buffering', { intervalSeconds: 901, sizeMiB: 5 }),
    'Invalid config delivery.buffering.intervalSeconds: must be an integer from 0 to 900 (seconds). Received: 901',
  ],
  [
    'buffering size over 128',
    set(dev, 'delivery.buffering', { intervalSeconds: 60, sizeMiB: 129 }),
    'Invalid config delivery.buffering.sizeMiB: must be an integer from 1 to 128 (MiB). Received: 129',
  ],
  [
    'buffering size 0',
    set(dev, 'delivery.buffering', { intervalSeconds: 60, sizeMiB: 0 }),
    'Invalid config delivery.buffering.sizeMiB: must be an integer from 1 to 128 (MiB). Received: 0',
  ],
  [
    'retry over 7200',
    set(dev, 'delivery.retryDurationSeconds', 7201),
    'Invalid config delivery.retryDurationSeconds: must be an integer from 0 to 7200 (seconds). Received: 7201',
  ],
  [
    'delivery log retention',
    set(dev, 'delivery.logRetentionDays', 0),
    `Invalid config delivery.logRetentionDays: ${retention}. Received: 0`,
  ],
  [
    'empty expected ingest',
    set(dev, 'delivery.expectedIngest', {}),
    'Invalid config delivery.expectedIngest: must set at least one of bytesPerSecond, recordsPerSecond, requestsPerSecond (or leave expectedIngest unset). Received: {}',
  ],
  [
    'negative expected ingest',
    set(dev, 'delivery.expectedIngest', { recordsPerSecond: -1 }),
    'Invalid config delivery.expectedIngest.recordsPerSecond: must be a finite number ≥ 0. Received: -1',
  ],
  [
    'ingest over the Direct PUT quota',
    set(prod, 'delivery.expectedIngest', { bytesPerSecond: 50_000_000 }),
    "Invalid config delivery.expectedIngest.bytesPerSecond: must not exceed the Direct PUT quota of 5 MiB/s (5,242,880 bytes/s) per delivery stream in eu-west-1 (the default quota); use a Kinesis Data Stream source instead: set delivery.source to { kind: 'kinesis', capacity: { shards: 60 } } (keeps this ingest under 80 % of 1 MiB/s and 1,000 records/s of writes per shard), or to { kind: 'kinesis', capacity: 'on-demand' }. Received: 50000000",
  ],
  [
    'ingest over the shards',
    set(
      set(dev, 'delivery.source', { kind: 'kinesis', capacity: { shards: 1 } }),
      'delivery.expectedIngest',
      { recordsPerSecond: 2_500 },
    ),
    "Invalid config delivery.expectedIngest.recordsPerSecond: must not exceed the write capacity of the Kinesis source stream, 1 shard(s) × 1,000 records/s = 1,000 records/s; set delivery.source.capacity to { shards: 4 } (keeps this ingest under 80 % of 1 MiB/s and 1,000 records/s of writes per shard), or to 'on-demand'. Received: 2500",
  ],
  [
    'no shards',
    set(dev, 'delivery.source', { kind: 'kinesis', capacity: { shards: 0 } }),
    'Invalid config delivery.source.capacity.shards: must be an integer from 1 to 10000 (shards). Received: 0',
  ],
  [
    'too many shards',
    set(dev, 'delivery.source', { kind: 'kinesis', capacity: { shards: 10_001 } }),
    'Invalid config delivery.source.capacity.shards: must be an integer from 1 to 10000 (shards). Received: 10001',
  ],
  // Smoke
  [
    'smoke workgroup name',
    set(dev, 'smoke.workgroupName', 'smoke test'),
    'Invalid config smoke.workgroupName: must be 1–128 characters of [a-zA-Z0-9._-]. Received: "smoke test"',
  ],
  [
    'smoke results expiry',
    set(dev, 'smoke.resultsExpirationDays', 0),
    'Invalid config smoke.resultsExpirationDays: must be an integer from 1 to 36500 (days). Received: 0',
  ],
];

describe('bad configuration stops synth, names the config path, writes nothing', () => {
  test.each(configCases)('%s', (_name, config, problem) => {
    const run = synthEnvironment(root.dir, config);
    expect(run.stderr).toBe(`icelog: icelog-test: Invalid icelog configuration:\n  - ${problem}\n`);
    expect(run.exitCode).toBe(1);
    expect(run.files).toEqual([]);
  });

  const advised = configCases.filter(([, , problem]) => /set [\w.]+ to |did you mean/.test(problem));

  test.each(advised)(
    'the advice for "%s" is configuration that synthesizes when applied',
    (_n, config, problem) => {
      const field = /^Invalid config ([^:]+):/.exec(problem)![1];
      const advice = adviceIn(problem, field)!;
      const run = synthEnvironment(root.dir, withValue(config, advice.path, advice.value));
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBeUndefined();
      expect(run.files).toContain('stacks/icelog-test/cdk.tf.json');
    },
  );

  test('the table is as large as the issue asks', () => {
    expect(configCases.length + constructCases.length).toBeGreaterThanOrEqual(80);
    expect(configCases.length).toBeGreaterThanOrEqual(80);
    expect(advised.length).toBeGreaterThanOrEqual(6);
    expect(goodEdges.length).toBeGreaterThanOrEqual(10);
  });
});

const goodEdges: [string, IcelogConfigInput][] = [
  ['the newest region of the list', set(dev, 'region', 'ap-southeast-7')],
  ['the shortest buffering', set(dev, 'delivery.buffering', { intervalSeconds: 0, sizeMiB: 1 })],
  [
    'the longest buffering and retry',
    set(
      set(dev, 'delivery.buffering', { intervalSeconds: 900, sizeMiB: 128 }),
      'delivery.retryDurationSeconds',
      7200,
    ),
  ],
  ['no tasks', set(dev, 'service.desiredCount', 0)],
  ['the first and last status', set(dev, 'routing.statuses', [100, 599])],
  ['as many statuses as IAM policies hold', set(dev, 'routing.statuses', statuses(136))],
  [
    '47 tags at the length limits, Unicode and empty values',
    set(dev, 'tags', {
      ...Object.fromEntries(Array.from({ length: 44 }, (_, i) => [`team${i}`, ''])),
      ['k'.repeat(128)]: 'v'.repeat(256),
      Équipe: 'Données/ventes @ 2026',
      'cost center': 'a+b=c:d',
    }),
  ],
  ['a state key in a deeper environment folder', set(dev, 'state.key', 'teams/platform/dev/icelog.tfstate')],
  [
    'a multi-Region key replica in the stack region',
    set(
      dev,
      'catalog.kmsKeyArn',
      'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab',
    ),
  ],
  [
    'keys in the stack region for the warehouse and a Kinesis source',
    set(set(dev, 'catalog.kmsKeyArn', key('eu-west-1')), 'delivery.source', {
      kind: 'kinesis',
      capacity: { shards: 2 },
      kmsKeyArn: key('eu-west-1'),
    }),
  ],
  [
    'an IAM server certificate',
    set(prod, 'service.loadBalancer.certificateArn', 'arn:aws:iam::111122223333:server-certificate/web/prod'),
  ],
  [
    'plain HTTP to the internet when asked for',
    set(
      set(prod, 'service.loadBalancer.certificateArn', undefined),
      'service.loadBalancer.allowPlainHttp',
      true,
    ),
  ],
  [
    'an internal load balancer in the task subnets',
    set(prod, 'service.loadBalancer', {
      internetFacing: false,
      certificateArn: CERTIFICATE_ARN,
      deletionProtection: false,
    }),
  ],
  [
    'IPv6 from anywhere when asked for',
    set(set(dev, 'service.ingressCidrs', ['::/0', '203.0.113.0/24']), 'service.allowPublicIngress', true),
  ],
];

describe('edge values that AWS accepts are accepted', () => {
  test.each(goodEdges)('%s', (_name, config) => {
    const run = synthEnvironment(root.dir, config);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBeUndefined();
    expect(run.files).toContain('stacks/icelog-test/cdk.tf.json');
  });
});

/** Construct props given directly (another team's stack): the construct's own field names. */
const constructCases: [name: string, build: (stack: TerraformStack) => void, message: string][] = [
  [
    'internet-facing load balancer without its own subnets',
    (stack) => service(stack, { internetFacing: true, certificateArn: CERTIFICATE_ARN }),
    "Invalid loadBalancer.subnetIds: is required for an internet-facing load balancer: list two or more public subnets in different Availability Zones (the tasks' subnets are not used for it). Received: undefined",
  ],
  [
    'internet-facing load balancer without a certificate',
    (stack) => service(stack, { internetFacing: true, subnetIds: PUBLIC_SUBNETS }),
    'Invalid loadBalancer.certificateArn: is required for an internet-facing load balancer, or it serves plain HTTP to the internet; set loadBalancer.allowPlainHttp to true if that is intended. Received: undefined',
  ],
  [
    'load balancer on one subnet',
    (stack) => service(stack, { subnetIds: [PUBLIC_SUBNETS[0]] }),
    `Invalid loadBalancer.subnetIds: must list at least two subnets in different Availability Zones (an Application Load Balancer needs two). Received: ["${PUBLIC_SUBNETS[0]}"]`,
  ],
  [
    'state key with ".."',
    (stack) =>
      configureStateBackend(stack, {
        bucket: 'state',
        key: 'a/../dev/x.tfstate',
        region: 'eu-west-1',
        environment: 'dev',
      }),
    'Invalid state.key: must not contain "//" or "." / ".." segments: S3 keeps them literally, so the key would not be the state it looks like. Received: "a/../dev/x.tfstate"',
  ],
  [
    'state key of another environment',
    (stack) =>
      configureStateBackend(stack, {
        bucket: 'state',
        key: 'icelog/prod/terraform.tfstate',
        region: 'eu-west-1',
        environment: 'dev',
      }),
    'Invalid state.key: must keep the state in a folder named after the environment ("…/dev/<name>.tfstate"), so that no other environment can share it; set state.key to "icelog/dev/terraform.tfstate" or leave it unset. Received: "icelog/prod/terraform.tfstate"',
  ],
  [
    'state bucket region typo',
    (stack) =>
      configureStateBackend(stack, { bucket: 'state', key: 'dev/terraform.tfstate', region: 'eu-wst-1' }),
    'Invalid state.region: must be a known AWS region; did you mean "eu-west-1"? (the list is AWS_REGIONS in @icelog/core). Received: "eu-wst-1"',
  ],
  [
    'routing without statuses',
    () => new StatusRouting({ databaseName: 'web_logs', statuses: [] }),
    'Invalid statuses: must contain at least one entry. Received: []',
  ],
  [
    'routing status out of range',
    () => new StatusRouting({ databaseName: 'web_logs', statuses: [1000] }),
    'Invalid statuses[0]: must be an integer from 100 to 599. Received: 1000',
  ],
];

function service(stack: TerraformStack, loadBalancer: FireLensLoadBalancerProps): void {
  new FireLensService(stack, 'Web', {
    serviceName: 'web',
    deliveryStream: IcebergDeliveryStream.fromDeliveryStreamArn(
      stack,
      'Stream',
      'arn:aws:firehose:eu-west-1:111122223333:deliverystream/web',
    ),
    network: {
      vpc: { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: TASK_SUBNETS },
      ingressCidrs: ['10.0.0.0/8'],
    },
    loadBalancer,
  });
}

describe('bad construct props stop synth with the prop name, nothing written', () => {
  test.each(constructCases)('%s', (_name, build, message) => {
    const outdir = mkdtempSync(join(root.dir, 'construct-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'team');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    let thrown: unknown;
    try {
      build(stack);
      app.synth();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as Error).message).toBe(message);
    expect(filesBelow(outdir)).toEqual([]);
  });
});
