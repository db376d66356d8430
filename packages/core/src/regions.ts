import { ValidationError } from './validation';

/**
 * The AWS regions icelog accepts, each with its partition: one list, used wherever a region appears
 * (stack config, delivery stream, Fluent Bit output, ARNs). It mirrors the partitions data that the AWS
 * SDK for JavaScript ships (`@aws-sdk/core`, `partitionsInfo`); a core test compares the two, so an SDK
 * update that adds a region fails the test until the region is added here.
 */

/** An AWS partition: `arn:<partition>:…`, with the DNS suffix of its service endpoints. */
export interface AwsPartition {
  /** Partition id, the second field of every ARN, e.g. `aws`, `aws-cn`. */
  readonly id: string;
  /** DNS suffix of regional endpoints, e.g. `amazonaws.com` (`kms:ViaService` values use it). */
  readonly dnsSuffix: string;
}

/** The partitions, by id. */
export const AWS_PARTITIONS: Readonly<Record<string, AwsPartition>> = Object.freeze({
  aws: { id: 'aws', dnsSuffix: 'amazonaws.com' },
  'aws-cn': { id: 'aws-cn', dnsSuffix: 'amazonaws.com.cn' },
  'aws-us-gov': { id: 'aws-us-gov', dnsSuffix: 'amazonaws.com' },
  'aws-iso': { id: 'aws-iso', dnsSuffix: 'c2s.ic.gov' },
  'aws-iso-b': { id: 'aws-iso-b', dnsSuffix: 'sc2s.sgov.gov' },
  'aws-iso-e': { id: 'aws-iso-e', dnsSuffix: 'cloud.adc-e.uk' },
  'aws-iso-f': { id: 'aws-iso-f', dnsSuffix: 'csp.hci.ic.gov' },
  'aws-eusc': { id: 'aws-eusc', dnsSuffix: 'amazonaws.eu' },
});

/** Every region, by name: its partition and its name in the AWS console. */
export const AWS_REGIONS: Readonly<Record<string, { readonly partition: string; readonly title: string }>> =
  Object.freeze({
    'af-south-1': { partition: 'aws', title: 'Africa (Cape Town)' },
    'ap-east-1': { partition: 'aws', title: 'Asia Pacific (Hong Kong)' },
    'ap-east-2': { partition: 'aws', title: 'Asia Pacific (Taipei)' },
    'ap-northeast-1': { partition: 'aws', title: 'Asia Pacific (Tokyo)' },
    'ap-northeast-2': { partition: 'aws', title: 'Asia Pacific (Seoul)' },
    'ap-northeast-3': { partition: 'aws', title: 'Asia Pacific (Osaka)' },
    'ap-south-1': { partition: 'aws', title: 'Asia Pacific (Mumbai)' },
    'ap-south-2': { partition: 'aws', title: 'Asia Pacific (Hyderabad)' },
    'ap-southeast-1': { partition: 'aws', title: 'Asia Pacific (Singapore)' },
    'ap-southeast-2': { partition: 'aws', title: 'Asia Pacific (Sydney)' },
    'ap-southeast-3': { partition: 'aws', title: 'Asia Pacific (Jakarta)' },
    'ap-southeast-4': { partition: 'aws', title: 'Asia Pacific (Melbourne)' },
    'ap-southeast-5': { partition: 'aws', title: 'Asia Pacific (Malaysia)' },
    'ap-southeast-6': { partition: 'aws', title: 'Asia Pacific (New Zealand)' },
    'ap-southeast-7': { partition: 'aws', title: 'Asia Pacific (Thailand)' },
    'ca-central-1': { partition: 'aws', title: 'Canada (Central)' },
    'ca-west-1': { partition: 'aws', title: 'Canada West (Calgary)' },
    'eu-central-1': { partition: 'aws', title: 'Europe (Frankfurt)' },
    'eu-central-2': { partition: 'aws', title: 'Europe (Zurich)' },
    'eu-north-1': { partition: 'aws', title: 'Europe (Stockholm)' },
    'eu-south-1': { partition: 'aws', title: 'Europe (Milan)' },
    'eu-south-2': { partition: 'aws', title: 'Europe (Spain)' },
    'eu-west-1': { partition: 'aws', title: 'Europe (Ireland)' },
    'eu-west-2': { partition: 'aws', title: 'Europe (London)' },
    'eu-west-3': { partition: 'aws', title: 'Europe (Paris)' },
    'il-central-1': { partition: 'aws', title: 'Israel (Tel Aviv)' },
    'me-central-1': { partition: 'aws', title: 'Middle East (UAE)' },
    'me-south-1': { partition: 'aws', title: 'Middle East (Bahrain)' },
    'me-west-1': { partition: 'aws', title: 'Middle East (Saudi Arabia)' },
    'mx-central-1': { partition: 'aws', title: 'Mexico (Central)' },
    'sa-east-1': { partition: 'aws', title: 'South America (Sao Paulo)' },
    'sa-west-1': { partition: 'aws', title: 'South America (Chile)' },
    'us-east-1': { partition: 'aws', title: 'US East (N. Virginia)' },
    'us-east-2': { partition: 'aws', title: 'US East (Ohio)' },
    'us-west-1': { partition: 'aws', title: 'US West (N. California)' },
    'us-west-2': { partition: 'aws', title: 'US West (Oregon)' },
    'cn-north-1': { partition: 'aws-cn', title: 'China (Beijing)' },
    'cn-northwest-1': { partition: 'aws-cn', title: 'China (Ningxia)' },
    'us-gov-east-1': { partition: 'aws-us-gov', title: 'AWS GovCloud (US-East)' },
    'us-gov-west-1': { partition: 'aws-us-gov', title: 'AWS GovCloud (US-West)' },
    'us-iso-east-1': { partition: 'aws-iso', title: 'US ISO East' },
    'us-iso-west-1': { partition: 'aws-iso', title: 'US ISO West' },
    'us-isob-east-1': { partition: 'aws-iso-b', title: 'US ISOB East (Ohio)' },
    'us-isob-west-1': { partition: 'aws-iso-b', title: 'US ISOB West' },
    'eu-isoe-west-1': { partition: 'aws-iso-e', title: 'EU ISOE West' },
    'us-isof-east-1': { partition: 'aws-iso-f', title: 'US ISOF East' },
    'us-isof-south-1': { partition: 'aws-iso-f', title: 'US ISOF South' },
    'eusc-de-east-1': { partition: 'aws-eusc', title: 'AWS European Sovereign Cloud (Germany)' },
  });

/** True when `region` is a region of {@link AWS_REGIONS}. */
export function isKnownRegion(region: unknown): region is string {
  return typeof region === 'string' && Object.prototype.hasOwnProperty.call(AWS_REGIONS, region);
}

/** The partition of a known region, e.g. `aws-cn` for `cn-north-1`; `undefined` for an unknown one. */
export function partitionOf(region: string): AwsPartition | undefined {
  return isKnownRegion(region) ? AWS_PARTITIONS[AWS_REGIONS[region].partition] : undefined;
}

/**
 * The rule text for an unknown region, with the closest known region when one is a likely typo
 * (`eu-wst-1` → `eu-west-1`).
 */
export function unknownRegionRule(region: unknown): string {
  const suggestion = typeof region === 'string' ? closestRegion(region) : undefined;
  return suggestion
    ? `must be a known AWS region; did you mean "${suggestion}"? (the list is AWS_REGIONS in @icelog/core)`
    : 'must be a known AWS region such as "eu-west-1" (the list is AWS_REGIONS in @icelog/core)';
}

/** Throws unless `region` is a known AWS region (literal: a region decides names and quotas at synth). */
export function validateRegion(field: string, region: string): void {
  if (!isKnownRegion(region)) throw new ValidationError(field, region, unknownRegionRule(region));
}

/** The known region at the smallest edit distance (at most 2) from `input`, if any. */
function closestRegion(input: string): string | undefined {
  let best: { region: string; distance: number } | undefined;
  for (const region of Object.keys(AWS_REGIONS)) {
    const distance = editDistance(input.toLowerCase(), region);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { region, distance };
  }
  return best?.region;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
