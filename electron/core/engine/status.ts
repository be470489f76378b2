import type { VaultStatus } from '../../../shared/ipc-contract';
import { secretBoxIsSecure, type SecretBox } from '../platform';
import type { VaultInfo } from '../vault/types';

/** How well the OS keyring protects secrets: insecure where Linux falls back to basic_text/unknown. */
export function keyringState(box: SecretBox | undefined): VaultStatus['keyring'] {
  if (secretBoxIsSecure(box)) return 'available';
  if (box?.isAvailable()) return 'insecure';
  return 'unavailable';
}

/** The VaultStatus the UI and CLI show, from the vault's own report plus the keyring and core notices. */
export function vaultStatus(info: VaultInfo, box: SecretBox | undefined, dataDir: string, notices: string[]): VaultStatus {
  return {
    state: info.state,
    passphraseSet: info.passphraseSet,
    osSlot: info.osSlot,
    keyring: keyringState(box),
    keyringBackend: box?.backend() ?? null,
    dataDir,
    notices: [...info.notices, ...notices],
  };
}
