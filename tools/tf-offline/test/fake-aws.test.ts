import { request } from 'node:http';
import {
  DescribeAvailabilityZonesCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { ANSWERED_CALLS, defaultNetwork, FakeAwsServer, NOT_IMPLEMENTED_CODE, summarizeCalls } from '../src';
import { parseAwsRequest } from '../src/fake-aws/protocol';

const auth = (service: string, region = 'eu-west-1') =>
  `AWS4-HMAC-SHA256 Credential=AKIAICELOGOFFLINEFAKE/20250101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;

describe('parseAwsRequest', () => {
  it('reads service and region from the SigV4 scope and the action of a query request', () => {
    const r = parseAwsRequest(
      'POST',
      '/',
      { authorization: auth('sts'), 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      'Action=GetCallerIdentity&Version=2011-06-15',
    );
    expect([r.service, r.region, r.action, r.protocol]).toEqual([
      'sts',
      'eu-west-1',
      'GetCallerIdentity',
      'query',
    ]);
  });

  it('reads the X-Amz-Target of a JSON request', () => {
    const r = parseAwsRequest(
      'POST',
      '/',
      { authorization: auth('firehose'), 'x-amz-target': 'Firehose_20150804.DescribeDeliveryStream' },
      '{}',
    );
    expect([r.service, r.action, r.protocol]).toEqual(['firehose', 'DescribeDeliveryStream', 'json']);
  });

  it('names REST calls by method and path, XML for S3', () => {
    const s3 = parseAwsRequest('HEAD', '/my-bucket', { authorization: auth('s3') }, '');
    expect([s3.action, s3.protocol]).toEqual(['HEAD /my-bucket', 'rest-xml']);
    const glue = parseAwsRequest('GET', '/v1/x?y=1', { authorization: auth('lambda') }, '');
    expect([glue.action, glue.protocol]).toEqual(['GET /v1/x', 'rest-json']);
  });

  it('reads the operation of an RPC v2 CBOR request', () => {
    const r = parseAwsRequest(
      'POST',
      '/service/GraniteServiceVersion20100801/operation/GetMetricData',
      {
        authorization: auth('monitoring'),
        'smithy-protocol': 'rpc-v2-cbor',
      },
      '',
    );
    expect([r.service, r.action, r.protocol]).toEqual(['monitoring', 'GetMetricData', 'rpc-v2-cbor']);
  });

  it('marks unsigned requests as unknown service in us-east-1', () => {
    const r = parseAwsRequest('GET', '/latest/meta-data/', {}, '');
    expect([r.service, r.region]).toEqual(['unknown', 'us-east-1']);
  });
});

describe('FakeAwsServer', () => {
  let fake: FakeAwsServer;
  beforeEach(async () => {
    fake = await FakeAwsServer.start({ accountId: '210987654321' });
  });
  afterEach(() => fake.close());

  const post = (service: string, body: string, region = 'eu-west-1') =>
    fetch(fake.url, {
      method: 'POST',
      headers: { authorization: auth(service, region), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });

  it('listens on 127.0.0.1 only', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers STS GetCallerIdentity in XML with the account and the partition of the region', async () => {
    const res = await post('sts', 'Action=GetCallerIdentity&Version=2011-06-15', 'cn-north-1');
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain('<Account>210987654321</Account>');
    expect(xml).toContain('<Arn>arn:aws-cn:iam::210987654321:user/icelog-tf-offline</Arn>');
    expect(fake.calls).toEqual([
      {
        service: 'sts',
        action: 'GetCallerIdentity',
        region: 'cn-north-1',
        protocol: 'query',
        answered: true,
      },
    ]);
  });

  it('answers every other call with an error naming service and action, and lists it', async () => {
    const res = await post('iam', 'Action=GetRole&RoleName=x&Version=2010-05-08');
    expect(res.status).toBe(400);
    const xml = await res.text();
    expect(xml).toContain(`<Code>${NOT_IMPLEMENTED_CODE}</Code>`);
    expect(xml).toContain('icelog-tf-offline fake AWS does not implement iam GetRole.');
    const json = await fetch(fake.url, {
      method: 'POST',
      headers: {
        authorization: auth('firehose'),
        'x-amz-target': 'Firehose_20150804.DescribeDeliveryStream',
      },
      body: '{}',
    });
    expect(json.headers.get('x-amzn-errortype')).toBe(NOT_IMPLEMENTED_CODE);
    expect(((await json.json()) as { message: string }).message).toMatch(
      /^icelog-tf-offline fake AWS does not implement firehose DescribeDeliveryStream\./,
    );
    expect(fake.unsupportedCalls().map((c) => `${c.service} ${c.action}`)).toEqual([
      'iam GetRole',
      'firehose DescribeDeliveryStream',
    ]);
    expect(summarizeCalls(fake.calls)).toBe('iam GetRole ×1, firehose DescribeDeliveryStream ×1');
  });

  it('refuses proxy tunnels (HTTPS) and records where they were going', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: Number(new URL(fake.url).port),
        method: 'CONNECT',
        path: 'sts.amazonaws.com:443',
      });
      req.on('connect', (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect(fake.blockedConnections).toEqual(['CONNECT sts.amazonaws.com:443']);
    expect(fake.calls).toEqual([]);
  });

  it('refuses plain HTTP proxy requests', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: Number(new URL(fake.url).port),
          path: 'http://169.254.169.254/latest/meta-data/',
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect(fake.blockedConnections).toEqual(['GET http://169.254.169.254/latest/meta-data/']);
  });

  it('lists the calls it answers', () => {
    expect(ANSWERED_CALLS).toEqual([
      'ec2:DescribeAvailabilityZones',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcAttribute',
      'ec2:DescribeVpcs',
      'sts:GetCallerIdentity',
    ]);
  });
});

describe('FakeAwsServer EC2, read by the real AWS SDK', () => {
  let fake: FakeAwsServer;
  let ec2: EC2Client;
  const net = defaultNetwork('eu-west-1');
  beforeAll(async () => {
    fake = await FakeAwsServer.start();
    ec2 = new EC2Client({
      region: 'eu-west-1',
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIAICELOGOFFLINEFAKE', secretAccessKey: 'fake' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    ec2.destroy();
    await fake.close();
  });

  it('has one default VPC', async () => {
    const out = await ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }),
    );
    expect(out.Vpcs).toHaveLength(1);
    expect(out.Vpcs![0]).toMatchObject({
      VpcId: net.vpcId,
      IsDefault: true,
      CidrBlock: '172.31.0.0/16',
      OwnerId: '123456789012',
      State: 'available',
    });
  });

  it('matches nothing for filters the fake cannot satisfy (tags)', async () => {
    const out = await ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['prod'] }] }),
    );
    expect(out.Vpcs).toEqual([]);
  });

  it('has two default subnets in the first two zones of the region', async () => {
    const out = await ec2.send(
      new DescribeSubnetsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [net.vpcId] },
          { Name: 'default-for-az', Values: ['true'] },
        ],
      }),
    );
    expect(out.Subnets!.map((s) => [s.SubnetId, s.AvailabilityZone, s.CidrBlock])).toEqual([
      ['subnet-0ce10f0ff11ne00a1', 'eu-west-1a', '172.31.0.0/20'],
      ['subnet-0ce10f0ff11ne00b2', 'eu-west-1b', '172.31.16.0/20'],
    ]);
  });

  it('says a subnet id it does not have does not exist', async () => {
    await expect(ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-404'] }))).rejects.toMatchObject({
      name: 'InvalidSubnetID.NotFound',
      message: "The SubnetId 'subnet-404' does not exist",
    });
  });

  it('answers VPC attributes and availability zones', async () => {
    const dns = await ec2.send(
      new DescribeVpcAttributeCommand({ VpcId: net.vpcId, Attribute: 'enableDnsHostnames' }),
    );
    expect(dns.EnableDnsHostnames?.Value).toBe(true);
    const zones = await ec2.send(
      new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }] }),
    );
    expect(zones.AvailabilityZones!.map((z) => z.ZoneName)).toEqual(['eu-west-1a', 'eu-west-1b']);
  });
});
