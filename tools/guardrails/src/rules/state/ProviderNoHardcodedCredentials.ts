import { defineRule, compliant, nonCompliant } from '../../rule';
import { isUnresolved } from '../../references';

const CREDENTIAL_ATTRIBUTES = ['access_key', 'secret_key', 'token'];

/** CKV_AWS_41: no literal AWS credentials in the provider configuration. */
export const ProviderNoHardcodedCredentials = defineRule({
  id: 'CKV_AWS_41',
  title: 'AWS provider has no hard-coded credentials',
  severity: 'critical',
  area: 'state',
  docs: 'The aws provider block sets no literal access_key, secret_key or token: they would be committed and synthesized in clear text.',
  resourceTypes: ['provider.aws'],
  evaluate(provider) {
    const literal = CREDENTIAL_ATTRIBUTES.filter((a) => {
      const value = provider.body[a];
      return typeof value === 'string' && value !== '' && !isUnresolved(value);
    });
    if (literal.length === 0) return compliant();
    return nonCompliant(
      `the provider sets ${literal.join(', ')} literally; take credentials from the environment`,
    );
  },
});
