// Claude Code keeps the conversation as JSONL under <config dir>/projects/<cwd slug>/.
// Hooks get that path as `transcript_path`. The fake writes a minimal transcript only when
// CLAUDE_CONFIG_DIR is set, so tests never write into the real ~/.claude.
import { appendFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';

export function createTranscript({ cwd, sessionId, env = process.env }) {
  const configDir = env.CLAUDE_CONFIG_DIR || join(homedir(), '.claude');
  const path = join(configDir, 'projects', cwd.replace(/[^A-Za-z0-9]/g, '-'), `${sessionId}.jsonl`);
  const enabled = Boolean(env.CLAUDE_CONFIG_DIR);
  let parentUuid = null;
  const append = (type, message) => {
    if (!enabled) return;
    mkdirSync(dirname(path), { recursive: true });
    const uuid = randomUUID();
    const entry = { parentUuid, type, message, uuid, sessionId, cwd, timestamp: new Date().toISOString() };
    parentUuid = uuid;
    appendFileSync(path, `${JSON.stringify(entry)}\n`);
  };
  return {
    path,
    user: (text) => append('user', { role: 'user', content: text }),
    assistant: (text) => append('assistant', { role: 'assistant', content: [{ type: 'text', text }] }),
  };
}
