import { isWithin, resolvePath } from './paths';
import { realOf } from './realPath';
import type { Subject } from './ruleMatch';
import { holdsSecrets, secretReason } from './secrets';
import type { Decision, PolicyContext } from './types';

/**
 * MCP tools. A tool whose name says it changes or destroys something (`delete_file`,
 * `execute_command`, `merge_pull_request`, `remove_container`) is approved only by a rule that
 * names it exactly: `mcp__github` or `mcp__github__*` allow reading, not deleting. Path
 * arguments get the same checks as the Read and Edit tools: secrets are refused, and a tool
 * that writes may not write outside the workspace.
 */
const DESTRUCTIVE = /(^|_)(delete|del|remove|rm|drop|destroy|purge|truncate|wipe|erase|clear|reset|revert|write|edit|move|rename|replace|update|upsert|set|put|patch|push|merge|close|lock|archive|transfer|revoke|exec|execute|eval|run|shell|command|script|kill|stop|terminate|restart|force|deploy|publish|release|upload|send|install|uninstall|prune|fork|dismiss|approve|create_or_update|apply|commit|query_write|sql)(_|$)/;

/** Argument names that carry file paths. */
const PATH_KEYS = /^(path|paths|file|files|file_path|filepath|filename|source|destination|dest|target|dir|directory|root|cwd|folder|from|to|src|dst)$/i;

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[-.]/g, '_').toLowerCase();
}

function pathArgs(input: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (!PATH_KEYS.test(k)) continue;
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x);
  }
  return out;
}

export function judgeMcp(toolName: string, input: Record<string, unknown>, ctx: PolicyContext, rules: (s: Subject) => Decision): Decision {
  const tool = snake(toolName.split('__').slice(2).join('__'));
  const destructive = DESTRUCTIVE.test(tool) || input.force === true;
  const searches = /(^|_)(search|find|list|tree|glob|grep|walk)(_|$)/.test(tool);
  for (const p of pathArgs(input)) {
    const abs = /[$`]/.test(p) ? null : resolvePath(p, ctx.cwd, ctx.home);
    if (abs === null) return { outcome: 'escalate', rule: 'builtin:path-unresolved', reason: `${toolName}: cannot resolve the path ${JSON.stringify(p)}` };
    const secret = secretReason(abs, ctx);
    if (secret) return { outcome: 'deny', rule: 'builtin:secret-read', reason: `${toolName} names ${abs}: ${secret}` };
    if (searches) {
      const holds = holdsSecrets(abs, ctx, true);
      if (holds) return { outcome: 'escalate', rule: 'builtin:secret-read-recursive', reason: `${toolName} searches ${abs}: ${holds}` };
    }
    if (destructive && !(isWithin(abs, ctx.cwd) && abs !== ctx.cwd && isWithin(realOf(abs, ctx), realOf(ctx.cwd, ctx)))) {
      return { outcome: 'deny', rule: 'builtin:write-outside-cwd', reason: `${toolName} changes ${abs}, outside the workspace ${ctx.cwd}` };
    }
  }
  const d = rules({ kind: 'mcp', toolName });
  if (d.outcome === 'approve' && destructive && d.rule !== `allow:${toolName}`) {
    return { outcome: 'escalate', rule: 'builtin:mcp-destructive', reason: `${toolName} sounds destructive; only a rule naming it exactly (${toolName}) approves it, not ${d.rule.slice(6)}` };
  }
  return d;
}
