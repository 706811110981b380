/** What kind of tool an agent asks permission for (SPEC §10 `prompt.tool`). */
export type ToolKind = 'bash' | 'edit' | 'write' | 'read' | 'fetch' | 'mcp' | 'other';

export interface PermissionRequest {
  tool: ToolKind;
  /** Raw Claude tool name, e.g. 'Bash', 'Edit', 'mcp__github__create_issue', 'WebFetch'. */
  toolName?: string;
  /** The shell command, for bash. */
  command?: string;
  /** File path for read/edit/write (absolute, `~/…` or relative to the session's cwd). */
  path?: string;
  url?: string;
  /** The tool's raw input (Grep's `glob`, an MCP tool's arguments), inspected for paths and commands. */
  input?: Record<string, unknown>;
}

export interface PolicyContext {
  /** The session's working directory, absolute. Writes must stay inside it. */
  cwd: string;
  home: string;
  /** Files no agent may read or write, e.g. Architect's database and vault key. */
  protectedPaths?: string[];
  /** Follows symbolic links; default: the real file system (the longest existing prefix of the path). */
  realpath?: (abs: string) => string;
}

export type Outcome = 'approve' | 'deny' | 'escalate';

export interface Decision {
  outcome: Outcome;
  /** Which rule decided: 'builtin:rm-root', 'allow:Bash(npm test *)', 'default:no-match', … */
  rule: string;
  reason: string;
  /** For shell commands: every part judged, with its own outcome, rule and reason (for `policy explain`). */
  parts?: DecisionPart[];
}

export interface DecisionPart {
  /** The part as the engine read it (`npm test`, `redirect > out.txt`, `python3 -c`). */
  text: string;
  outcome: Outcome | 'neutral';
  rule: string;
  reason: string;
}

/** Claude Code permission rules, evaluated deny → ask → allow. */
export interface PolicyConfig {
  allow: string[];
  ask: string[];
  deny: string[];
}
