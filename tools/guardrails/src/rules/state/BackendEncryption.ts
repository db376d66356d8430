import { defineRule, compliant, nonCompliant } from '../../rule';
import { mustBeTrue } from '../../checks';

/** ICELOG_TF_1: the S3 backend encrypts the state object. */
export const BackendEncryption = defineRule({
  id: 'ICELOG_TF_1',
  title: 'S3 state backend has encrypt = true',
  severity: 'high',
  area: 'state',
  docs: 'encrypt = true on the S3 backend: the state holds every resource attribute, secrets included, and must be encrypted at rest.',
  resourceTypes: ['terraform.backend.s3'],
  evaluate(backend) {
    const problem = mustBeTrue('encrypt', backend.body.encrypt);
    return problem === undefined ? compliant() : nonCompliant(problem);
  },
});
