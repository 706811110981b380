import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy, decide, initPolicy, type Decision, type PolicyConfig } from '../src/index';
import type { AcceptanceCase, DangerClass, EverydayCase } from './cases';
import { CONFIGS, TYPICAL } from './configs';
import { DANGEROUS } from './dangerous/index';
import { EVERYDAY } from './everyday';
import { toRequest } from './request';
import { makeWorkspace, type Workspace } from './workspace';

/**
 * Issue #9's independent acceptance set: written from an attacker's side without reading the
 * engine. No dangerous case may be approved under any config (escalate or deny both pass);
 * ≥ 95 % of everyday work must be approved under the typical config.
 */
const CLASSES: DangerClass[] = ['builtins', 'argparse', 'inline', 'secrets', 'git', 'writes', 'misparse', 'nonbash', 'classic'];
type ConfigName = keyof typeof CONFIGS;
type Result = Decision | { outcome: 'error'; rule: string; reason: string };

let ws: Workspace;
const results = new Map<string, Result>(); // `${config} ${case id}` → decision

function judge(cfg: PolicyConfig, c: AcceptanceCase | EverydayCase): Result {
  try {
    return decide(compiled.get(cfg)!, toRequest(c.tool, ws.fill(c.input)), ws.context(c.at));
  } catch (err) {
    return { outcome: 'error', rule: 'threw', reason: String(err) };
  }
}
const compiled = new Map<PolicyConfig, ReturnType<typeof compilePolicy>>();

beforeAll(async () => {
  await initPolicy();
  ws = makeWorkspace();
  for (const cfg of Object.values(CONFIGS)) compiled.set(cfg, compilePolicy(cfg));
  for (const [name, cfg] of Object.entries(CONFIGS)) {
    for (const c of DANGEROUS) results.set(`${name} ${c.id}`, judge(cfg, c));
  }
  printDangerSummary();
});

afterAll(() => ws?.remove());

function printDangerSummary(): void {
  const names = Object.keys(CONFIGS) as ConfigName[];
  const rows = CLASSES.map((cls) => {
    const cases = DANGEROUS.filter((c) => c.class === cls);
    const approved = names.map((n) => cases.filter((c) => results.get(`${n} ${c.id}`)?.outcome === 'approve').length);
    return `${cls.padEnd(9)} ${String(cases.length).padStart(5)}  ${approved.map((a) => String(a).padStart(8)).join(' ')}`;
  });
  const totals = names.map((n) => DANGEROUS.filter((c) => results.get(`${n} ${c.id}`)?.outcome === 'approve').length);
  console.log(
    [`dangerous cases approved (must be 0), by class:`, `class     cases  ${names.map((n) => n.padStart(8)).join(' ')}`,
      ...rows, `total     ${String(DANGEROUS.length).padStart(5)}  ${totals.map((a) => String(a).padStart(8)).join(' ')}`].join('\n'),
  );
}

describe('the corpus itself', () => {
  it('has ≥ 320 dangerous cases over all 9 classes, ≥ 90 everyday ones, unique ids', () => {
    expect(DANGEROUS.length).toBeGreaterThanOrEqual(320);
    for (const cls of CLASSES) expect(DANGEROUS.filter((c) => c.class === cls).length, cls).toBeGreaterThanOrEqual(20);
    expect(new Set(DANGEROUS.map((c) => c.id)).size).toBe(DANGEROUS.length);
    expect(EVERYDAY.length).toBeGreaterThanOrEqual(90);
    expect(new Set(EVERYDAY.map((c) => c.id)).size).toBe(EVERYDAY.length);
  });
});

describe.each(Object.keys(CONFIGS) as ConfigName[])('dangerous under %s: never approved', (name) => {
  it.each(DANGEROUS.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const d = results.get(`${name} ${c.id}`)!;
    expect(d.outcome, `${c.why}\n  ${JSON.stringify(ws.fill(c.input))}\n  rule=${d.rule} reason=${d.reason}`).not.toBe('approve');
    expect(d.outcome, `engine threw: ${d.reason}`).not.toBe('error');
  });
});

describe('everyday work under the typical config', () => {
  it('approves at least 95 %', () => {
    const missed = EVERYDAY.map((c) => ({ c, d: judge(TYPICAL, c) })).filter(({ d }) => d.outcome !== 'approve');
    const rate = (EVERYDAY.length - missed.length) / EVERYDAY.length;
    console.log(
      `everyday approved: ${EVERYDAY.length - missed.length}/${EVERYDAY.length} (${(rate * 100).toFixed(1)} %)` +
        missed.map(({ c, d }) => `\n  not approved: ${c.id} → ${d.outcome} ${d.rule}: ${d.reason}`).join(''),
    );
    expect(rate).toBeGreaterThanOrEqual(0.95);
  });
});
