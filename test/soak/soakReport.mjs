/**
 * What a soak run checks and reports: every prompt and task done exactly once (the database and
 * the fake agents' record files), and each daemon's memory and CPU from the samples.
 */
import fs from 'node:fs';
import path from 'node:path';

export function verify({ db, home, sessions, prompts, tasks, taskLog, promptIds }) {
  const failures = [];
  const statuses = Object.fromEntries(db.sqlite.prepare('SELECT status, count(*) AS n FROM prompts GROUP BY status').all().map((r) => [r.status, r.n]));
  const completedTwice = db.sqlite
    .prepare(`SELECT prompt_id, count(*) AS n FROM assignment_history WHERE action = 'completed' GROUP BY prompt_id HAVING n <> 1`)
    .all();
  const completedOnce = db.sqlite.prepare(`SELECT count(DISTINCT prompt_id) AS n FROM assignment_history WHERE action = 'completed'`).get().n;
  if ((statuses.completed ?? 0) !== prompts.length) failures.push(`${prompts.length - (statuses.completed ?? 0)} of ${prompts.length} prompts not completed (${JSON.stringify(statuses)})`);
  if (completedTwice.length) failures.push(`${completedTwice.length} prompts completed more than once in assignment_history`);
  if (completedOnce !== promptIds.length) failures.push(`assignment_history shows ${completedOnce} completed prompts of ${promptIds.length}`);
  // What the agents saw: each prompt submitted exactly once across all of them.
  const seen = new Map();
  const events = { shown: 0, answered: 0, hookDecided: 0 };
  for (const s of sessions) {
    for (const e of records(home, s.name)) {
      if (e.event === 'prompt') {
        const m = /(soak-\d+-\w+)/.exec(e.text ?? '');
        if (m) seen.set(m[1], (seen.get(m[1]) ?? 0) + 1);
      } else if (e.event === 'permission-shown') events.shown++;
      else if (e.event === 'permission-answer') events.answered++;
      else if (e.event === 'permission-hook') events.hookDecided++;
    }
  }
  const never = prompts.filter((p) => !seen.has(p.marker)).length;
  const twice = [...seen.values()].filter((n) => n > 1).length;
  if (never) failures.push(`${never} prompts never reached an agent`);
  if (twice) failures.push(`${twice} prompts were submitted to an agent more than once`);
  const taskStatuses = Object.fromEntries(db.sqlite.prepare('SELECT status, count(*) AS n FROM tasks GROUP BY status').all().map((r) => [r.status, r.n]));
  const ran = new Map();
  for (const l of fs.existsSync(taskLog) ? fs.readFileSync(taskLog, 'utf8').split('\n').filter(Boolean) : []) ran.set(l, (ran.get(l) ?? 0) + 1);
  const tasksNotDone = tasks.length - (taskStatuses.done ?? 0);
  const tasksTwice = [...ran.values()].filter((n) => n > 1).length;
  const tasksNever = tasks.filter((t) => !ran.has(t.marker)).length;
  if (tasksNotDone) failures.push(`${tasksNotDone} of ${tasks.length} tasks not done (${JSON.stringify(taskStatuses)})`);
  if (tasksTwice) failures.push(`${tasksTwice} tasks ran more than once`);
  if (tasksNever) failures.push(`${tasksNever} tasks never ran`);
  return {
    failures,
    counts: {
      prompts: prompts.length,
      prompt_statuses: statuses,
      submitted_once: [...seen.values()].filter((n) => n === 1).length,
      submitted_twice: twice,
      permission_dialogs_shown: events.shown,
      permission_answers_on_screen: events.answered,
      permission_hook_decisions: events.hookDecided,
      tasks: tasks.length,
      task_statuses: taskStatuses,
      tasks_ran_once: [...ran.values()].filter((n) => n === 1).length,
    },
  };
}

/** Per daemon: resident memory at the first sample, after warm-up, max and at the end; CPU. */
export function summarize(samples, warmupMs, sampleMs) {
  const out = {};
  const keys = new Set(samples.flatMap((s) => Object.keys(s.daemons)));
  for (const k of keys) {
    const rows = samples.filter((s) => s.daemons[k]).map((s) => ({ t: s.t, ...s.daemons[k] }));
    if (!rows.length) continue;
    // Medians over 30 s windows: a heap's sawtooth swings a single sample by several MB.
    const windowSamples = Math.max(1, Math.round(30_000 / sampleMs));
    const from = Math.max(0, rows.findIndex((r) => r.t >= warmupMs));
    const warmMb = median(rows.slice(from, from + windowSamples).map((r) => r.rssMb));
    const lastMb = median(rows.slice(-windowSamples).map((r) => r.rssMb));
    const cpu = rows.map((r) => r.cpuPct).filter((c) => c !== null);
    out[k] = {
      firstMb: rows[0].rssMb,
      warmMb,
      maxMb: round(Math.max(...rows.map((r) => r.rssMb))),
      lastMb,
      growthMb: round(lastMb - warmMb),
      cpuMeanPct: cpu.length ? round(cpu.reduce((a, b) => a + b, 0) / cpu.length) : null,
      cpuMaxPct: cpu.length ? round(Math.max(...cpu)) : null,
      ...(rows.some((r) => r.heapMb !== undefined) ? { heapFirstMb: rows.find((r) => r.heapMb !== undefined).heapMb, heapLastMb: rows.filter((r) => r.heapMb !== undefined).at(-1).heapMb } : {}),
    };
  }
  return out;
}

export function report(doc, out) {
  const w = (s) => process.stdout.write(`${s}\n`);
  w(`\n== soak (${round(doc.load_ms / 60_000, 2)} min of load${doc.interrupted ? ', interrupted' : ''})`);
  w(`   prompts ${doc.counts.prompts} ${JSON.stringify(doc.counts.prompt_statuses)}, submitted once ${doc.counts.submitted_once}, twice ${doc.counts.submitted_twice}`);
  w(`   permission dialogs shown ${doc.counts.permission_dialogs_shown}, answered on screen ${doc.counts.permission_answers_on_screen}, hook decisions ${doc.counts.permission_hook_decisions}`);
  w(`   tasks ${doc.counts.tasks} ${JSON.stringify(doc.counts.task_statuses)}, ran once ${doc.counts.tasks_ran_once}`);
  for (const [k, m] of Object.entries(doc.memory)) {
    w(`   ${k.padEnd(16)} rss ${m.firstMb} → warm ${m.warmMb} → last ${m.lastMb} MB (max ${m.maxMb}, growth ${m.growthMb})  cpu mean ${m.cpuMeanPct}% max ${m.cpuMaxPct}%${m.heapFirstMb !== undefined ? `  heap ${m.heapFirstMb} → ${m.heapLastMb} MB` : ''}`);
  }
  w(doc.failures.length ? `   FAIL\n${doc.failures.map((f) => `     - ${f}`).join('\n')}` : '   PASS: nothing lost or run twice, memory within bounds');
  w(`   -> ${path.relative(process.cwd(), out)}`);
}


export function records(home, name) {
  const file = path.join(home, `${name}.jsonl`);
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? round(sorted[Math.floor((sorted.length - 1) / 2)]) : NaN;
}

export const round = (v, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
