import { KmsKeyRotation } from './KmsKeyRotation';
import { GuardrailRule } from '../../rule';

export { KmsKeyRotation };

/** The per-stack rules of the kms area, in report order. Add a rule here, one per line. */
export const KMS_RULES: readonly GuardrailRule[] = [KmsKeyRotation];
