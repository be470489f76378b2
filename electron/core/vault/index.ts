export { openVault } from './vault';
export { calibrateScrypt, FAST_TEST_SCRYPT } from './kdf';
export type { AccountSecrets, ScryptParams, StoredAccount, Vault, VaultInfo, VaultOptions, VaultState } from './types';
