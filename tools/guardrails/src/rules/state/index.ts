export { BackendEncryption } from './BackendEncryption';
export { BackendStateLocking } from './BackendStateLocking';
export { BackendNoCredentials } from './BackendNoCredentials';
export { ProviderNoHardcodedCredentials } from './ProviderNoHardcodedCredentials';
export { BackendStateKeyUnique } from './BackendStateKeyUnique';
