/** Progress per phase: the share of a phase's steps that are done (verified, not just answered). */
export interface PhaseProgress {
  phase: string;
  done: number;
  total: number;
  percent: number;
}

export function phaseProgress(steps: readonly { phase: string; status: string }[]): PhaseProgress[] {
  const out: PhaseProgress[] = [];
  for (const s of steps) {
    let p = out.find((x) => x.phase === s.phase);
    if (!p) out.push((p = { phase: s.phase, done: 0, total: 0, percent: 0 }));
    p.total++;
    if (s.status === 'done') p.done++;
  }
  for (const p of out) p.percent = Math.floor((p.done / p.total) * 100);
  return out;
}

/** "31% of Phase 1": the first phase not yet complete, or "100%" when every phase is. */
export function progressLabel(progress: readonly PhaseProgress[]): string {
  const current = progress.find((p) => p.done < p.total);
  return current ? `${current.percent}% of ${current.phase}` : '100%';
}
