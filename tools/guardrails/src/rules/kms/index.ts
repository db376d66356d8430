export { KmsKeyRotation } from './KmsKeyRotation';
