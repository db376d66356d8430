import { IamNoAdminPolicy } from './IamNoAdminPolicy';
import { IamNoStarActions } from './IamNoStarActions';
import { IamNoWildcardResources } from './IamNoWildcardResources';
import { IamTrustNoWildcardPrincipal } from './IamTrustNoWildcardPrincipal';
import { IamTrustNoAccountRoot } from './IamTrustNoAccountRoot';
import { GuardrailRule } from '../../rule';

export {
  IamNoAdminPolicy,
  IamNoStarActions,
  IamNoWildcardResources,
  IamTrustNoWildcardPrincipal,
  IamTrustNoAccountRoot,
};

/** The per-stack rules of the identity area, in report order. Add a rule here, one per line. */
export const IDENTITY_RULES: readonly GuardrailRule[] = [
  IamNoAdminPolicy,
  IamNoStarActions,
  IamNoWildcardResources,
  IamTrustNoWildcardPrincipal,
  IamTrustNoAccountRoot,
];
