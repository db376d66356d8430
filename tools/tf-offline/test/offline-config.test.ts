import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AWS_PROVIDER_ENDPOINTS,
  FAKE_CREDENTIALS,
  offlineStackConfig,
  OfflineConfigError,
  pinnedAccountId,
  primaryEndpointNames,
} from '../src';

const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'small-stack', 'cdk.tf.json'), 'utf8'));
const URL_ = 'http://127.0.0.1:40000';
const options = {
  endpointUrl: URL_,
  proxyUrl: URL_,
  endpointNames: primaryEndpointNames(AWS_PROVIDER_ENDPOINTS),
};

const rewrite = (stack: unknown): any => offlineStackConfig(stack, options);

describe('backend swap', () => {
  const { config, notes } = rewrite(fixture);

  it('replaces the S3 backend with a local one in the working directory', () => {
    expect(config.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
    expect(notes).toContain('backend "s3" replaced by a local backend');
  });

  it('keeps the provider requirements', () => {
    expect(config.terraform.required_providers).toEqual({ aws: { source: 'aws', version: '5.100.0' } });
  });

  it('replaces a Terraform Cloud block too', () => {
    const out = rewrite({ terraform: { cloud: { organization: 'o' } } });
    expect(out.config.terraform).toEqual({ backend: { local: { path: 'terraform.tfstate' } } });
    expect(out.notes).toContain('cloud block replaced by a local backend');
  });

  it('leaves the input untouched', () => {
    expect(fixture.terraform.backend.s3.bucket).toBe('icelog-terraform-state-example');
  });
});

describe('provider block', () => {
  const { config } = rewrite(fixture);
  const aws = config.provider.aws[0];

  it('keeps region and default tags, and signs with fake static credentials', () => {
    expect(aws.region).toBe('eu-west-1');
    expect(aws.default_tags).toEqual([{ tags: { app: 'icelog', env: 'test' } }]);
    expect(aws.access_key).toBe(FAKE_CREDENTIALS.accessKey);
    expect(aws.secret_key).toBe(FAKE_CREDENTIALS.secretKey);
  });

  it('skips every check that would call AWS, uses path-style S3 and the refusing proxy', () => {
    expect(aws).toMatchObject({
      skip_credentials_validation: true,
      skip_metadata_api_check: 'true',
      skip_region_validation: true,
      skip_requesting_account_id: true,
      s3_use_path_style: true,
      max_retries: 1,
      http_proxy: URL_,
      https_proxy: URL_,
      no_proxy: '127.0.0.1,localhost',
    });
  });

  it('points every primary endpoint name of the provider at the fake, and no alias', () => {
    const endpoints = aws.endpoints[0];
    expect(Object.keys(endpoints)).toHaveLength(
      AWS_PROVIDER_ENDPOINTS.names.length - Object.keys(AWS_PROVIDER_ENDPOINTS.aliases).length,
    );
    expect(new Set(Object.values(endpoints))).toEqual(new Set([URL_]));
    for (const name of [
      'sts',
      'ec2',
      's3',
      'glue',
      'firehose',
      'kinesis',
      'iam',
      'logs',
      'athena',
      'ecs',
      'kms',
    ]) {
      expect(endpoints[name]).toBe(URL_);
    }
    for (const alias of ['s3api', 'cloudwatchlogs', 'cloudwatchevents', 'beanstalk'])
      expect(endpoints).not.toHaveProperty(alias);
  });

  it('drops connection settings that would reach the network or real credentials, and says so', () => {
    const out = rewrite({
      provider: {
        aws: [
          {
            alias: 'west',
            region: 'us-west-2',
            profile: 'prod',
            assume_role: [{ role_arn: 'arn:aws:iam::111111111111:role/deploy' }],
            endpoints: [{ s3: 'https://s3.example.com' }],
            allowed_account_ids: ['111111111111'],
          },
        ],
      },
    });
    const p = out.config.provider.aws[0];
    expect(p.alias).toBe('west');
    expect(p.allowed_account_ids).toEqual(['111111111111']);
    expect(p).not.toHaveProperty('profile');
    expect(p).not.toHaveProperty('assume_role');
    expect(p.endpoints[0].s3).toBe(URL_);
    expect(out.notes).toEqual(['provider aws[0] (west): dropped assume_role, endpoints, profile']);
  });

  it('accepts the object form of a provider block, and adds one when the stack has none', () => {
    expect(rewrite({ provider: { aws: { region: 'eu-west-1' } } }).config.provider.aws).toHaveLength(1);
    const none = rewrite({});
    expect(none.config.provider.aws[0].access_key).toBe(FAKE_CREDENTIALS.accessKey);
    expect(none.notes).toContain('no aws provider block in the stack: added one with offline settings');
  });
});

describe('stacks that cannot be planned offline', () => {
  it('refuses providers other than hashicorp/aws (only aws is mirrored)', () => {
    const stack = {
      terraform: { required_providers: { aws: { source: 'aws' }, random: { source: 'hashicorp/random' } } },
    };
    expect(() => rewrite(stack)).toThrow(
      new OfflineConfigError(
        'the stack requires providers other than hashicorp/aws (random (hashicorp/random)); only hashicorp/aws is mirrored, so it cannot be planned offline',
      ),
    );
  });

  it('refuses a configured provider other than aws', () => {
    expect(() => rewrite({ provider: { null: [{}] } })).toThrow(
      'the stack configures provider "null"; only "aws" can be planned offline',
    );
  });

  it('refuses terraform_remote_state, which needs the real backend', () => {
    expect(() => rewrite({ data: { terraform_remote_state: { net: { backend: 's3' } } } })).toThrow(
      'the stack reads terraform_remote_state, which needs the real backend; it cannot be planned offline',
    );
  });

  it('refuses JSON that is not an object', () => {
    expect(() => rewrite([])).toThrow('cdk.tf.json must hold a JSON object');
  });
});

describe('pinnedAccountId', () => {
  it('takes the first allowed account id of the stack', () => {
    expect(
      pinnedAccountId({ provider: { aws: [{ allowed_account_ids: ['${var.x}', '111111111111'] }] } }),
    ).toBe('111111111111');
    expect(pinnedAccountId(fixture)).toBeUndefined();
  });
});
