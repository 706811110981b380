// Driven by policy.bench.mjs (bundled with bundleForNode): the real engine, the acceptance
// corpus and its on-disk workspace, so decisions resolve real symlinks and globs as in use.
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseBash } from '../../../packages/policy/src/bashParse';
import { compilePolicy, decide, initPolicy } from '../../../packages/policy/src/index';
import { TYPICAL } from '../../../packages/policy/acceptance/configs';
import { DANGEROUS } from '../../../packages/policy/acceptance/dangerous/index';
import { EVERYDAY } from '../../../packages/policy/acceptance/everyday';
import { makeWorkspace } from '../../../packages/policy/acceptance/workspace';

export async function setup(repo: string) {
  // The bundle lives outside the policy package: hand it the grammar files explicitly.
  const req = createRequire(path.join(repo, 'packages/policy/package.json'));
  const t0 = performance.now();
  await initPolicy({
    runtimeWasm: req.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    bashWasm: req.resolve('tree-sitter-bash/tree-sitter-bash.wasm'),
    pythonWasm: req.resolve('tree-sitter-python/tree-sitter-python.wasm'),
    javascriptWasm: req.resolve('tree-sitter-javascript/tree-sitter-javascript.wasm'),
  });
  const initMs = performance.now() - t0;
  const ws = makeWorkspace();
  const policy = compilePolicy(TYPICAL);
  const ctx = ws.context();
  const commands = [...EVERYDAY, ...DANGEROUS]
    .filter((c) => c.tool === 'Bash' && typeof c.input.command === 'string')
    .map((c) => (ws.fill(c.input).command as string))
    .filter((c) => Buffer.byteLength(c) < 1024);
  return {
    initMs,
    commands,
    decideOne: (command: string) => decide(policy, { tool: 'bash', command }, ctx),
    parseOne: (command: string) => parseBash(command),
    remove: () => ws.remove(),
  };
}
