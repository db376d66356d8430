import { LogGroupRetention } from './LogGroupRetention';
import { LogGroupKmsEncryption } from './LogGroupKmsEncryption';
import { GuardrailRule } from '../../rule';

export { LogGroupRetention, LogGroupKmsEncryption };

/** The per-stack rules of the logs area, in report order. Add a rule here, one per line. */
export const LOGS_RULES: readonly GuardrailRule[] = [LogGroupRetention, LogGroupKmsEncryption];
