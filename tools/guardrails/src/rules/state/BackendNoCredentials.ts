import { defineRule, compliant, nonCompliant } from '../../rule';

const CREDENTIAL_ATTRIBUTES = ['access_key', 'secret_key', 'token', 'profile'];

/** ICELOG_TF_2: the backend block holds no credentials. */
export const BackendNoCredentials = defineRule({
  id: 'ICELOG_TF_2',
  title: 'S3 state backend holds no credentials',
  severity: 'critical',
  area: 'state',
  docs: "No access_key, secret_key, token or profile in the backend block: they would be committed with the code and written to .terraform; use the environment's credentials.",
  resourceTypes: ['terraform.backend.s3'],
  evaluate(backend) {
    const present = CREDENTIAL_ATTRIBUTES.filter((a) => backend.body[a] !== undefined);
    if (present.length === 0) return compliant();
    return nonCompliant(
      `the backend sets ${present.join(', ')}; remove them and take credentials from the environment (AWS_PROFILE, role)`,
    );
  },
});
