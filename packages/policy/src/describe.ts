import type { PermissionRequest } from './types';

const MAX = 200;

/** One line naming a request the way a rule would: `Bash(npm test)`, `Read(src/a.ts)`, `mcp__gh__create_issue`. */
export function describeRequest(req: PermissionRequest): string {
  const short = (s: string) => {
    const flat = s.replace(/\s*\n\s*/g, ' ⏎ ').trim();
    return flat.length > MAX ? `${flat.slice(0, MAX - 1)}…` : flat;
  };
  switch (req.tool) {
    case 'bash':
      return `${req.toolName ?? 'Bash'}(${short(req.command ?? '')})`;
    case 'read':
    case 'edit':
    case 'write': {
      const tool = req.toolName ?? { read: 'Read', edit: 'Edit', write: 'Write' }[req.tool];
      return req.path ? `${tool}(${short(req.path)})` : tool;
    }
    case 'fetch':
      return `${req.toolName ?? 'WebFetch'}(${short(req.url ?? '')})`;
    case 'mcp':
      return req.toolName ?? 'mcp';
    default:
      return req.toolName ?? 'other';
  }
}
