import { AlbDropInvalidHeaders } from './AlbDropInvalidHeaders';
import { AlbListenerHttps } from './AlbListenerHttps';
import { AlbDeletionProtection } from './AlbDeletionProtection';
import { GuardrailRule } from '../../rule';

export { AlbDropInvalidHeaders, AlbListenerHttps, AlbDeletionProtection };

/** The per-stack rules of the alb area, in report order. Add a rule here, one per line. */
export const ALB_RULES: readonly GuardrailRule[] = [
  AlbDropInvalidHeaders,
  AlbListenerHttps,
  AlbDeletionProtection,
];
