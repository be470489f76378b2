/**
 * Summarizes a V8 CPU profile (.cpuprofile, e.g. from `bench:refresh -- --profile DIR` or
 * `node --cpu-prof`): the functions with the most self time and the most inclusive time.
 * Run: `npx tsx bench/profile-summary.ts FILE [--top N]`.
 */
import { readFileSync } from 'node:fs';
import { argValue } from './bench-output';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('Usage: npx tsx bench/profile-summary.ts FILE [--top N]');
const top = Number(argValue('--top') ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const name = (node: ProfileNode): string => {
  const where = node.callFrame.url.replace(/.*node_modules\//, '').replace(/^.*?\/(electron|shared|bench|tests|renderer)\//, '$1/');
  return `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
profile.samples.forEach((sample, i) => {
  const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  total += ms;
  const leaf = byId.get(sample);
  if (!leaf) return;
  self.set(name(leaf), (self.get(name(leaf)) ?? 0) + ms);
  const seen = new Set<string>();
  for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
    const node = byId.get(id);
    if (!node) break;
    const key = name(node);
    if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    seen.add(key);
  }
});

const table = (times: Map<string, number>): string =>
  [...times]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, ms]) => `${ms.toFixed(1).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${key}`)
    .join('\n');

console.log(`profile ${(total).toFixed(0)} ms sampled\n-- self time --\n${table(self)}\n-- inclusive time --\n${table(inclusive)}`);
