export { AthenaWorkgroupEnforceConfiguration } from './AthenaWorkgroupEnforceConfiguration';
export { AthenaWorkgroupEncryptedResults } from './AthenaWorkgroupEncryptedResults';
