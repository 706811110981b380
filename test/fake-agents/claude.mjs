#!/usr/bin/env node
// Fake Claude Code CLI for tests: draws Claude Code's screens (2.x by default, 1.x with
// `--layout 1`), runs a scripted turn per prompt and calls hooks like the real CLI.
// Flags and formats: ./README.md.
import { randomUUID } from 'node:crypto';
import { parseArgs, numberFlag, stringFlag } from './lib/args.mjs';
import { ClaudeHooks, loadSettings } from './lib/claudeHooks.mjs';
import { claudeLayout1 } from './lib/claudeLayout1.mjs';
import { claudeLayout2 } from './lib/claudeLayout2.mjs';
import { claudeLayout212 } from './lib/claudeLayout212.mjs';
import { createRecorder } from './lib/recorder.mjs';
import { Screen } from './lib/screen.mjs';
import { loadScript } from './lib/script.mjs';
import { runOnTerminal } from './lib/terminal.mjs';
import { createTranscript } from './lib/transcript.mjs';
import { TuiAgent } from './lib/tuiAgent.mjs';

const VERSION = { 1: '1.0.128', 2: '2.0.76', 212: '2.1.243' };

const { flags } = parseArgs(process.argv.slice(2), {
  booleans: ['no-hooks', 'dangerously-skip-permissions', 'continue', 'resume', 'version', 'no-paste-collapse', 'short-no', 'animate-spinner', 'trust-dialog', 'task-panel'],
  aliases: { v: 'version', c: 'continue', r: 'resume' },
});

// `--layout 2.1` (or FAKE_CLAUDE_LAYOUT=2.1): the 2.1.2xx screens real Claude Code draws today.
const layoutFlag = stringFlag(flags, 'layout', process.env.FAKE_CLAUDE_LAYOUT ?? '2');
const layoutVersion = layoutFlag === '1' ? 1 : layoutFlag === '2.1' || layoutFlag === '212' ? 212 : 2;
if (flags.version) {
  // FAKE_CLAUDE_VERSION lets a test pose as a Claude with (or without) http hooks.
  process.stdout.write(`${process.env.FAKE_CLAUDE_VERSION ?? VERSION[layoutVersion]} (Claude Code)\n`);
  process.exit(0);
}

const cwd = process.cwd();
const record = createRecorder(stringFlag(flags, 'record', process.env.FAKE_AGENT_RECORD)).record;
const sessionId = stringFlag(flags, 'session-id', randomUUID());
const model = stringFlag(flags, 'model', 'claude-sonnet-4-5-20250929');
const permissionMode = flags['dangerously-skip-permissions']
  ? 'bypassPermissions'
  : stringFlag(flags, 'permission-mode', 'default');
const transcript = createTranscript({ cwd, sessionId });
const screen = new Screen(process.stdout);
const layoutOpts = {
  version: VERSION[layoutVersion],
  model: /opus/.test(model) ? 'Opus 4.1' : 'Sonnet 4.5',
  pasteCollapse: !flags['no-paste-collapse'],
  // The real spinner cycles these glyphs; by default the fake holds ✻ so captures are stable.
  frames: flags['animate-spinner'] ? ['·', '✢', '✳', '✶', '✻', '✽'] : ['✻'],
  shortNo: Boolean(flags['short-no']),
  cols: () => screen.cols,
  taskPanel: Boolean(flags['task-panel']),
};
const LAYOUTS = { 1: claudeLayout1, 2: claudeLayout2, 212: claudeLayout212 };
const layout = {
  ...LAYOUTS[layoutVersion](layoutOpts),
  backslashNewline: true,
};

const hooks = new ClaudeHooks({
  settings: flags['no-hooks'] ? {} : loadSettings(stringFlag(flags, 'settings', undefined)),
  enabled: !flags['no-hooks'],
  cwd,
  sessionId,
  transcriptPath: transcript.path,
  permissionMode: () => agent.permissionMode,
  defaultTimeoutMs: numberFlag(flags, 'hook-timeout-ms', 600_000),
  record,
});

const agent = new TuiAgent({
  layout,
  screen,
  record,
  script: loadScript(stringFlag(flags, 'script', undefined)),
  hooks,
  transcript,
  cwd,
  model,
  permissionMode,
  dialogIgnoreMs: numberFlag(flags, 'dialog-ignore-ms', 250),
  tickMs: numberFlag(flags, 'tick-ms', 500),
  strictEnterMs: numberFlag(flags, 'strict-enter', 0),
  idleNotifyMs: numberFlag(flags, 'idle-notify-ms', 60_000),
  stopContinueMs: numberFlag(flags, 'stop-continue-ms', 200),
  workedMinMs: numberFlag(flags, 'worked-min-ms', 1000),
  sessionSource: flags.continue || flags.resume ? 'resume' : 'startup',
  trustDialog: Boolean(flags['trust-dialog']),
});

record('start', {
  agent: 'claude',
  layout: layoutVersion,
  pid: process.pid,
  session_id: sessionId,
  cwd,
  argv: process.argv.slice(2),
});

runOnTerminal(agent, screen, numberFlag(flags, 'startup-ms', 0));
