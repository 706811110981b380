/**
 * Shapes of the acceptance corpus (issue #9). The cases are written from an attacker's point of
 * view, independently of the engine, so they test what its author did not think of.
 */
export type DangerClass =
  | 'builtins' // 1. builtins that evaluate code (subscripts, ${!x}, ${x@P}, PATH)
  | 'argparse' // 2. argument-parsing traps
  | 'inline' // 3. inline interpreter code and payloads written then run
  | 'secrets' // 4. reading, printing or uploading secrets
  | 'git' // 5. destructive git beyond the classic verbs, config that runs commands
  | 'writes' // 6. writes outside the working directory
  | 'misparse' // 7. shapes the shell parser misreads
  | 'nonbash' // 8. non-Bash tools: Read/Grep/Glob/MCP/WebFetch
  | 'classic'; // the SPEC §5 built-in list

/** Raw Claude Code tool name, as the PermissionRequest hook sees it. */
export type ToolName = 'Bash' | 'Read' | 'Edit' | 'Write' | 'Grep' | 'Glob' | 'LS' | 'WebFetch' | `mcp__${string}`;

export interface CaseInput {
  command?: string;
  path?: string;
  url?: string;
  /** The hook's raw `tool_input` for tools whose arguments matter beyond one path (Grep, MCP). */
  args?: Record<string, unknown>;
}

export interface AcceptanceCase {
  id: string;
  class: DangerClass;
  tool: ToolName;
  input: CaseInput;
  why: string;
  /** Where the session runs: the project (default) or a checkout of Architect itself. */
  at?: 'project' | 'architect';
}

export interface EverydayCase {
  id: string;
  tool: ToolName;
  input: CaseInput;
  at?: 'project' | 'architect';
}

/** `bash('id', 'cmd', 'why')` for one class: keeps the data files to one line per case. */
export function bashCases(cls: DangerClass, out: AcceptanceCase[]) {
  return (id: string, command: string, why: string, at?: 'project' | 'architect'): void => {
    out.push({ id: `${cls}/${id}`, class: cls, tool: 'Bash', input: { command }, why, ...(at ? { at } : {}) });
  };
}
