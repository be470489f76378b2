/**
 * `npm run servers`: the local provider servers of the tests, started by hand to try TokenDesk without a
 * real backend. Prints each provider's URL and what its accounts need, then takes one-letter commands on
 * stdin (a fresh SUD code, a scan of the newest SaiNiu QR code) until Ctrl+C.
 */
import { createInterface } from 'node:readline';
import { startOneAccessServer, startOpenImServer, startSaiNiuServer, startSudServer, type RunningServer } from './index';

const SAINIU_NICK = 'tb123456';

const sud = await startSudServer();
const sainiu = await startSaiNiuServer();
const oneAccess = await startOneAccessServer();
const openIm = await startOpenImServer();
const servers: RunningServer[] = [sud, sainiu, oneAccess, openIm];

const out = (text: string): void => void process.stdout.write(`${text}\n`);

out("TokenDesk's local provider servers (they answer as each provider's documentation says; Ctrl+C stops them):");
out('');
out(`SUD        ${sud.url}`);
out(`  a code for a new account: ${sud.issueCode()}`);
out(`  tokendesk add sud --name "SUD local" --env test --set baseUrl=${sud.url} --set code=<the code>`);
out(`SaiNiu     ${sainiu.url}`);
out(`  tokendesk add sainiu --name "Shop local" --set baseUrl=${sainiu.url}, then tokendesk login <id>`);
out(`  and type s + Enter here to scan the newest QR code as ${SAINIU_NICK}`);
out(`OneAccess  ${oneAccess.url}`);
out('  client ID oa-client, client secret oa-client-secret, device fingerprint fp-123456, any session token');
out(`OpenIM     ${openIm.url}`);
out('  secret openIM123, any user ID');
out('');
out('Commands: c + Enter prints another SUD code; s + Enter scans the newest SaiNiu QR code.');

const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  const command = line.trim().toLowerCase();
  if (command === 'c') out(`SUD code: ${sud.issueCode()}`);
  else if (command === 's') {
    try {
      sainiu.scan(SAINIU_NICK);
      out(`Scanned the newest QR code as ${SAINIU_NICK}.`);
    } catch {
      out('No QR code yet: start a login first (tokendesk login <id>, or "Log in with QR code" in the app).');
    }
  } else if (command !== '') out('Unknown command: c prints a SUD code, s scans the newest SaiNiu QR code.');
});

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  input.close();
  void Promise.all(servers.map((server) => server.close())).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
