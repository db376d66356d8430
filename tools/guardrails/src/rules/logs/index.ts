export { LogGroupRetention } from './LogGroupRetention';
export { LogGroupKmsEncryption } from './LogGroupKmsEncryption';
