// Summarizes a V8 .cpuprofile: self and inclusive time per function. Usage: node bench/profile-summary.mjs FILE [startFraction endFraction]

import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2]));
const s = Number(process.argv[3] ?? 0), e = Number(process.argv[4] ?? 1);
const byId = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
let t = p.startTime; const times = [];
for (const d of p.timeDeltas) { t += d; times.push(t); }
const t0 = p.startTime + (p.endTime - p.startTime) * s, t1 = p.startTime + (p.endTime - p.startTime) * e;
const self = new Map(), incl = new Map(); let total = 0;
const key = n => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*node_modules\//,'nm/').replace(/.*\/perf\//,'')}:${n.callFrame.lineNumber+1}`;
for (let i = 0; i < p.samples.length; i++) {
  if (times[i] < t0 || times[i] > t1) continue;
  const dt = (p.timeDeltas[i+1] ?? 0) / 1000; total += dt;
  let n = byId.get(p.samples[i]); const k = key(n); self.set(k, (self.get(k) ?? 0) + dt);
  const seen = new Set();
  for (let id = p.samples[i]; id !== undefined; id = parent.get(id)) { const kk = key(byId.get(id)); if (seen.has(kk)) continue; seen.add(kk); incl.set(kk, (incl.get(kk) ?? 0) + dt); }
}
const top = (m, n) => [...m].sort((a,b)=>b[1]-a[1]).slice(0,n).map(([k,v])=>`${v.toFixed(1).padStart(8)} ms ${(100*v/total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log(`window total ${total.toFixed(0)} ms\n-- self --\n${top(self, Number(process.env.N ?? 35))}\n-- inclusive --\n${top(incl, Number(process.env.NI ?? 50))}`);
