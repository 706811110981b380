import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyScreen, PROVIDERS, toJsonShape, type Provider } from './index';
import { joinWrapped } from './joinWrapped';
import { isBareShellPrompt } from './shellPrompt';

const FIXTURES = fileURLToPath(new URL('../../fixtures/screens/', import.meta.url));
const screens = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).sort();

function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}.txt`, 'utf8');
}

interface Expected {
  state: string;
  provider: Provider;
  prompt?: { tool: string; command: string; options: string[]; complete: boolean; humanNeeded?: string };
  detail?: string;
}

describe('screen fixtures', () => {
  it('has an expected result for every screen, and a screen for every expected result', () => {
    const expected = readdirSync(FIXTURES).filter((f) => f.endsWith('.expected.json'));
    expect(expected.map((f) => f.replace('.expected.json', '')).sort()).toEqual(
      screens.map((f) => f.replace('.txt', '')).sort(),
    );
    expect(screens.length).toBeGreaterThanOrEqual(40);
  });

  it.each(screens)('%s', (file) => {
    const name = file.replace(/\.txt$/, '');
    const expected = JSON.parse(readFileSync(`${FIXTURES}${name}.expected.json`, 'utf8')) as Expected;
    const { detail, ...shape } = expected;
    const result = classifyScreen(expected.provider, fixture(name));
    expect(toJsonShape(result)).toEqual(shape);
    if (detail !== undefined) expect(result.detail).toBe(detail);
  });

  it('covers every provider and every state', () => {
    const seen = new Set<string>();
    for (const file of screens) {
      const e = JSON.parse(readFileSync(`${FIXTURES}${file.replace('.txt', '.expected.json')}`, 'utf8')) as Expected;
      seen.add(`${e.provider}:${e.state}`);
    }
    for (const provider of PROVIDERS) {
      const states = provider === 'shell' ? ['idle', 'busy'] : ['idle', 'busy', 'permission', 'unknown'];
      for (const state of states) expect(seen, `${provider}:${state}`).toContain(`${provider}:${state}`);
    }
  });
});

describe('toJsonShape', () => {
  it('prints only state, provider and (for a permission) tool, command, options and complete', () => {
    const result = classifyScreen('claude', fixture('claude2-permission-bash-cursor-on-2'));
    expect(result.prompt?.selected).toBe(1);
    expect(result.prompt?.optionNumbers).toEqual([1, 2, 3]);
    expect(result.prompt?.toolName).toBe('Bash command');
    const json = toJsonShape(result);
    expect(Object.keys(json)).toEqual(['state', 'provider', 'prompt']);
    expect(Object.keys(json.prompt ?? {})).toEqual(['tool', 'command', 'options', 'complete']);
    expect(json.prompt?.complete).toBe(true);
  });

  it('has no prompt key unless the state is permission', () => {
    expect(toJsonShape(classifyScreen('claude', fixture('claude2-idle')))).toEqual({ state: 'idle', provider: 'claude' });
  });
});

describe('live bottom only', () => {
  it('ignores an answered dialog above an idle composer', () => {
    for (const name of ['claude1-answered-dialog-in-scrollback', 'claude2-answered-dialog-in-scrollback']) {
      const screen = fixture(name);
      expect(screen).toContain('Do you want to proceed?');
      expect(classifyScreen('claude', screen).state).toBe('idle');
    }
  });

  it('reads an empty composer under a spinner as busy, and a past-tense summary as idle', () => {
    expect(classifyScreen('claude', fixture('claude2-busy-empty-composer')).state).toBe('busy');
    expect(classifyScreen('claude', fixture('claude2-idle-after-work')).state).toBe('idle');
  });

  it('reads an indented list item ending in … in the reply as text, not as a spinner', () => {
    const rule = '─'.repeat(60);
    const screen = ['⏺ Next steps:', '  · migrate the invoices…', '', '※ recap: invoices', '', rule, '❯ ', rule, '  ? for shortcuts'].join('\n');
    expect(classifyScreen('claude', screen).state).toBe('idle');
    expect(classifyScreen('claude', screen.replace('  · migrate', '· Migrating')).state).toBe('busy');
  });

  it('does not take a question in the agent output for a dialog', () => {
    const screen = [
      '• I can do that. Would you like to run the following command?',
      '',
      '› Run the tests',
      '',
      '  100% context left · ? for shortcuts',
    ].join('\n');
    expect(classifyScreen('codex', screen).state).toBe('idle');
  });
});

describe('permission command extraction', () => {
  it('joins a command Ink wrapped in a 40-column pane', () => {
    const result = classifyScreen('claude', fixture('claude2-permission-narrow'));
    expect(result.prompt?.command).toBe(
      'npm run test -- --reporter=verbose packages/tmux/src/detectors/detectors.test.ts && npm run typecheck',
    );
    expect(result.prompt?.complete).toBe(true);
  });

  it('marks a dialog whose top scrolled off as incomplete', () => {
    const result = classifyScreen('claude', fixture('claude2-permission-top-cut'));
    expect(result.state).toBe('permission');
    expect(result.prompt?.toolName).toBeUndefined();
    expect(result.prompt?.complete).toBe(false);
  });

  it('marks a command cut with an ellipsis as incomplete', () => {
    expect(classifyScreen('claude', fixture('claude2-permission-truncated')).prompt?.complete).toBe(false);
  });

  it('cannot tell a multi-line command without a description from one with one', () => {
    const result = classifyScreen('claude', fixture('claude2-permission-multiline-no-description'));
    expect(result.prompt?.command.split('\n')).toHaveLength(3);
    expect(result.prompt?.complete).toBe(false);
  });

  it('flags a row one column short of the edge: cut word or word wrap cannot be told apart', () => {
    const rows = ['   abcdefghi', '   jkl'];
    const joined = joinWrapped(rows, { indent: 3, width: 13, widthKnown: true, style: 'ink' });
    expect(joined).toEqual({ lines: ['abcdefghi jkl'], ambiguous: true });
  });

  it('keeps the break space Ink moves to the next row after an exactly full row', () => {
    const rows = ['   npm test --', '    --run'];
    expect(joinWrapped(rows, { indent: 3, width: 14, widthKnown: true, style: 'ink' })).toEqual({
      lines: ['npm test -- --run'],
      ambiguous: false,
    });
  });

  it('starts a new line when the next word would have fitted', () => {
    const rows = ['   npm test', '   Run the tests'];
    expect(joinWrapped(rows, { indent: 3, width: 40, widthKnown: true, style: 'ink' }).lines).toEqual([
      'npm test',
      'Run the tests',
    ]);
  });

  it('re-joins a wrapped Codex command only when the pane width is known', () => {
    const screen = [
      '  Would you like to run the following command?',
      '',
      '  $ npm test -- --run packages/tmux/src/detectors/detectors.test.ts',
      '  --reporter=verbose',
      '',
      '› 1. Yes, proceed (y)',
      '  2. No, and tell Codex what to do differently (esc)',
      '',
      '  Press enter to confirm or esc to cancel',
    ].join('\n');
    const command = 'npm test -- --run packages/tmux/src/detectors/detectors.test.ts --reporter=verbose';
    const guessed = classifyScreen('codex', screen);
    expect(guessed.prompt?.command).toBe(command);
    expect(guessed.prompt?.complete).toBe(false);
    const measured = classifyScreen('codex', screen, { paneWidth: 70 });
    expect(measured.prompt?.command).toBe(command);
    expect(measured.prompt?.complete).toBe(true);
  });

  it('reads an Aider question that prompt_toolkit wrapped at the pane edge', () => {
    const question = 'Allow edits to file that has not been added to the chat? (Y)es/(N)o [Yes]:';
    const screen = ['', 'src/app.py', question.slice(0, 40), question.slice(40)].join('\n');
    const result = classifyScreen('aider', screen);
    expect(result.state).toBe('permission');
    expect(result.prompt).toMatchObject({ tool: 'edit', command: 'src/app.py', selected: 0 });
  });

  it("drops Claude's safety note under a command instead of reading it as part of it", () => {
    const screen = fixture('claude2-permission-bash').replace(
      '   Run the tmux package tests\n',
      '   Run the tmux package tests\n   Command contains $() command substitution\n',
    );
    expect(classifyScreen('claude', screen).prompt).toMatchObject({
      command: 'npm test -- --run packages/tmux',
      complete: true,
    });
  });

  it('reads a Gemini confirmation wrapped in a narrow box', () => {
    const row = (text: string) => `│ ${text.padEnd(36)} │`;
    const screen = [
      `╭${'─'.repeat(38)}╮`,
      row('?  Shell git status (Show status)'),
      row(''),
      row('git status --short'),
      row(''),
      row('Allow execution of: \'git\'?'),
      row(''),
      row('● 1. Yes, allow once'),
      row('  2. Yes, allow always ...'),
      row('  3. No, suggest changes (esc)'),
      `╰${'─'.repeat(38)}╯`,
      '',
      '⠏ Waiting for user confirmation...',
    ].join('\n');
    expect(classifyScreen('gemini', screen).prompt).toMatchObject({ tool: 'bash', command: 'git status --short', complete: true });
    const mcp = screen
      .replace(row('Allow execution of: \'git\'?'), [row('Allow execution of MCP tool'), row('"create_issue" from server "github"?')].join('\n'))
      .replace(row('git status --short'), row('MCP Server: github'));
    expect(classifyScreen('gemini', mcp).prompt).toMatchObject({ tool: 'mcp', command: 'github - create_issue()' });
  });

  it('does not offer an Aider question that already has an answer typed after it', () => {
    const screen = fixture('aider-permission-shell').replace("[Yes]:\n", "[Yes]: y\n");
    expect(classifyScreen('aider', screen)).toMatchObject({ state: 'busy', detail: 'aider:answered' });
  });

  it('flags an edit whose path does not match the file the question names', () => {
    const screen = fixture('claude2-permission-edit').replace('claudeDetector.ts?', 'claudeDialog.ts?');
    const result = classifyScreen('claude', screen);
    expect(result.prompt?.tool).toBe('edit');
    expect(result.prompt?.complete).toBe(false);
  });
});

describe('agent exited', () => {
  it('reports a bare shell prompt in an agent pane as unknown/agent-exited, and as idle for a shell', () => {
    const screen = fixture('claude2-exited-to-bash');
    expect(classifyScreen('claude', screen)).toEqual({ state: 'unknown', provider: 'claude', detail: 'agent-exited' });
    expect(classifyScreen('shell', screen).state).toBe('idle');
  });

  it.each([
    ['$', true],
    ['dev@buildbox:~/architect$', true],
    ['[dev@buildbox architect]$', true],
    ['(venv) dev@buildbox:~/architect$', true],
    ['dev@buildbox ~/architect %', true],
    ['bash-5.2$', true],
    ['root@buildbox:/srv/app#', true],
    ['❯', true],
    ['~/architect ❯', true],
    ['➜  architect git:(main) ✗', true],
    ['>', false],
    ['Total: $', false],
    ['› Ask Codex to do anything', false],
    ['Run shell command? (Y)es/(N)o [Yes]:', false],
  ])('%j is a bare shell prompt: %s', (row, expected) => {
    expect(isBareShellPrompt(row)).toBe(expected);
  });

  it('does not mistake a half-drawn Claude composer for a starship prompt', () => {
    const rule = '─'.repeat(80);
    expect(classifyScreen('claude', `${rule}\n❯\n`).detail).toBe('unrecognized-layout');
  });
});

describe('robustness', () => {
  it('strips ANSI escapes from a capture taken with -e', () => {
    const plain = fixture('claude2-permission-bash');
    const colored = plain.replace('Bash command', '\x1b[1m\x1b[38;5;174mBash command\x1b[0m');
    expect(toJsonShape(classifyScreen('claude', colored))).toEqual(toJsonShape(classifyScreen('claude', plain)));
  });

  it('calls an empty screen unknown for every provider', () => {
    for (const provider of PROVIDERS) expect(classifyScreen(provider, '\n\n\n').state).toBe('unknown');
  });

  it('classifies a 50-row screen well under a millisecond', () => {
    const screens50 = ['claude2-permission-edit', 'claude1-busy', 'codex-busy', 'aider-busy-streaming', 'gemini-permission-mcp']
      .map((name) => fixture(name).split('\n'))
      .map((rows) => [...Array(Math.max(0, 50 - rows.length)).fill('filler output line'), ...rows].join('\n'));
    const providers: Provider[] = ['claude', 'claude', 'codex', 'aider', 'gemini'];
    for (let i = 0; i < 200; i++) classifyScreen(providers[i % 5] ?? 'claude', screens50[i % 5] ?? '');
    const runs = 2000;
    const start = performance.now();
    for (let i = 0; i < runs; i++) classifyScreen(providers[i % 5] ?? 'claude', screens50[i % 5] ?? '');
    const perCall = (performance.now() - start) / runs;
    expect(perCall).toBeLessThan(1);
  });
});
