/**
 * Why electron/core/http/proxy.ts parses the proxy variables itself rather than through proxy-from-env
 * (the version axios installs): prints, for the same environment, which proxy each picks. Where they
 * differ, curl and Go's net/http agree with TokenDesk. Run: `npx tsx bench/proxy-choice.ts`.
 * proxy-from-env reads process.env only, so each case is set there for it (TokenDesk takes env as given).
 */
import { getProxyForUrl } from 'proxy-from-env';
import { proxyFor } from '../electron/core/http/proxy';

const CASES: Array<[string, Record<string, string>]> = [
  ['https://api.example.com/x', { https_proxy: 'http://proxy:3128', no_proxy: 'example.com' }],
  ['https://example.com/x', { https_proxy: 'http://proxy:3128', no_proxy: 'example.com' }],
  ['http://[::1]:8080/x', { http_proxy: 'http://proxy:3128', no_proxy: '::1' }],
  ['http://badexample.com/x', { http_proxy: 'http://proxy:3128', no_proxy: '*example.com' }],
  ['https://api.example.com/x', { https_proxy: 'socks5://proxy:1080' }],
  ['https://api.example.com/x', { https_proxy: 'http://[bad' }],
  ['http://127.0.0.1:10002/x', { http_proxy: 'http://proxy:3128' }],
  ['http://127.0.0.1:10002/x', { http_proxy: 'http://proxy:3128', no_proxy: 'corp.example' }],
];
const NAMES = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'];

function ours(url: string, env: Record<string, string>): string {
  try {
    const config = proxyFor(new URL(url), env);
    return config ? `${config.protocol}://${config.host}:${config.port}` : 'direct';
  } catch (error) {
    return `refused (${(error as { code?: string }).code ?? 'error'})`;
  }
}

function theirs(url: string, env: Record<string, string>): string {
  const saved = new Map(NAMES.flatMap((name) => [name, name.toUpperCase()]).map((name) => [name, process.env[name]]));
  for (const name of saved.keys()) delete process.env[name];
  Object.assign(process.env, env);
  try {
    return getProxyForUrl(url) || 'direct';
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

let differ = 0;
for (const [url, env] of CASES) {
  const a = ours(url, env);
  const b = theirs(url, env);
  if (a !== b) differ += 1;
  console.log(`${a === b ? ' ' : '≠'} ${url.padEnd(27)} ${JSON.stringify(env).padEnd(64)} TokenDesk: ${a.padEnd(26)} proxy-from-env: ${b}`);
}
console.log(`${differ} of ${CASES.length} cases differ`);
