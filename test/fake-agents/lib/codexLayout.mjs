// Codex CLI (ratatui TUI): `›` composer with a hint row under it, `• Working (3s • esc to
// interrupt)` above it while busy, and approval overlays in place of the composer that end
// with `Press enter to confirm or esc to cancel`.
import { relative } from 'node:path';
import { wrapBlock } from './wrapText.mjs';

const splitLines = (text) => String(text).split(/\r\n|\r|\n/);
const NO = { label: 'No, and tell Codex what to do differently (esc)', outcome: 'reject' };

function rel(cwd, path) {
  const r = relative(cwd, path ?? '');
  return r.startsWith('..') ? path : r;
}

/** The command a tool call amounts to in Codex's world (it runs shell commands). */
function commandOf(toolName, input) {
  if (toolName === 'Bash') return input.command ?? '';
  if (toolName === 'Read') return `cat ${input.file_path}`;
  return input.command ?? `${toolName} ${JSON.stringify(input)}`;
}

function codexDialog(toolName, input, _cwd, { description } = {}) {
  const yes = (label) => ({ label, outcome: 'allow' });
  const always = (label) => ({ label, outcome: 'allow-always' });
  if (toolName === 'Edit' || toolName === 'Write') {
    return {
      title: 'Would you like to make the following edits?',
      body: description ? [{ first: 'Reason: ', rest: '', text: description }] : [],
      options: [yes('Yes, proceed (y)'), always("Yes, and don't ask again for these files (a)"), NO],
      ruleKey: 'edits',
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
      title: `Do you want to approve network access to "${host}"?`,
      body: [],
      options: [yes('Yes, just this once (y)'), always('Yes, and allow this host for this conversation (a)'), NO],
      ruleKey: `net:${host}`,
    };
  }
  const mcp = /^mcp__(.+?)__(.+)$/.exec(toolName);
  if (mcp) {
    const option = (label, help, outcome) => ({ label: `${label.padEnd(23)}${help}`, outcome });
    return {
      title: `Allow the ${mcp[1]} MCP server to run tool "${mcp[2]}"?`,
      body: Object.entries(input).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`),
      options: [
        option('Allow', 'Run the tool and continue.', 'allow'),
        option('Allow for this session', 'Run the tool and remember this choice for this session.', 'allow-always'),
        option('Always allow', 'Run the tool and remember this choice for future tool calls.', 'allow-always'),
        option('Cancel', 'Cancel this tool call', 'reject'),
      ],
      footer: 'enter to submit | esc to cancel',
      letters: {}, // four choices: no y/a/n shortcuts
      ruleKey: toolName,
    };
  }
  const command = commandOf(toolName, input);
  return {
    title: 'Would you like to run the following command?',
    body: [
      ...((input.description ?? description) ? [{ first: 'Reason: ', rest: '', text: input.description ?? description }, ''] : []),
      { first: '$ ', rest: '  ', text: command },
    ],
    options: [yes('Yes, proceed (y)'), always("Yes, and don't ask again for this command (a)"), NO],
    ruleKey: `cmd:${command}`,
  };
}

export function codexLayout({ version, model, cols, placeholder }) {
  // ratatui and textwrap: the space at a break is dropped, continuation rows keep the column
  const block = (first, rest, text) => wrapBlock(text, { first, rest, cols: cols(), style: 'textwrap' });
  return {
    name: 'codex',
    header: ({ cwd, cols }) => {
      const inner = Math.min(cols, 60) - 4;
      const row = (text) => `│ ${text.padEnd(inner)} │`;
      return [
        `╭${'─'.repeat(inner + 2)}╮`,
        row(`>_ OpenAI Codex (v${version})`),
        row(''),
        row(`model:     ${model}   /model to change`),
        row(`directory: ${cwd}`),
        `╰${'─'.repeat(inner + 2)}╯`,
        '',
        '  To get started, describe a task or try one of these commands:',
        '',
        '  /init - create an AGENTS.md file with instructions for Codex',
        '  /status - show current session configuration',
        '  /approvals - choose what Codex can do without approval',
        '',
      ];
    },
    promptEcho: (text) => [...block('› ', '  ', text), ''],
    reply: (text) => [...block('• ', '  ', text), ''],
    toolCall: (toolName, input, cwd) => {
      if (toolName === 'Edit' || toolName === 'Write') {
        const added = toolName === 'Write' ? splitLines(input.content ?? '').length : 1;
        const removed = toolName === 'Write' ? 0 : 1;
        return [
          `• Proposed Change ${rel(cwd, input.file_path)} (+${added} -${removed})`,
          ...(toolName === 'Write'
            ? splitLines(input.content ?? '').slice(0, 5).map((l, i) => `    ${i + 1} + ${l}`)
            : [`    1 - ${input.old_string ?? ''}`, `    1 + ${input.new_string ?? ''}`]),
          '',
        ];
      }
      return [];
    },
    toolResult: (text, toolName, input) => [
      ...(toolName === 'Edit' || toolName === 'Write' ? [] : [`• Ran ${commandOf(toolName, input).split('\n')[0]}`]),
      ...block('  └ ', '    ', text),
      '',
    ],
    interrupted: () => ['■ Conversation interrupted - tell the model what to do differently', ''],
    rejected: (toolName, input) => [
      `✗ You canceled the request to run ${commandOf(toolName, input).split('\n')[0]}`,
      '',
      '■ Conversation interrupted - tell the model what to do differently',
      '',
    ],
    denied: (message) => [...block('✗ ', '  ', message || 'Request denied'), ''],
    apiError: (message) => [...block('■ ', '  ', message), ''],
    blocked: (reason) => [...block('■ ', '  ', reason), ''],
    output: (lines) => [...lines.map((l, i) => (i === 0 ? `• ${l}` : `  ${l}`)), ''],
    dialogContent: codexDialog,
    dialogLetters: { y: 0, a: 1, n: 2 },
    interruptKeys: ['Escape', 'C-c'],
    exitNotice: () => '  ctrl + c again to quit',
    // Codex separates a finished turn's final message with a rule carrying the time.
    worked: (ms) => {
      const total = Math.max(1, Math.round(ms / 1000));
      const time = total >= 60 ? `${Math.floor(total / 60)}m ${String(total % 60).padStart(2, '0')}s` : `${total}s`;
      const head = `─ Worked for ${time} `;
      return [head + '─'.repeat(Math.max(0, cols() - head.length))];
    },
    workedBeforeReply: true,
    collapsePaste: (text) => text.length > 1000,
    pasteLabel: (_n, text) => `[Pasted Content ${text.length} chars]`,
    live(view) {
      if (view.mode === 'dialog') {
        const { content, selected } = view.dialog;
        return [
          '',
          ...block('  ', '  ', content.title),
          '',
          ...content.body.flatMap((l) => {
            if (l === '') return [''];
            if (typeof l === 'string') return block('  ', '  ', l);
            return block(`  ${l.first}`, `  ${l.rest || ' '.repeat(l.first.length)}`, l.text);
          }),
          ...(content.body.length ? [''] : []),
          ...content.options.flatMap((o, i) => {
            const first = `${i === selected ? '› ' : '  '}${i + 1}. `;
            return block(first, ' '.repeat(first.length), o.label);
          }),
          '',
          `  ${content.footer ?? 'Press enter to confirm or esc to cancel'}`,
        ];
      }
      const lines = [];
      if (view.mode === 'busy') lines.push(`• Working (${view.elapsedS}s • esc to interrupt)`);
      for (const q of view.queued) lines.push(`  ↳ ${q.split('\n')[0]}`);
      if (view.mode === 'busy' || view.queued.length) lines.push('');
      // An empty composer shows a dim example prompt, as Codex does (only `capture-pane -e`
      // can tell it from typed text).
      const empty = view.composer.length === 1 && view.composer[0] === '';
      const text = empty && placeholder ? `\x1b[2m${placeholder}\x1b[22m` : view.composer.join('\n');
      lines.push(...block('› ', '  ', text), '');
      lines.push(view.notice ?? '  100% context left · ? for shortcuts');
      return lines;
    },
  };
}
