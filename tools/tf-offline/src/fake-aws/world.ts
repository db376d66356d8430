/** The fixed, fake AWS account the server answers for. */
export interface FakeAwsWorld {
  /** Account id returned by STS and used as the owner of the default VPC. */
  readonly accountId: string;
  /** Name of the IAM user STS says the caller is. */
  readonly userName: string;
}

/** Default account id: the placeholder of the AWS documentation. */
export const DEFAULT_FAKE_ACCOUNT_ID = '123456789012';
