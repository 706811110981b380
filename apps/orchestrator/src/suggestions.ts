/**
 * Recurring problems into suggestions, each with its evidence (counts and ids). Every rule is a
 * read of existing history; the fingerprint names the problem (not the moment), so the next
 * cycle refreshes the same row rather than adding another.
 */
import type { OrchestratorConfig } from '@architect/core';
import {
  escalationsSince,
  lostPromptsSince,
  repeatedTimeouts,
  slowCompletions,
  sessionFailureRates,
  unstableSessionAlerts,
  upsertSuggestion,
  type Db,
  type NewSuggestion,
} from '@architect/db';
import { candidateRule, type RuleJudge } from './escalationRule';

/** The first two words of a shell command: "git push origin main" → "git push". */
export function commandWords(command: string | null): string {
  return (command ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 2).join(' ');
}

export function commandPattern(tool: string | null, command: string | null): string {
  return `${tool ?? 'unknown'}(${commandWords(command) || '*'})`;
}

export function findSuggestions(db: Db, config: OrchestratorConfig, now: number, judge?: RuleJudge): NewSuggestion[] {
  const since = now - config.suggestionsWindowHours * 3_600_000;
  const out: NewSuggestion[] = [];

  for (const s of sessionFailureRates(db, config.minSamples)) {
    const rate = s.failed / (s.completed + s.failed);
    if (rate <= config.failureRateThreshold) continue;
    out.push({
      kind: 'session_failure_rate',
      fingerprint: `session_failure_rate:${s.name}`,
      message: `Session ${s.name} fails ${Math.round(rate * 100)}% of its prompts (${s.failed} of ${s.completed + s.failed}); check its agent, model or working folder, or route fewer prompts to it.`,
      evidence: { session: s.name, completed: s.completed, failed: s.failed, rate: Number(rate.toFixed(3)) },
    });
  }

  for (const a of unstableSessionAlerts(db, since)) {
    if (a.ids.length < config.recurringCount) continue;
    out.push({
      kind: 'session_unstable',
      fingerprint: `session_unstable:${a.session}:${a.kind}`,
      message: `Session ${a.session} raised ${a.ids.length} "${a.kind}" alerts in ${config.suggestionsWindowHours} h; look at why it keeps stopping (crash loop, rate limits, a hanging tool).`,
      evidence: { session: a.session, alertKind: a.kind, count: a.ids.length, alertIds: a.ids.slice(-20) },
    });
  }

  const byPattern = new Map<string, { ids: number[]; sessions: Set<string>; words: string; shell: { command: string; cwd: string }[] | null }>();
  for (const e of escalationsSince(db, since)) {
    const key = commandPattern(e.tool, e.command);
    const g = byPattern.get(key) ?? { ids: [], sessions: new Set<string>(), words: commandWords(e.command), shell: [] };
    g.ids.push(e.id);
    g.sessions.add(e.session);
    // A rule can only be judged for shell commands whose session folder is known.
    if (g.shell && e.tool?.toLowerCase() === 'bash' && e.command && e.cwd) g.shell.push({ command: e.command, cwd: e.cwd });
    else g.shell = null;
    byPattern.set(key, g);
  }
  for (const [pattern, g] of byPattern) {
    if (g.ids.length < config.recurringCount) continue;
    const rule = judge && g.shell && g.words ? candidateRule(g.words) : null;
    // A rule is suggested only where the policy with it would approve every escalated command.
    const safeRule = rule && judge!(rule, g.shell!) ? rule : null;
    out.push({
      kind: 'repeated_escalation',
      fingerprint: `repeated_escalation:${pattern}`,
      message: safeRule
        ? `${g.ids.length} permission requests matching ${pattern} were escalated to you; the policy would approve all of them with the allow rule ${safeRule} in autoConfirm.allow.`
        : `${g.ids.length} permission requests matching ${pattern} were escalated to you; no allow rule would safely cover them all — review them.`,
      evidence: { pattern, count: g.ids.length, sessions: [...g.sessions].sort(), interactionIds: g.ids.slice(-20), suggestedRule: safeRule },
    });
  }

  for (const t of repeatedTimeouts(db, since, Math.max(2, config.recurringCount - 1))) {
    out.push({
      kind: 'prompt_timeouts',
      fingerprint: `prompt_timeouts:${t.promptId}`,
      message: `Prompt #${t.promptId} timed out ${t.timeouts} times; split it into smaller prompts or raise its timeout.`,
      evidence: { promptId: t.promptId, timeouts: t.timeouts, sessions: t.sessions },
    });
  }

  // "Slow": a completed prompt that used over 80% of its timeout — the next one may not make it.
  for (const s of slowCompletions(db, since, 0.8)) {
    if (s.promptIds.length < config.recurringCount) continue;
    out.push({
      kind: 'slow_prompts',
      fingerprint: `slow_prompts:${s.session}`,
      message: `${s.promptIds.length} prompts on ${s.session} took over 80% of their timeout; give them more time or split them before they start timing out.`,
      evidence: { session: s.session, count: s.promptIds.length, promptIds: s.promptIds.slice(-20) },
    });
  }

  for (const l of lostPromptsSince(db, since)) {
    out.push({
      kind: 'lost_prompt',
      fingerprint: `lost_prompt:${l.promptId}`,
      message: `Prompt #${l.promptId} went to lost and found after ${l.attempts} attempts; retry it (architect prompts retry ${l.promptId}) or rewrite it.`,
      evidence: { promptId: l.promptId, attempts: l.attempts, lostAt: l.createdAt },
    });
  }
  return out;
}

export function runSuggestions(db: Db, config: OrchestratorConfig, now: number, judge?: RuleJudge): { found: number; created: number; refreshed: number } {
  const found = findSuggestions(db, config, now, judge);
  let created = 0;
  let refreshed = 0;
  for (const s of found) {
    const r = upsertSuggestion(db, s, now);
    if (r === 'created') created++;
    if (r === 'refreshed') refreshed++;
  }
  return { found: found.length, created, refreshed };
}
