// Policy engine speed (issue #9): decision time per shell command under 1 KB (the acceptance
// corpus: everyday work and attacks, under the typical permissive config), p50 and p99, beside
// the raw tree-sitter-bash parse of the same commands in the same run, which every decision
// includes. Decisions stay synchronous; the hook's budget (SPEC §11, 150 ms with process start)
// leaves the engine a few milliseconds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from '../support/bundleForNode.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROUNDS = 5;

export default async function policyBench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'architect-bench-policy-'));
  let lib;
  try {
    lib = await (await import(await bundleForNode('test/bench/lib/policyBenchLib.ts', path.join(dir, 'lib.mjs')))).setup(REPO);
    const { commands } = lib;
    // Warm up both paths once (first-use costs are the init metric's, not the per-command one's).
    for (const c of commands) {
      lib.parseOne(c);
      lib.decideOne(c);
    }
    const parse = [];
    const decide = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const c of commands) {
        let t = process.hrtime.bigint();
        lib.parseOne(c);
        parse.push(Number(process.hrtime.bigint() - t) / 1e6);
        t = process.hrtime.bigint();
        lib.decideOne(c);
        decide.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
    const p = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
    const [d50, d99, r50, r99] = [p(decide, 0.5), p(decide, 0.99), p(parse, 0.5), p(parse, 0.99)];
    return [
      { name: `decide p50 (${commands.length} commands < 1 KB × ${ROUNDS})`, value: d50, unit: 'ms', baseline: r50, ratio: d50 / r50, goal: '<= 2 ms', pass: d50 <= 2 },
      { name: 'decide p99', value: d99, unit: 'ms', baseline: r99, ratio: d99 / r99, goal: '<= 25 ms (shared 2-core machine: compare with the raw parse p99 beside it)', pass: d99 <= 25 },
      { name: 'raw bash parse p50', value: r50, unit: 'ms', baseline: null, ratio: null, goal: 'info', pass: null },
      { name: 'raw bash parse p99', value: r99, unit: 'ms', baseline: null, ratio: null, goal: 'info', pass: null },
      { name: 'initPolicy (bash + python + javascript grammars)', value: lib.initMs, unit: 'ms', baseline: null, ratio: null, goal: 'info', pass: null },
    ];
  } finally {
    lib?.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
