import { readFileSync } from 'node:fs';
import { Agent, type AgentOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import tls, { type PeerCertificate, type TLSSocket } from 'node:tls';

/**
 * Files of extra certificate authorities (PEM): TokenDesk's own variable first, because the installed
 * app never sees NODE_EXTRA_CA_CERTS (its Electron removes the variable from the environment at start
 * when the nodeOptions fuse is off: shell/app/node_main.cc, shell/common/node_bindings.cc), then Node's.
 */
export const EXTRA_CA_VARIABLES = ['TOKENDESK_EXTRA_CA_CERTS', 'NODE_EXTRA_CA_CERTS'] as const;

/** A certificate file larger than this is not read: a CA bundle is some hundreds of KiB. */
const MAX_CA_FILE_BYTES = 4 * 1024 * 1024;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Where the OS certificate store comes from; absent where the runtime cannot read it. */
export type SystemCertificates = () => readonly string[];

/**
 * The OS certificate store as Node reads it: tls.getCACertificates('system'), in Node 23.5/22.15 and
 * later (Electron 45 ships Node 24); null on an older Node (20), which only has its bundled roots.
 */
export function runtimeSystemCertificates(): SystemCertificates | null {
  const read = (tls as { getCACertificates?: (type: 'system') => string[] }).getCACertificates;
  if (typeof read !== 'function') return null;
  // Read once per process: the keychain or the Windows store can take a while, and changes need a restart anyway.
  return () => (systemStore ??= read('system'));
}
let systemStore: readonly string[] | undefined;

/** The extra CAs named by the environment; a file that cannot be read is reported, not fatal (as Node does). */
function extraCertificates(env: NodeJS.ProcessEnv, warn: (message: string) => void): string[] {
  const found: string[] = [];
  for (const name of EXTRA_CA_VARIABLES) {
    const file = env[name]?.trim();
    if (!file) continue;
    try {
      const text = readFileSync(file, 'utf8');
      if (text.length > MAX_CA_FILE_BYTES) throw Object.assign(new Error('too large'), { code: 'EFBIG' });
      const blocks = text.match(PEM_BLOCK) ?? [];
      if (blocks.length === 0) warn(`${name} names ${file}, which holds no PEM certificate; it is ignored.`);
      found.push(...blocks);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      warn(`${name} names ${file}, which could not be read (${code}); its certificates are not trusted.`);
    }
  }
  return found;
}

/** What a connection's certificate was, kept on the error when verifying it failed. */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

const FACTS = Symbol('tokendesk.certificate');

function nameOf(fields: PeerCertificate['subject'] | undefined): string {
  if (!fields) return 'unknown';
  const cn = Array.isArray(fields.CN) ? fields.CN[0] : fields.CN;
  const o = Array.isArray(fields.O) ? fields.O[0] : fields.O;
  return cn ?? o ?? 'unknown';
}

/** The certificate facts an error (or its causes) carries, if the connection got that far. */
export function certificateFacts(error: unknown): CertificateFacts | null {
  for (let at = error, hops = 0; at && typeof at === 'object' && hops < 8; at = (at as { cause?: unknown }).cause, hops += 1) {
    const facts = (at as { [FACTS]?: CertificateFacts })[FACTS];
    if (facts) return facts;
  }
  return null;
}

/**
 * An https.Agent trusting `ca` that also remembers the server's certificate when verifying it fails,
 * for the error message. Node checks the chain in the TLS socket's own 'secure' listener and destroys
 * the socket with the error there (lib/_tls_wrap.js onConnectSecure); a listener put before it still
 * sees the certificate. (A request through a proxy tunnel uses the proxy agent: its errors carry no facts.)
 */
class TrustingAgent extends Agent {
  override createConnection(options: AgentOptions, callback?: (error: Error | null, socket: Duplex) => void): Duplex {
    const createConnection = Agent.prototype.createConnection as (this: Agent, o: AgentOptions, c?: typeof callback) => Duplex;
    const socket = createConnection.call(this, options, callback) as TLSSocket;
    let facts: CertificateFacts | null = null;
    socket.prependOnceListener('secure', () => {
      const cert = socket.getPeerCertificate();
      if (cert && Object.keys(cert).length > 0) {
        facts = { subject: nameOf(cert.subject), issuer: nameOf(cert.issuer), validFrom: cert.valid_from, validTo: cert.valid_to };
      }
    });
    socket.prependOnceListener('error', (error: Error) => {
      if (facts) Object.defineProperty(error, FACTS, { value: facts });
    });
    return socket;
  }
}

/**
 * The https agent of the client: Node's bundled roots plus the OS certificate store where the runtime
 * reads it, plus the extra CA files of the environment. Node trusts only its bundled roots by default,
 * so a company's TLS-inspecting proxy or an internal CA is refused; the OS store is where IT installs them.
 */
export function createTrustingAgent(env: NodeJS.ProcessEnv, system: SystemCertificates | null, warn: (message: string) => void): Agent {
  let fromSystem: readonly string[] = [];
  try {
    fromSystem = system?.() ?? [];
  } catch {
    warn('The system certificate store could not be read; only the built-in authorities (and any extra CA file) are trusted.');
  }
  const ca = [...new Set([...tls.rootCertificates, ...fromSystem, ...extraCertificates(env, warn)])];
  return new TrustingAgent({ keepAlive: true, ca });
}

/** A certificate failure in words: what is wrong with which certificate, and what to do. */
export function certificateProblem(code: string, target: string, facts: CertificateFacts | null): string {
  const which = facts ? `The certificate of ${target} ("${facts.subject}", issued by "${facts.issuer}")` : `The certificate of ${target}`;
  const install =
    'If your company inspects TLS traffic or runs its own certificate authority, install that root certificate in the system certificate store ' +
    '(or name a PEM file of it in TOKENDESK_EXTRA_CA_CERTS) and start TokenDesk again; otherwise check the base URL.';
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return `${which} expired${facts ? ` on ${facts.validTo}` : ''} (${code}). The server must renew it; if it looks current, check this computer's date and time.`;
    case 'CERT_NOT_YET_VALID':
      return `${which} is not valid yet${facts ? ` (from ${facts.validFrom})` : ''} (${code}). Check this computer's date and time.`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `${which} is for another host name (${code}). Check the host in the base URL: use the name the certificate is for.`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return `${which} is signed by itself or by an authority this computer does not trust (${code}). ${install}`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `${which} is not signed by an authority this computer trusts (${code}). ${install}`;
    default:
      return `${which} could not be verified (${code}). ${install}`;
  }
}
