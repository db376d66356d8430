import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  aliasesFromDiagnostics,
  AWS_PROVIDER_ENDPOINTS,
  endpointNamesFromSchema,
  endpointsBlock,
  primaryEndpointNames,
  renderEndpointsModule,
} from '../src';

describe('AWS_PROVIDER_ENDPOINTS (generated)', () => {
  it('is exactly what the generator renders (nobody edited it by hand)', () => {
    const onDisk = readFileSync(join(__dirname, '..', 'src', 'aws-provider-endpoints.generated.ts'), 'utf8');
    expect(renderEndpointsModule(AWS_PROVIDER_ENDPOINTS)).toBe(onDisk);
  });

  it('matches the endpoint names of the @cdktf/provider-aws bindings, which wrap the same provider version', () => {
    const dts = readFileSync(require.resolve('@cdktf/provider-aws/lib/provider/index.d.ts'), 'utf8');
    const block = dts.slice(dts.indexOf('export interface AwsProviderEndpoints {'));
    const body = block.slice(0, block.indexOf('\n}'));
    const names = [...body.matchAll(/^\s+readonly (\w+)\?: string;/gm)].map((m) => m[1].toLowerCase()).sort();
    expect(AWS_PROVIDER_ENDPOINTS.names).toEqual(names);
    expect(dts).toContain('hashicorp/aws/5.100.0/docs');
    expect(AWS_PROVIDER_ENDPOINTS.providerVersion).toBe('5.100.0');
  });

  it('maps every alias to a primary name that is not itself an alias', () => {
    for (const [alias, primary] of Object.entries(AWS_PROVIDER_ENDPOINTS.aliases)) {
      expect(AWS_PROVIDER_ENDPOINTS.names).toContain(alias);
      expect(AWS_PROVIDER_ENDPOINTS.names).toContain(primary);
      expect(AWS_PROVIDER_ENDPOINTS.aliases).not.toHaveProperty(primary);
    }
    expect(primaryEndpointNames(AWS_PROVIDER_ENDPOINTS)).toContain('s3');
    expect(primaryEndpointNames(AWS_PROVIDER_ENDPOINTS)).not.toContain('s3api');
  });
});

describe('endpointNamesFromSchema', () => {
  it('reads the endpoints block of the AWS provider schema', () => {
    const schema = {
      provider_schemas: {
        'registry.terraform.io/hashicorp/aws': {
          provider: {
            block: { block_types: { endpoints: { block: { attributes: { sts: {}, ec2: {} } } } } },
          },
        },
      },
    };
    expect(endpointNamesFromSchema(schema)).toEqual(['ec2', 'sts']);
  });

  it('fails when the schema has no AWS endpoints block', () => {
    expect(() => endpointNamesFromSchema({ provider_schemas: {} })).toThrow(
      'provider schema JSON has no endpoints block for registry.terraform.io/hashicorp/aws',
    );
  });
});

describe('aliasesFromDiagnostics', () => {
  it('maps every name after the first of a warning to the first', () => {
    expect(
      aliasesFromDiagnostics([
        'Only one of the following attributes should be set: "endpoints[0].events", "endpoints[0].eventbridge", "endpoints[0].cloudwatchevents"\n\nThis will be an error in a future release.',
        'Something else entirely',
      ]),
    ).toEqual({ eventbridge: 'events', cloudwatchevents: 'events' });
  });
});

describe('endpointsBlock', () => {
  it('points each name at the URL', () => {
    expect(endpointsBlock('http://127.0.0.1:1', ['sts', 'ec2'])).toEqual({
      sts: 'http://127.0.0.1:1',
      ec2: 'http://127.0.0.1:1',
    });
  });
});
