import type { PermissionRequest } from '@architect/policy';
import type { PermissionPrompt } from '@architect/tmux';

export type RequestResult = { ok: true; request: PermissionRequest } | { ok: false; reason: string };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * A Claude Code PermissionRequest hook's `tool_name` / `tool_input`, as the policy sees it. The
 * input is taken exactly as Claude will run it; a field we need but cannot find means we do
 * not decide.
 */
export function requestFromHook(toolName: string, input: Record<string, unknown>): RequestResult {
  const mapped = mapHook(toolName, input);
  // The raw input goes along: the policy inspects Grep's glob and an MCP tool's path arguments.
  return mapped.ok ? { ok: true, request: { ...mapped.request, input } } : mapped;
}

function mapHook(toolName: string, input: Record<string, unknown>): RequestResult {
  const need = (field: string, value: string | undefined): RequestResult | undefined =>
    value === undefined || value === '' ? { ok: false, reason: `${toolName} input has no ${field}` } : undefined;
  switch (toolName) {
    case 'Bash': {
      const command = str(input.command);
      return need('command', command) ?? { ok: true, request: { tool: 'bash', toolName, command: command! } };
    }
    case 'Edit':
    case 'MultiEdit':
    case 'NotebookEdit': {
      const path = str(input.file_path) ?? str(input.notebook_path);
      return need('file_path', path) ?? { ok: true, request: { tool: 'edit', toolName, path: path! } };
    }
    case 'Write': {
      const path = str(input.file_path);
      return need('file_path', path) ?? { ok: true, request: { tool: 'write', toolName, path: path! } };
    }
    case 'Read':
    case 'Glob':
    case 'Grep':
    case 'LS': {
      // Grep and Glob without a path search the session's working directory.
      const path = str(input.file_path) ?? str(input.path) ?? (toolName === 'Grep' || toolName === 'Glob' ? '.' : undefined);
      return need('path', path) ?? { ok: true, request: { tool: 'read', toolName, path: path! } };
    }
    case 'WebFetch': {
      const url = str(input.url);
      return need('url', url) ?? { ok: true, request: { tool: 'fetch', toolName, url: url! } };
    }
    default:
      if (/^mcp__[^_].*__.+$/.test(toolName)) return { ok: true, request: { tool: 'mcp', toolName } };
      return { ok: true, request: { tool: 'other', toolName } };
  }
}

/**
 * The arguments Claude draws after an MCP tool's name (`path: "~/.ssh/id_ed25519", force: true`),
 * so the policy can check their paths on the screen path too. String values are JSON-quoted on
 * screen; anything else is kept as its text.
 */
function screenArgs(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const re = /(\w+):\s*("(?:[^"\\]|\\.)*"|[^,)]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = (m[2] as string).trim();
    try {
      out[m[1] as string] = raw.startsWith('"') ? JSON.parse(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
    } catch {
      out[m[1] as string] = raw;
    }
  }
  return out;
}

/** Claude's `server - tool(args)` (screen text) → the rule name `mcp__server__tool`. */
const MCP_SCREEN = /^([\w.@-]+) - ([\w.-]+)\(/;

/** A permission dialog read from the screen, as the policy sees it. */
export function requestFromScreen(prompt: PermissionPrompt): RequestResult {
  const text = prompt.command;
  if (text.trim() === '') return { ok: false, reason: 'the dialog shows no command or path' };
  switch (prompt.tool) {
    case 'bash':
      return { ok: true, request: { tool: 'bash', toolName: 'Bash', command: text } };
    case 'edit':
      return { ok: true, request: { tool: 'edit', toolName: 'Edit', path: text } };
    case 'write':
      return { ok: true, request: { tool: 'write', toolName: 'Write', path: text } };
    case 'read':
      return { ok: true, request: { tool: 'read', toolName: 'Read', path: text } };
    case 'fetch':
      return { ok: true, request: { tool: 'fetch', toolName: 'WebFetch', url: text } };
    case 'mcp': {
      const m = MCP_SCREEN.exec(text);
      if (!m) return { ok: false, reason: 'cannot read the MCP server and tool from the dialog' };
      return { ok: true, request: { tool: 'mcp', toolName: `mcp__${m[1]}__${m[2]}`, input: screenArgs(text.slice(m[0].length)) } };
    }
    default:
      // No rule name is guessed from a title we do not know: the policy sees an unnamed tool.
      return { ok: true, request: { tool: 'other' } };
  }
}
