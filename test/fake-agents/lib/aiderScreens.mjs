// What Aider prints. It is a line-oriented program (prompt_toolkit for input, rich for
// output): a `─` rule, then the `> ` prompt; replies stream below the submitted line; and
// yes/no questions such as `Run shell command? (Y)es/(N)o/(D)on't ask again [Yes]: `.
import { relative } from 'node:path';

const splitLines = (text) => String(text).split(/\r\n|\r|\n/);

export function aiderBanner({ version, model }) {
  return [
    `Aider v${version}`,
    `Main model: ${model} with diff edit format, infinite output`,
    'Weak model: anthropic/claude-3-5-haiku-20241022',
    'Git repo: .git with 12 files',
    'Repo-map: using 4096 tokens, auto refresh',
    `Use /help <text> for help, run "aider --help" to see cmd line args`,
  ];
}

/** The input line(s): `> ` before the first line; continuation lines have no prefix. */
export function aiderPromptLines(displayLines) {
  const [first, ...rest] = displayLines;
  return [`> ${first}`, ...rest];
}

export function aiderReply(text) {
  return ['', ...splitLines(text), ''];
}

export function aiderTokens(prompt, reply) {
  const sent = (1.2 + prompt.length / 1000).toFixed(1);
  return [`Tokens: ${sent}k sent, ${String(reply).length} received. Cost: $0.0042 message, $0.0042 session.`];
}

/**
 * The confirmation Aider asks for a tool call: lines shown above the question, the question,
 * and whether it offers "(D)on't ask again".
 */
export function aiderQuestion(toolName, input, cwd) {
  const rel = (p) => {
    const r = relative(cwd, p ?? '');
    return r.startsWith('..') ? p : r;
  };
  switch (toolName) {
    case 'Write':
      return { above: [rel(input.file_path)], question: 'Create new file?', dontAsk: false };
    case 'Edit':
      return {
        above: [rel(input.file_path)],
        question: 'Allow edits to file that has not been added to the chat?',
        dontAsk: false,
      };
    case 'Read':
      return { above: [rel(input.file_path)], question: 'Add file to the chat?', dontAsk: true };
    case 'WebFetch':
      return { above: [input.url ?? ''], question: 'Add URL to the chat?', dontAsk: true };
    default: {
      const commands = splitLines(input.command ?? `${toolName} ${JSON.stringify(input)}`);
      return { above: commands, question: commands.length > 1 ? 'Run shell commands?' : 'Run shell command?', dontAsk: true };
    }
  }
}

export function questionText({ question, dontAsk }) {
  return `${question} (Y)es/(N)o${dontAsk ? "/(D)on't ask again" : ''} [Yes]: `;
}

/** Reads an answer the way Aider does: empty means the default (Yes); prefixes count. */
export function parseAnswer(text, dontAsk) {
  const t = text.trim().toLowerCase();
  if (t === '' || 'yes'.startsWith(t)) return { choice: 1, label: 'Yes', outcome: 'allow' };
  if ('no'.startsWith(t)) return { choice: 2, label: 'No', outcome: 'reject' };
  if (dontAsk && (t === 'd' || t.startsWith("don't") || t.startsWith('dont'))) {
    return { choice: 3, label: "Don't ask again", outcome: 'reject' };
  }
  return null;
}
