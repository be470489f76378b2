/**
 * The provider servers of the benches, in a process of their own (bench/servers.ts starts it): their
 * work is then on neither side of a ratio the bench measures in its own process. Every answer is held
 * `--latency` ms, as a server across a network would. Sends `{ sud, openim, codes }` to the parent
 * once listening; ends when the parent disconnects.
 */
import { startOpenImServer, startSudServer } from '../tests/servers';
import { argValue } from './bench-output';

const latencyMs = Number(argValue('--latency') ?? 0);
const codeCount = Number(argValue('--codes') ?? 0);

const sud = await startSudServer({ latencyMs, maxEntries: Math.max(1000, codeCount * 4) });
const openim = await startOpenImServer({ mode: 'v3', latencyMs });
const codes = Array.from({ length: codeCount }, () => sud.issueCode({ ttlMs: 24 * 3600_000 }));
process.send?.({ sud: sud.url, openim: openim.url, codes });
process.on('disconnect', () => void Promise.all([sud.close(), openim.close()]).then(() => process.exit(0)));
