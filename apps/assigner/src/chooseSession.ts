/**
 * Pure routing: which free session takes which queued prompt. No I/O; the tick feeds it rows
 * and claims each pair it returns with a compare-and-swap, so a stale view costs a retry, never
 * a double delivery.
 */
import { findLockConflict, type LockRow } from '@architect/db';

export interface RoutingSession {
  name: string;
  provider: string;
  specialties: string[];
  host: string | null;
  managed: boolean;
  /** The effective state (hook first, then screen) kept by the session watcher. */
  state: string;
  currentPromptId: number | null;
  lastActivity: number | null;
}

export interface RoutingPrompt {
  id: number;
  source: string;
  targetSession: string | null;
  targetProvider: string | null;
  requiredSpecialty: string | null;
  lockPaths: string[];
}

export interface RoutingInput {
  /** In queue order: priority first, then age. */
  prompts: readonly RoutingPrompt[];
  sessions: readonly RoutingSession[];
  locks: readonly Pick<LockRow, 'id' | 'path' | 'sessionName'>[];
  /** Most sessions per host that may be busy at once. */
  maxBusy: number;
  /** Sessions this process is typing into right now (not yet visible in the rows). */
  delivering?: ReadonlySet<string>;
  /** Sessions where a prompt already failed an attempt: a retry prefers any other. */
  failedSessions?: ReadonlyMap<number, readonly string[]>;
}

export interface Assignment {
  promptId: number;
  session: string;
}

export type Ineligible =
  | 'unmanaged'
  | 'gone'
  | 'not_idle'
  | 'prompt_in_flight'
  | 'delivering'
  | 'wrong_target'
  | 'wrong_provider'
  | 'missing_specialty'
  | 'author';

/** The session that wrote a prompt (`session:<name>`) never receives it. */
export function authorOf(source: string): string | undefined {
  return source.startsWith('session:') ? source.slice('session:'.length) : undefined;
}

/** Why `session` may not take `prompt` right now, or undefined when it may. Locks and the busy cap are checked by the caller. */
export function ineligibility(prompt: RoutingPrompt, session: RoutingSession, delivering?: ReadonlySet<string>): Ineligible | undefined {
  if (!session.managed) return 'unmanaged';
  if (session.state === 'gone') return 'gone';
  if (prompt.targetSession !== null && prompt.targetSession !== session.name) return 'wrong_target';
  if (prompt.targetProvider !== null && prompt.targetProvider !== session.provider) return 'wrong_provider';
  if (prompt.requiredSpecialty !== null && !session.specialties.includes(prompt.requiredSpecialty)) return 'missing_specialty';
  if (authorOf(prompt.source) === session.name) return 'author';
  if (session.currentPromptId !== null) return 'prompt_in_flight';
  if (delivering?.has(session.name)) return 'delivering';
  if (session.state !== 'idle') return 'not_idle';
  return undefined;
}

const hostOf = (s: RoutingSession) => s.host ?? 'local';

/** Working, waiting on a human, or holding a prompt: all count against the host's cap. */
function occupied(s: RoutingSession, delivering?: ReadonlySet<string>): boolean {
  return s.state === 'busy' || s.state === 'waiting_input' || s.currentPromptId !== null || (delivering?.has(s.name) ?? false);
}

/**
 * Greedy in queue order: each prompt gets the best eligible free session; a prompt that can go
 * nowhere (its target busy, its files locked) does not hold up the ones behind it. Among
 * eligible sessions: one where the prompt has not failed before, then the longest idle, then by
 * name (stable for tests).
 */
export function chooseAssignments(input: RoutingInput): Assignment[] {
  const { delivering, failedSessions } = input;
  const busy = new Map<string, number>();
  for (const s of input.sessions) {
    if (s.managed && s.state !== 'gone' && occupied(s, delivering)) busy.set(hostOf(s), (busy.get(hostOf(s)) ?? 0) + 1);
  }
  const taken = new Set<string>();
  // Locks granted in this round, so two queued prompts on the same files do not both go out.
  const locks: Pick<LockRow, 'id' | 'path' | 'sessionName'>[] = [...input.locks];
  const out: Assignment[] = [];

  for (const prompt of input.prompts) {
    const failed = new Set(failedSessions?.get(prompt.id) ?? []);
    const candidates = input.sessions
      .filter((s) => !taken.has(s.name) && ineligibility(prompt, s, delivering) === undefined)
      .filter((s) => (busy.get(hostOf(s)) ?? 0) < input.maxBusy)
      .filter((s) => !findLockConflict(locks, prompt.lockPaths, s.name))
      .sort(
        (a, b) =>
          Number(failed.has(a.name)) - Number(failed.has(b.name)) ||
          (a.lastActivity ?? 0) - (b.lastActivity ?? 0) ||
          a.name.localeCompare(b.name),
      );
    const chosen = candidates[0];
    if (!chosen) continue;
    taken.add(chosen.name);
    busy.set(hostOf(chosen), (busy.get(hostOf(chosen)) ?? 0) + 1);
    for (const path of prompt.lockPaths) locks.push({ id: -1, path, sessionName: chosen.name });
    out.push({ promptId: prompt.id, session: chosen.name });
  }
  return out;
}
