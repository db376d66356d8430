import { BackendEncryption } from './BackendEncryption';
import { BackendStateLocking } from './BackendStateLocking';
import { BackendNoCredentials } from './BackendNoCredentials';
import { ProviderNoHardcodedCredentials } from './ProviderNoHardcodedCredentials';
import { BackendStateKeyUnique } from './BackendStateKeyUnique';
import { GuardrailRule } from '../../rule';

export {
  BackendEncryption,
  BackendStateLocking,
  BackendNoCredentials,
  ProviderNoHardcodedCredentials,
  BackendStateKeyUnique,
};

/** The per-stack rules of the state area, in report order. Add a rule here, one per line. */
export const STATE_RULES: readonly GuardrailRule[] = [
  BackendEncryption,
  BackendStateLocking,
  BackendNoCredentials,
  ProviderNoHardcodedCredentials,
];
