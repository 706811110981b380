import { createElement as h } from 'react';
import { render, type Instance } from 'ink';
import { UsageError, type Clock, type Config, type Logger } from '@architect/core';
import type { Db } from '@architect/db';
import { sessionPaths, tmuxDriverFor } from '@architect/sessions';
import { TerminalActions } from './actions';
import { App } from './App';
import { FleetFeed } from './fleetFeed';
import { ScreenFeed } from './screenFeed';

// The alternate screen keeps the user's scrollback intact; leaving it restores their shell's view.
const ENTER_ALT = '\x1b[?1049h\x1b[2J\x1b[H';
const LEAVE_ALT = '\x1b[?25h\x1b[?1049l';

export interface TerminalDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  env: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/**
 * `architect terminal`: the full-screen UI until the user quits. Whatever ends it (q, Ctrl-C in
 * the UI, SIGINT/SIGTERM/SIGHUP from outside, a crash in a render) goes through one `finish`,
 * which unmounts Ink (raw mode off, cursor back), stops the feeds and leaves the alternate screen.
 */
export async function runTerminal(d: TerminalDeps): Promise<number> {
  const stdin = d.stdin ?? process.stdin;
  const stdout = d.stdout ?? process.stdout;
  if (!stdin.isTTY || !stdout.isTTY) throw new UsageError('architect terminal needs an interactive terminal (stdin and stdout must be a TTY)');
  const tmux = tmuxDriverFor(d.config, true);
  const feed = new FleetFeed({ db: d.db, tmux, clock: d.clock, log: d.log });
  const screens = new ScreenFeed({ tmux, log: d.log, panesDir: sessionPaths(d.config.home).panesDir });
  const actions = new TerminalActions({ db: d.db, tmux, clock: d.clock, log: d.log, file: d.config.file, socket: d.config.tmuxSocket, env: d.env });

  let instance: Instance | undefined;
  let finished = false;
  let resolveDone: (code: number) => void = () => {};
  const done = new Promise<number>((r) => (resolveDone = r));
  const finish = (code: number) => {
    if (finished) return;
    finished = true;
    for (const s of SIGNALS) process.off(s, onSignal);
    stdout.off('resize', onResize);
    feed.stop();
    screens.stop();
    tmux.close();
    instance?.unmount();
    stdout.write(LEAVE_ALT);
    resolveDone(code);
  };
  const onSignal = (sig: NodeJS.Signals) => finish(sig === 'SIGINT' ? 130 : 143);
  // Registered before Ink's own resize listener: the old frame is wiped before the new size draws.
  const onResize = () => {
    stdout.write('\x1b[2J\x1b[H');
    instance?.clear();
  };
  const suspend = (run: () => void) => {
    stdout.write(LEAVE_ALT);
    stdin.setRawMode?.(false);
    try {
      run();
    } finally {
      stdin.setRawMode?.(true);
      stdout.write(ENTER_ALT);
      instance?.clear();
      feed.refresh();
    }
  };

  const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of SIGNALS) process.on(s, onSignal);
  stdout.on('resize', onResize);
  stdout.write(ENTER_ALT);
  try {
    feed.start();
    screens.start();
    instance = render(h(App, { feed, screens, actions, suspend, quit: () => finish(0) }), {
      stdin,
      stdout,
      exitOnCtrlC: false,
      patchConsole: false,
      incrementalRendering: process.env.ARCH_INC === "1",
      maxFps: 20,
    });
    instance.waitUntilExit().then(
      () => finish(0),
      () => finish(1),
    );
  } catch (err) {
    finish(1);
    throw err;
  }
  return done;
}
