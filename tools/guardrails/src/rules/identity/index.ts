export { IamNoAdminPolicy } from './IamNoAdminPolicy';
export { IamNoStarActions } from './IamNoStarActions';
export { IamNoWildcardResources } from './IamNoWildcardResources';
export { IamTrustNoWildcardPrincipal } from './IamTrustNoWildcardPrincipal';
export { IamTrustNoAccountRoot } from './IamTrustNoAccountRoot';
