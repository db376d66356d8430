import { AwsRequest, AwsResponse, partitionOf, xmlResponse } from './protocol';
import { FakeAwsWorld } from './world';
import { el } from './xml';

/** STS GetCallerIdentity (query protocol, XML), as `aws_caller_identity` and the provider call it. */
export function getCallerIdentity(req: AwsRequest, world: FakeAwsWorld): AwsResponse {
  const arn = `arn:${partitionOf(req.region)}:iam::${world.accountId}:user/${world.userName}`;
  return xmlResponse(
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
      '<GetCallerIdentityResult>' +
      el('Arn', arn) +
      el('UserId', 'AIDAICELOGOFFLINE0001') +
      el('Account', world.accountId) +
      '</GetCallerIdentityResult>' +
      `<ResponseMetadata>${el('RequestId', '00000000-0000-4000-8000-000000000000')}</ResponseMetadata>` +
      '</GetCallerIdentityResponse>',
  );
}
