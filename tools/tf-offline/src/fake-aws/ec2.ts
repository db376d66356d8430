import { AwsRequest, AwsResponse, errorResponse, partitionOf, xmlResponse } from './protocol';
import { FakeAwsWorld } from './world';
import { el } from './xml';

/**
 * EC2 lookups a stack makes when it uses the account's default VPC (`aws_vpc` with `default = true`,
 * `aws_subnets`, `aws_availability_zones`, `aws_route_table`, `aws_security_group`). The fake world has
 * exactly one default VPC with two subnets in the region's first two availability zones; everything a
 * filter cannot match against it matches nothing.
 */

const NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** One fake EC2 object: its filterable fields and its XML `<item>`. */
interface Ec2Object {
  readonly fields: Record<string, readonly string[]>;
  readonly ids: Record<string, string>;
  readonly xml: string;
}

/** Ids of the fake default network in `region`. */
export function defaultNetwork(region: string) {
  const parts = region.split('-');
  const short = `${parts[0]}${(parts[1] ?? 'x')[0]}${parts[2] ?? '1'}`;
  return {
    vpcId: 'vpc-0ce10f0ff11ne0001',
    cidr: '172.31.0.0/16',
    dhcpOptionsId: 'dopt-0ce10f0ff11ne0001',
    routeTableId: 'rtb-0ce10f0ff11ne0001',
    securityGroupId: 'sg-0ce10f0ff11ne0001',
    zones: [
      { name: `${region}a`, id: `${short}-az1`, subnetId: 'subnet-0ce10f0ff11ne00a1', cidr: '172.31.0.0/20' },
      {
        name: `${region}b`,
        id: `${short}-az2`,
        subnetId: 'subnet-0ce10f0ff11ne00b2',
        cidr: '172.31.16.0/20',
      },
    ],
  };
}

function vpcs(region: string, world: FakeAwsWorld): Ec2Object[] {
  const n = defaultNetwork(region);
  return [
    {
      ids: { VpcId: n.vpcId },
      fields: {
        'vpc-id': [n.vpcId],
        isDefault: ['true'],
        'is-default': ['true'],
        state: ['available'],
        cidr: [n.cidr],
        'cidr-block-association.cidr-block': [n.cidr],
        'cidr-block-association.state': ['associated'],
        'dhcp-options-id': [n.dhcpOptionsId],
        'owner-id': [world.accountId],
      },
      xml:
        '<item>' +
        el('vpcId', n.vpcId) +
        el('ownerId', world.accountId) +
        el('state', 'available') +
        el('cidrBlock', n.cidr) +
        `<cidrBlockAssociationSet><item>${el('cidrBlock', n.cidr)}${el('associationId', 'vpc-cidr-assoc-0ce10f0ff11ne01')}<cidrBlockState>${el('state', 'associated')}</cidrBlockState></item></cidrBlockAssociationSet>` +
        '<ipv6CidrBlockAssociationSet/>' +
        el('dhcpOptionsId', n.dhcpOptionsId) +
        el('instanceTenancy', 'default') +
        el('isDefault', 'true') +
        '<tagSet/>' +
        '</item>',
    },
  ];
}

function subnets(region: string, world: FakeAwsWorld): Ec2Object[] {
  const n = defaultNetwork(region);
  return n.zones.map((z) => ({
    ids: { SubnetId: z.subnetId },
    fields: {
      'subnet-id': [z.subnetId],
      'vpc-id': [n.vpcId],
      vpcId: [n.vpcId],
      'availability-zone': [z.name],
      availabilityZone: [z.name],
      'availability-zone-id': [z.id],
      'default-for-az': ['true'],
      defaultForAz: ['true'],
      state: ['available'],
      'cidr-block': [z.cidr],
      cidrBlock: [z.cidr],
      cidr: [z.cidr],
      'map-public-ip-on-launch': ['true'],
      'owner-id': [world.accountId],
    },
    xml:
      '<item>' +
      el('subnetId', z.subnetId) +
      el('subnetArn', `arn:${partitionOf(region)}:ec2:${region}:${world.accountId}:subnet/${z.subnetId}`) +
      el('state', 'available') +
      el('ownerId', world.accountId) +
      el('vpcId', n.vpcId) +
      el('cidrBlock', z.cidr) +
      '<ipv6CidrBlockAssociationSet/>' +
      el('availableIpAddressCount', 4091) +
      el('availabilityZone', z.name) +
      el('availabilityZoneId', z.id) +
      el('defaultForAz', 'true') +
      el('mapPublicIpOnLaunch', 'true') +
      el('mapCustomerOwnedIpOnLaunch', 'false') +
      el('assignIpv6AddressOnCreation', 'false') +
      el('enableDns64', 'false') +
      el('ipv6Native', 'false') +
      `<privateDnsNameOptionsOnLaunch>${el('hostnameType', 'ip-name')}${el('enableResourceNameDnsARecord', 'false')}${el('enableResourceNameDnsAAAARecord', 'false')}</privateDnsNameOptionsOnLaunch>` +
      '<tagSet/>' +
      '</item>',
  }));
}

function zones(region: string): Ec2Object[] {
  return defaultNetwork(region).zones.map((z) => ({
    ids: { ZoneName: z.name, ZoneId: z.id },
    fields: {
      'zone-name': [z.name],
      'zone-id': [z.id],
      state: ['available'],
      'region-name': [region],
      'group-name': [region],
      'opt-in-status': ['opt-in-not-required'],
      'zone-type': ['availability-zone'],
      'network-border-group': [region],
    },
    xml:
      '<item>' +
      el('zoneName', z.name) +
      el('zoneId', z.id) +
      el('zoneState', 'available') +
      el('regionName', region) +
      el('groupName', region) +
      el('optInStatus', 'opt-in-not-required') +
      el('networkBorderGroup', region) +
      el('zoneType', 'availability-zone') +
      '<messageSet/>' +
      '</item>',
  }));
}

function routeTables(region: string, world: FakeAwsWorld): Ec2Object[] {
  const n = defaultNetwork(region);
  return [
    {
      ids: { RouteTableId: n.routeTableId },
      fields: {
        'route-table-id': [n.routeTableId],
        'vpc-id': [n.vpcId],
        'association.main': ['true'],
        'owner-id': [world.accountId],
      },
      xml:
        '<item>' +
        el('routeTableId', n.routeTableId) +
        el('vpcId', n.vpcId) +
        el('ownerId', world.accountId) +
        `<routeSet><item>${el('destinationCidrBlock', n.cidr)}${el('gatewayId', 'local')}${el('state', 'active')}${el('origin', 'CreateRouteTable')}</item></routeSet>` +
        `<associationSet><item>${el('routeTableAssociationId', 'rtbassoc-0ce10f0ff11ne0001')}${el('routeTableId', n.routeTableId)}${el('main', 'true')}<associationState>${el('state', 'associated')}</associationState></item></associationSet>` +
        '<propagatingVgwSet/><tagSet/>' +
        '</item>',
    },
  ];
}

function securityGroups(region: string, world: FakeAwsWorld): Ec2Object[] {
  const n = defaultNetwork(region);
  return [
    {
      ids: { GroupId: n.securityGroupId, GroupName: 'default' },
      fields: {
        'group-id': [n.securityGroupId],
        'group-name': ['default'],
        'vpc-id': [n.vpcId],
        'owner-id': [world.accountId],
      },
      xml:
        '<item>' +
        el('ownerId', world.accountId) +
        el('groupId', n.securityGroupId) +
        el('groupName', 'default') +
        el('groupDescription', 'default VPC security group') +
        el('vpcId', n.vpcId) +
        '<ipPermissions/>' +
        `<ipPermissionsEgress><item>${el('ipProtocol', '-1')}<groups/><ipRanges><item>${el('cidrIp', '0.0.0.0/0')}</item></ipRanges><ipv6Ranges/><prefixListIds/></item></ipPermissionsEgress>` +
        '<tagSet/>' +
        '</item>',
    },
  ];
}

/** `Filter.N.Name` / `Filter.N.Value.M` pairs of an EC2 query request. */
export function ec2Filters(params: URLSearchParams): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const [key, value] of params) {
    const m = /^Filter\.(\d+)\.Name$/.exec(key);
    if (!m) continue;
    const values: string[] = [];
    for (let i = 1; params.has(`Filter.${m[1]}.Value.${i}`); i++)
      values.push(params.get(`Filter.${m[1]}.Value.${i}`)!);
    filters.set(value, values);
  }
  return filters;
}

/** Values of a list parameter such as `VpcId.1`, `VpcId.2`. */
function listParam(params: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${name}.${i}`); i++) out.push(params.get(`${name}.${i}`)!);
  return out;
}

function matches(obj: Ec2Object, params: URLSearchParams, idParams: readonly string[]): boolean {
  for (const p of idParams) {
    const wanted = listParam(params, p);
    if (wanted.length > 0 && !wanted.includes(obj.ids[p])) return false;
  }
  for (const [name, values] of ec2Filters(params)) {
    // Unknown filters (tags included: the fake objects carry none) match nothing, never everything.
    const have = obj.fields[name];
    if (!have || !values.some((v) => have.includes(v))) return false;
  }
  return true;
}

function listResponse(action: string, setName: string, items: readonly Ec2Object[]): AwsResponse {
  return xmlResponse(
    `<${action}Response xmlns="${NS}">${el('requestId', '00000000-0000-4000-8000-000000000001')}<${setName}>${items.map((i) => i.xml).join('')}</${setName}></${action}Response>`,
  );
}

type Ec2Handler = (req: AwsRequest, world: FakeAwsWorld) => AwsResponse;

function describe(
  action: string,
  setName: string,
  all: (region: string, world: FakeAwsWorld) => Ec2Object[],
  idParams: readonly string[],
): Ec2Handler {
  return (req, world) => {
    const items = all(req.region, world).filter((o) => matches(o, req.params, idParams));
    for (const p of idParams) {
      const missing = listParam(req.params, p).filter((id) => !items.some((o) => o.ids[p] === id));
      if (missing.length > 0 && p.endsWith('Id')) {
        const code = `Invalid${p.replace(/Id$/, '')}ID.NotFound`;
        return errorResponse(req, code, `The ${p} '${missing.join("', '")}' does not exist`);
      }
    }
    return listResponse(action, setName, items);
  };
}

const describeVpcAttribute: Ec2Handler = (req) => {
  const n = defaultNetwork(req.region);
  const vpcId = req.params.get('VpcId') ?? '';
  const attribute = req.params.get('Attribute') ?? '';
  if (vpcId !== n.vpcId)
    return errorResponse(req, 'InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
  const values: Record<string, string> = {
    enableDnsSupport: 'true',
    enableDnsHostnames: 'true',
    enableNetworkAddressUsageMetrics: 'false',
  };
  if (!(attribute in values)) {
    return errorResponse(
      req,
      'InvalidParameterValue',
      `Value (${attribute}) for parameter attribute is invalid`,
    );
  }
  return xmlResponse(
    `<DescribeVpcAttributeResponse xmlns="${NS}">${el('requestId', '00000000-0000-4000-8000-000000000002')}${el('vpcId', vpcId)}<${attribute}>${el('value', values[attribute])}</${attribute}></DescribeVpcAttributeResponse>`,
  );
};

/** The EC2 actions the fake answers, by action name. */
export const EC2_HANDLERS: Readonly<Record<string, Ec2Handler>> = {
  DescribeVpcs: describe('DescribeVpcs', 'vpcSet', vpcs, ['VpcId']),
  DescribeVpcAttribute: describeVpcAttribute,
  DescribeSubnets: describe('DescribeSubnets', 'subnetSet', subnets, ['SubnetId']),
  DescribeAvailabilityZones: describe('DescribeAvailabilityZones', 'availabilityZoneInfo', (r) => zones(r), [
    'ZoneName',
    'ZoneId',
  ]),
  DescribeRouteTables: describe('DescribeRouteTables', 'routeTableSet', routeTables, ['RouteTableId']),
  DescribeSecurityGroups: describe('DescribeSecurityGroups', 'securityGroupInfo', securityGroups, [
    'GroupId',
    'GroupName',
  ]),
};
