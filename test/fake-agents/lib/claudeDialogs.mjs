// What Claude Code's permission dialog says for each tool: title, body, question and
// the three choices. Both layouts (1.x boxed, 2.x ruled) draw this same content.
import { basename, dirname, relative } from 'node:path';

const NO_LONG = 'No, and tell Claude what to do differently (esc)';

/** The "don't ask again for <prefix> commands" prefix: the command and its sub-command. */
export function commandPrefix(command) {
  const words = command.trim().split(/\s+/);
  const second = words[1];
  return second && /^[a-z][\w:-]*$/.test(second) ? `${words[0]} ${second}` : words[0] ?? '';
}

function rel(cwd, path) {
  const r = relative(cwd, path);
  return r.startsWith('..') ? path : r;
}

/**
 * @returns {{ title: string, body: string[], file?: { path: string, diff: string[] }, question: string,
 *   options: { label: string, outcome: 'allow' | 'allow-always' | 'reject' }[], hint: string,
 *   ruleKey: string }}
 */
export function claudeDialog(toolName, input, cwd, { shortNo = false, layout = 2, ...extra } = {}) {
  const no = { label: shortNo ? 'No' : NO_LONG, outcome: 'reject' };
  const yes = { label: 'Yes', outcome: 'allow' };
  const hint = shortNo ? 'Esc to cancel · Tab to amend' : 'Esc to cancel';
  const always = (label) => ({ label, outcome: 'allow-always' });
  if (toolName === 'Bash') {
    const prefix = commandPrefix(input.command ?? '');
    return {
      title: 'Bash command',
      body: [...String(input.command ?? '').split('\n'), ...(input.description ? [input.description] : [])],
      question: 'Do you want to proceed?',
      options: [yes, always(`Yes, and don't ask again for ${prefix} commands in ${cwd}`), no],
      hint,
      ruleKey: `Bash(${prefix}:*)`,
    };
  }
  if (toolName === 'Edit' || toolName === 'Write' || toolName === 'MultiEdit') {
    const path = input.file_path ?? '';
    const creating = toolName === 'Write';
    // Claude's diff view: line number, +/- marker, the code (Write has no marker column).
    const diff = creating
      ? String(input.content ?? '').split('\n').slice(0, 8).map((l, i) => `${i + 1} ${l}`)
      : [
          ...String(input.old_string ?? '').split('\n').map((l, i) => `${i + 1} -  ${l}`),
          ...String(input.new_string ?? '').split('\n').map((l, i) => `${i + 1} +  ${l}`),
        ];
    return {
      title: creating ? 'Create file' : 'Edit file',
      body: [],
      file: { path: rel(cwd, path), diff },
      question: creating ? `Do you want to create ${basename(path)}?` : `Do you want to make this edit to ${basename(path)}?`,
      options: [yes, always(layout === 1 ? "Yes, and don't ask again this session (shift+tab)" : 'Yes, allow all edits during this session (shift+tab)'), no],
      hint,
      ruleKey: 'Edit',
    };
  }
  if (toolName === 'Read') {
    const path = input.file_path ?? '';
    return {
      title: 'Read file',
      body: [`Read(${path})`],
      question: 'Do you want to proceed?',
      options: [yes, always(`Yes, allow reading from ${basename(dirname(path))}/ during this session`), no],
      hint,
      ruleKey: `Read(${dirname(path)}/**)`,
    };
  }
  if (toolName === 'WebFetch') {
    let host = input.url ?? '';
    try {
      host = new URL(input.url).hostname;
    } catch {
      // keep the raw text
    }
    return {
      title: 'Fetch',
      body: [input.url ?? '', `Claude wants to fetch content from ${host}`],
      question: 'Do you want to allow Claude to fetch this content?',
      options: [yes, always(`Yes, and don't ask again for ${host}`), no],
      hint,
      ruleKey: `WebFetch(domain:${host})`,
    };
  }
  const mcp = /^mcp__(.+?)__(.+)$/.exec(toolName);
  const { description } = extra;
  const args = Object.entries(input)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ');
  if (mcp) {
    const [, server, tool] = mcp;
    return {
      title: 'Tool use',
      body: [`${server} - ${tool}(${args}) (MCP)`, ...(description ? [description] : [])],
      question: 'Do you want to proceed?',
      options: [yes, always(`Yes, and don't ask again for ${server} - ${tool} commands in ${cwd}`), no],
      hint,
      ruleKey: toolName,
    };
  }
  return {
    title: 'Tool use',
    body: [`${toolName}(${args})`],
    question: 'Do you want to proceed?',
    options: [yes, always(`Yes, and don't ask again for ${toolName} commands in ${cwd}`), no],
    hint,
    ruleKey: toolName,
  };
}

/** How the tool call is named in the conversation: `Bash(npm test)`, `Update(src/a.ts)`. */
export function claudeToolCall(toolName, input, cwd) {
  switch (toolName) {
    case 'Bash':
      return `Bash(${String(input.command ?? '').split('\n')[0]})`;
    case 'Edit':
    case 'MultiEdit':
      return `Update(${rel(cwd, input.file_path ?? '')})`;
    case 'Write':
      return `Write(${rel(cwd, input.file_path ?? '')})`;
    case 'Read':
      return `Read(${rel(cwd, input.file_path ?? '')})`;
    case 'WebFetch':
      return `Fetch(${input.url ?? ''})`;
    default: {
      const mcp = /^mcp__(.+?)__(.+)$/.exec(toolName);
      return mcp ? `${mcp[1]} - ${mcp[2]} (MCP)` : toolName;
    }
  }
}

/** The folder-trust prompt Claude Code shows on first start in a directory (not a tool dialog). */
/** The folder-trust dialog: 2.0's wording, or 2.1's "Quick safety check" (`modern`). */
export function claudeTrustDialog(cwd, { modern = false } = {}) {
  const text = modern
    ? [
        "Quick safety check: Is this a project you created or one you trust? (Like your own code, a well-known open source project, or work from your team). If not, take a moment to review what's in this folder first.",
        '',
        "Claude Code'll be able to read, edit, and execute files here.",
      ]
    : ['Claude Code may read, write, or execute files contained in this directory. This can pose security risks, so only use files from trusted sources.'];
  const yes = { label: modern ? 'Yes, I trust this folder' : 'Yes, proceed', outcome: 'allow' };
  return {
    title: modern ? 'Accessing workspace:' : 'Do you trust the files in this folder?',
    body: modern ? [cwd, '', ...text] : ['', cwd, '', ...text, ''],
    question: modern ? 'Security guide' : 'Learn more',
    options: [yes, { label: 'No, exit', outcome: 'reject' }],
    hint: modern ? 'Enter to confirm · Esc to cancel' : 'Enter to confirm · Esc to exit',
    ruleKey: 'trust',
  };
}
