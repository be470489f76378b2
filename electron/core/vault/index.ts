export { openVault } from './vault';
export { calibrateScrypt, FAST_TEST_SCRYPT } from './kdf';
