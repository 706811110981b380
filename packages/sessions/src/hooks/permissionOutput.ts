/** What a PermissionRequest hook may answer (Claude Code's hookSpecificOutput.decision). */
export type PermissionDecision =
  | { behavior: 'allow'; updatedInput?: Record<string, unknown> }
  | { behavior: 'deny'; message?: string; interrupt?: boolean };

/** A decision as Claude Code reads it from the hook's stdout (one JSON line). */
export function permissionHookStdout(decision: PermissionDecision): string {
  return JSON.stringify({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision } });
}

/** Only allow and deny are decisions; anything else means none (Claude shows its dialog). */
export function validDecision(d: PermissionDecision | null | undefined): PermissionDecision | undefined {
  if (!d || (d.behavior !== 'allow' && d.behavior !== 'deny')) return undefined;
  return d;
}
