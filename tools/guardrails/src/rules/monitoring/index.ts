import { SnsTopicEncrypted } from './SnsTopicEncrypted';
import { AlarmActionsRequired } from './AlarmActionsRequired';
import { GuardrailRule } from '../../rule';

export { SnsTopicEncrypted, AlarmActionsRequired };

/** The per-stack rules of the monitoring area, in report order. Add a rule here, one per line. */
export const MONITORING_RULES: readonly GuardrailRule[] = [SnsTopicEncrypted, AlarmActionsRequired];
