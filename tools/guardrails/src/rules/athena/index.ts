import { AthenaWorkgroupEnforceConfiguration } from './AthenaWorkgroupEnforceConfiguration';
import { AthenaWorkgroupEncryptedResults } from './AthenaWorkgroupEncryptedResults';
import { GuardrailRule } from '../../rule';

export { AthenaWorkgroupEnforceConfiguration, AthenaWorkgroupEncryptedResults };

/** The per-stack rules of the athena area, in report order. Add a rule here, one per line. */
export const ATHENA_RULES: readonly GuardrailRule[] = [
  AthenaWorkgroupEnforceConfiguration,
  AthenaWorkgroupEncryptedResults,
];
