import type { PermissionRequest, ToolKind } from '../src/index';
import type { CaseInput, ToolName } from './cases';

/**
 * A case as the PermissionRequest hook would hand it to the engine. `input` carries the raw
 * `tool_input` (Grep's glob, an MCP tool's arguments): the engine must inspect it; today's
 * PermissionRequest has no such field, so it is passed alongside.
 */
export type AcceptanceRequest = PermissionRequest & { input?: Record<string, unknown> };

function kindOf(tool: ToolName): ToolKind {
  if (tool === 'Bash') return 'bash';
  if (tool === 'Edit') return 'edit';
  if (tool === 'Write') return 'write';
  if (tool === 'WebFetch') return 'fetch';
  if (tool.startsWith('mcp__')) return 'mcp';
  return 'read'; // Read, Grep, Glob, LS: the hook maps them all to a read of their path
}

export function toRequest(tool: ToolName, input: CaseInput): AcceptanceRequest {
  const req: AcceptanceRequest = { tool: kindOf(tool), toolName: tool };
  if (input.command !== undefined) req.command = input.command;
  if (input.path !== undefined) req.path = input.path;
  if (input.url !== undefined) req.url = input.url;
  req.input = input.args ?? { ...input };
  return req;
}
