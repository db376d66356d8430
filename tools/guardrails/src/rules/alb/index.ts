export { AlbDropInvalidHeaders } from './AlbDropInvalidHeaders';
export { AlbListenerHttps } from './AlbListenerHttps';
export { AlbDeletionProtection } from './AlbDeletionProtection';
