import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Clipboard, SecretBox } from '../../../electron/core/platform';

/** A stand-in for Electron safeStorage: real AES-256-GCM under a per-test key, with a chosen backend name. */
export function fakeSecretBox(backend: string = 'gnome_libsecret'): SecretBox {
  const key = randomBytes(32);
  return {
    isAvailable: () => true,
    backend: () => backend,
    async encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Promise.resolve(Buffer.concat([iv, cipher.getAuthTag(), body]));
    },
    async decrypt(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Promise.resolve(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]));
    },
  };
}

/** The system clipboard, in memory: tests read what main put there. */
export interface FakeClipboard extends Clipboard {
  text: string;
  /** Every text written, in order. */
  writes: string[];
}

export function fakeClipboard(): FakeClipboard {
  const board: FakeClipboard = {
    text: '',
    writes: [],
    readText: () => board.text,
    writeText: (text) => {
      board.text = text;
      board.writes.push(text);
    },
    clear: () => {
      board.text = '';
    },
  };
  return board;
}
