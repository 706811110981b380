import { posix } from 'node:path';
import { judgeSource, type JudgeState, type Part } from './bashJudge';
import { bashParserReady } from './bashParse';
import type { CompiledPolicy } from './compile';
import { PolicyNotReadyError } from './errors';
import { nonPublicHost } from './fetchAddress';
import { judgeMcp } from './mcpJudge';
import { isWithin, isWritable, resolvePath, sensitiveInsideCwd } from './paths';
import { realOf } from './realPath';
import { searchVerdict } from './searchTools';
import { configVerdict, type Subject } from './ruleMatch';
import { secretReason } from './secrets';
import type { Decision, PermissionRequest, PolicyContext } from './types';

const DEFAULT_TOOL = { read: 'Read', edit: 'Edit', write: 'Write', fetch: 'WebFetch', bash: 'Bash' } as const;

/**
 * Decide one permission request. Pure and synchronous; for shell commands the parser must have
 * been loaded once with `await initPolicy()`. Order (SPEC §5): the built-in deny list, which no
 * rule can lift; then the config's deny, ask and allow rules; no match escalates. A compound
 * command is approved only when every part is.
 */
export function decide(policy: CompiledPolicy, req: PermissionRequest, rawCtx: PolicyContext): Decision {
  const ctx: PolicyContext = { ...rawCtx, cwd: posix.resolve('/', rawCtx.cwd), home: posix.resolve('/', rawCtx.home) };
  switch (req.tool) {
    case 'bash':
      return decideBash(policy, req.command, ctx);
    case 'read':
    case 'edit':
    case 'write':
      return decidePath(policy, req, ctx);
    case 'fetch': {
      let host: string | null = null;
      try {
        const url = new URL(req.url ?? '');
        if (url.protocol !== 'http:' && url.protocol !== 'https:') return esc('builtin:fetch-scheme', `will not fetch ${url.protocol} URLs`);
        host = url.hostname.toLowerCase();
        const why = nonPublicHost(host);
        if (why) return esc('builtin:fetch-private', `will not fetch ${url.protocol}//${host}: ${why}`);
      } catch {
        return esc('builtin:fetch-unreadable', `cannot read the URL ${JSON.stringify(req.url ?? '')}`);
      }
      return fromRules(policy, { kind: 'fetch', host }, ctx);
    }
    case 'mcp':
      if (!req.toolName?.startsWith('mcp__')) return esc('builtin:mcp-unnamed', 'MCP request without an mcp__server__tool name');
      return judgeMcp(req.toolName, req.input ?? {}, ctx, (subject) => fromRules(policy, subject, ctx));
    default:
      if (!req.toolName) return esc('builtin:unknown-tool', 'request for an unnamed tool');
      return fromRules(policy, { kind: 'other', toolName: req.toolName }, ctx);
  }
}

function esc(rule: string, reason: string): Decision {
  return { outcome: 'escalate', rule, reason };
}

function fromRules(policy: CompiledPolicy, subject: Subject, ctx: PolicyContext): Decision {
  const v = configVerdict(policy, subject, ctx);
  if (!v || v.outcome === 'neutral') return esc('default:no-match', 'no rule matches');
  return { outcome: v.outcome, rule: v.rule, reason: v.reason };
}

function decidePath(policy: CompiledPolicy, req: PermissionRequest, ctx: PolicyContext): Decision {
  const tool = req.tool as 'read' | 'edit' | 'write';
  const text = req.path ?? (tool === 'read' ? ctx.cwd : '');
  const abs = /[$`]/.test(text) ? null : resolvePath(text, ctx.cwd, ctx.home);
  if (abs === null) return esc('builtin:path-unresolved', `cannot resolve the path ${JSON.stringify(text)}`);
  const secret = secretReason(abs, ctx);
  if (secret && tool !== 'write') return { outcome: 'deny', rule: 'builtin:secret-read', reason: `${abs} is ${secret}` };
  if (tool === 'read') {
    const search = searchVerdict(req, abs, ctx);
    if (search) return search;
  }
  if (tool !== 'read') {
    if (!isWritable(abs, ctx.cwd)) return { outcome: 'deny', rule: 'builtin:write-outside-cwd', reason: `${abs} is outside the workspace ${ctx.cwd}` };
    const real = realOf(abs, ctx);
    if (real !== abs && !isWithin(real, realOf(ctx.cwd, ctx))) return { outcome: 'deny', rule: 'builtin:write-outside-cwd', reason: `${abs} is a link to ${real}, outside the workspace` };
    const sensitive = sensitiveInsideCwd(abs, ctx.cwd);
    if (sensitive) return esc('builtin:write-sensitive', `${abs} is ${sensitive}`);
    if (secret) return esc('builtin:write-secret', `${abs} is ${secret}`);
  }
  return fromRules(policy, { kind: 'path', tool, toolName: req.toolName ?? DEFAULT_TOOL[tool], abs }, ctx);
}

function decideBash(policy: CompiledPolicy, command: string | undefined, ctx: PolicyContext): Decision {
  if (!command || command.trim() === '') return esc('parse:empty', 'no command to judge');
  if (!bashParserReady()) throw new PolicyNotReadyError();
  const st: JudgeState = { ctx, policy, cwds: [ctx.cwd], depth: 0, parts: [], functions: new Set(), certainCd: false, written: new Set() };
  try {
    judgeSource(command, st, 'command');
  } catch (err) {
    // Absurd nesting can exhaust the stack: that is a command nobody should approve unread.
    if (err instanceof RangeError) return esc('parse:too-complex', 'the command is nested too deeply to judge');
    throw err;
  }
  // Deny and ask rules also see the command as written, so `Bash(curl * | sh)`-style rules still bite.
  const whole = configVerdict({ ...policy, allow: [] }, { kind: 'bash', texts: [command.trim()] }, ctx);
  if (whole) st.parts.push({ text: command, verdict: whole });
  const parts = st.parts.map((p) => ({ text: p.text, ...p.verdict }));
  return { ...combine(st.parts), parts };
}

function combine(parts: Part[]): Decision {
  const pick = (outcome: string) => parts.filter((p) => p.verdict.outcome === outcome);
  const denied = pick('deny');
  if (denied.length) {
    const first = denied.find((p) => p.verdict.rule.startsWith('builtin:')) ?? (denied[0] as Part);
    return { outcome: 'deny', rule: first.verdict.rule, reason: first.verdict.reason };
  }
  // A specific reason (dynamic command, ask rule, parse failure) says more than "no rule matched".
  const escalations = pick('escalate');
  const escalated =
    escalations.find((p) => p.verdict.rule.startsWith('builtin:') && p.verdict.rule !== 'builtin:not-understood') ??
    escalations.find((p) => p.verdict.rule !== 'default:no-match') ??
    escalations[0];
  if (escalated) return { outcome: 'escalate', rule: escalated.verdict.rule, reason: escalated.verdict.reason };
  const approved = pick('approve');
  if (approved.length === 0) return esc('default:no-match', 'no rule allows this command');
  const rules = [...new Set(approved.map((p) => p.verdict.rule))];
  return {
    outcome: 'approve',
    rule: rules.join(' + '),
    reason: approved.length === 1 ? (approved[0] as Part).verdict.reason : `every part is allowed (${approved.length} parts)`,
  };
}
