// The state machine behind the full-screen fakes (Claude Code, Codex): composer editing,
// turns with a live spinner, permission dialogs, interrupts, queued prompts, exit keys.
// The layout decides every character drawn; the hooks object decides what Claude's hooks do.
import { Composer } from './composer.mjs';
import { DialogHost } from './dialogHost.mjs';
import { KeyDecoder, describeKey } from './keys.mjs';
import { pickBehaviour } from './script.mjs';
import { Interrupted, runTurn, sleep } from './turnRunner.mjs';
import { applyEditKey } from './editKeys.mjs';
import { runStopHooks } from './stopHooks.mjs';
import { runTool } from './toolFlow.mjs';
import { restoreTerminal } from './terminal.mjs';

export const NO_HOOKS = {
  sessionStart: async () => [],
  userPromptSubmit: async () => ({ blocked: false }),
  preToolUse: async () => ({ decision: null }),
  permissionRequest: async () => ({ behavior: null }),
  postToolUse: async () => [],
  notification: async () => [],
  stop: async () => ({ block: false }),
  stopFailure: async () => [],
  sessionEnd: async () => [],
};

export class TuiAgent {
  /**
   * @param {{ layout: object, screen: import('./screen.mjs').Screen, record: Function,
   *   script: object, hooks?: typeof NO_HOOKS, transcript?: object, cwd: string, model: string,
   *   permissionMode: string, dialogIgnoreMs: number, tickMs: number, idleNotifyMs: number,
   *   sessionSource: string, strictEnterMs?: number, trustDialog?: boolean,
   *   stopContinueMs?: number, workedMinMs?: number }} opts
   */
  constructor(opts) {
    this.opts = opts;
    this.layout = opts.layout;
    this.screen = opts.screen;
    this.record = opts.record;
    this.hooks = opts.hooks ?? NO_HOOKS;
    this.cwd = opts.cwd;
    this.permissionMode = opts.permissionMode;
    this.composer = new Composer({ collapse: this.layout.collapsePaste, label: this.layout.pasteLabel });
    this.decoder = new KeyDecoder();
    /** @type {'starting' | 'idle' | 'busy' | 'frozen' | 'exiting'} */
    this.state = 'starting';
    this.turn = null;
    this.dialogs = new DialogHost({
      record: opts.record,
      recordKey: (key, state) => this.recordKey(key, state),
      render: () => this.render(),
      ignoreMs: opts.dialogIgnoreMs,
      letters: this.layout.dialogLetters,
    });
    /** prompts submitted while busy; each runs as its own turn afterwards */
    this.queued = [];
    this.turns = 0;
    this.frame = 0;
    this.alwaysAllow = new Set();
    this.notice = null;
    this.exitArmed = null;
    this.lastTypedAt = 0;
  }

  async start() {
    this.screen.print(this.layout.header({ cwd: this.cwd, cols: this.screen.cols }));
    this.state = 'idle';
    if (this.opts.trustDialog && this.layout.trustDialog) {
      const answer = await this.dialogs.present(this.layout.trustDialog(this.cwd), { kind: 'trust' });
      if (answer.option.outcome === 'reject') return this.shutdown(1, 'other');
    }
    this.render();
    this.background(this.hooks.sessionStart(this.opts.sessionSource, this.opts.model));
  }

  onData(chunk) {
    const now = Date.now();
    let typedInThisRead = false;
    for (const key of this.decoder.feed(chunk)) {
      // With --strict-enter, an Enter glued to typed text (same read, or within the window)
      // is taken as part of a paste and inserts a newline, as the real TUIs' paste detection
      // does; this is why the assigner pauses before pressing Enter.
      const window = this.opts.strictEnterMs;
      const glued = typedInThisRead || (window > 0 && now - this.lastTypedAt < window);
      if (key.name === 'Enter' && window > 0 && glued && !this.dialogs.isOpen && this.state === 'idle') {
        this.recordKey(key, 'as-newline');
        this.composer.type('\n');
        this.render();
        continue;
      }
      if (key.name === 'text') {
        typedInThisRead = true;
        this.lastTypedAt = now;
      }
      this.onKey(key);
    }
  }

  recordKey(key, state) {
    this.record('key', { ...describeKey(key), state });
  }

  onKey(key) {
    clearTimeout(this.idleTimer);
    if (this.state !== 'idle' && this.state !== 'busy') return this.recordKey(key, this.state === 'starting' ? 'starting' : 'busy');
    if (this.dialogs.isOpen) return this.dialogs.onKey(key);
    if (this.state === 'busy') {
      this.recordKey(key, 'busy');
      if (this.layout.interruptKeys.includes(key.name)) return this.interrupt();
      // Like the real CLIs, typing ahead is allowed and Enter queues the message.
      if (key.name === 'Enter') {
        if (this.composer.value().trim() !== '') this.queued.push(this.composer.value());
        this.composer.clear();
      } else this.edit(key);
      return this.render();
    }
    if (key.name === 'Enter') return this.submit();
    this.edit(key);
    this.render();
  }

  edit(key) {
    if (applyEditKey(this.composer, key)) return;
    if (key.name === 'C-c' && this.state === 'idle') {
      if (!this.composer.isEmpty()) return this.composer.clear();
      return this.armExit('C-c', 'Ctrl-C');
    }
    if (key.name === 'C-d' && this.state === 'idle' && this.composer.isEmpty()) this.armExit('C-d', 'Ctrl-D');
  }

  /** A first Ctrl-C/Ctrl-D on an empty composer only warns; a second one exits. */
  armExit(key, label) {
    if (this.exitArmed === key) return void this.shutdown(0, 'prompt_input_exit');
    this.exitArmed = key;
    this.notice = this.layout.exitNotice?.(label) ?? `  Press ${label} again to exit`;
    clearTimeout(this.exitTimer);
    this.exitTimer = setTimeout(() => {
      this.exitArmed = null;
      this.notice = null;
      this.render();
    }, 1500);
  }

  submit() {
    const text = this.composer.value();
    if (text.trim() === '') return;
    // Claude Code: a trailing backslash + Enter inserts a newline instead of submitting.
    if (this.layout.backslashNewline && text.endsWith('\\')) {
      this.composer.backspace();
      this.composer.type('\n');
      return this.render();
    }
    this.composer.clear();
    this.background(this.runPrompt(text, false));
  }

  async runPrompt(text, queued) {
    this.record('prompt', queued ? { text, queued: true } : { text });
    this.turns += 1;
    const abort = new AbortController();
    this.turn = { n: this.turns, startedAt: Date.now(), abort };
    this.state = 'busy';
    this.screen.print(this.layout.promptEcho(text));
    this.opts.transcript?.user(text);
    this.startTicker();
    this.render();
    const gate = await this.hooks.userPromptSubmit(text);
    const result = gate.blocked
      ? { outcome: 'blocked', message: gate.reason }
      : await runTurn({
          behaviour: pickBehaviour(this.opts.script, text),
          prompt: text,
          n: this.turn.n,
          ops: this.turnOps(),
          signal: abort.signal,
        });
    await this.finishTurn(result);
  }

  turnOps() {
    return {
      work: (ms, signal) => sleep(ms, signal),
      say: (text) => this.screen.print(this.layout.reply(text)),
      output: async (lines) => this.screen.print(this.layout.output(lines)),
      tool: (step, signal) => runTool(this, step, signal),
      hang: (mode, signal) => this.hang(mode, signal),
      exit: (code, message) => this.crash(code, message),
    };
  }

  hang(mode, signal) {
    if (mode === 'frozen') {
      // a wedged process: nothing moves and no key is answered, ever
      this.state = 'frozen';
      this.stopTicker();
      return new Promise(() => {});
    }
    return new Promise((_, reject) => {
      if (signal.aborted) return reject(new Interrupted());
      signal.addEventListener('abort', () => reject(new Interrupted()), { once: true });
    });
  }

  interrupt() {
    if (this.turn && !this.turn.abort.signal.aborted) this.turn.abort.abort();
  }

  async finishTurn(result) {
    const { layout, screen, hooks } = this;
    let reply;
    const took = Date.now() - this.turn.startedAt;
    const showWorked = layout.worked && took >= (this.opts.workedMinMs ?? 1000);
    if (result.outcome === 'done' || result.outcome === 'denied') {
      if (showWorked && layout.workedBeforeReply) screen.print(layout.worked(took));
      screen.print(layout.reply(result.reply));
      this.opts.transcript?.assistant(result.reply);
      const settled = await runStopHooks({
        hooks,
        reply: result.reply,
        signal: this.turn.abort.signal,
        continueMs: this.opts.stopContinueMs ?? 200,
        show: (text) => {
          screen.print(layout.reply(text));
          this.opts.transcript?.assistant(text);
        },
      });
      reply = settled.reply;
      if (settled.interrupted) screen.print(layout.interrupted());
      if (showWorked && !layout.workedBeforeReply && !settled.interrupted) screen.print(layout.worked(took));
    } else if (result.outcome === 'interrupted') screen.print(layout.interrupted());
    else if (result.outcome === 'blocked') screen.print(layout.blocked(result.message));
    else if (result.outcome === 'error') {
      const e = { error: 'server_error', details: '500 Internal Server Error', ...result.error };
      reply = e.message ?? `API Error: ${e.details}`;
      screen.print(layout.apiError(reply));
      this.opts.transcript?.assistant(reply);
      await hooks.stopFailure(e.error, e.details, reply);
    }
    this.record('turn-end', { outcome: result.outcome, ...(reply !== undefined ? { reply } : {}) });
    this.turn = null;
    this.state = 'idle';
    this.stopTicker();
    this.render();
    this.armIdleNotify();
    if (this.queued.length) this.background(this.runPrompt(this.queued.shift(), true));
  }

  /** Claude Code's idle_prompt notification after the prompt has waited a while. */
  armIdleNotify() {
    clearTimeout(this.idleTimer);
    if (!this.opts.idleNotifyMs) return;
    this.idleTimer = setTimeout(() => {
      this.background(this.hooks.notification('Claude is waiting for your input', 'idle_prompt'));
    }, this.opts.idleNotifyMs);
    this.idleTimer.unref?.();
  }

  autoAllowReason(toolName, input) {
    if (this.permissionMode === 'bypassPermissions') return 'bypassPermissions';
    if (this.permissionMode === 'acceptEdits' && ['Edit', 'Write', 'MultiEdit'].includes(toolName)) return 'acceptEdits';
    const { ruleKey } = this.layout.dialogContent(toolName, input, this.cwd, {});
    return this.alwaysAllow.has(ruleKey) ? `rule ${ruleKey}` : null;
  }

  /** @returns {Promise<{ index: number, option: object, ruleKey: string }>} */
  showDialog(toolName, input, extra = {}) {
    const content = this.layout.dialogContent(toolName, input, this.cwd, {
      shortNo: this.layout.shortNo,
      ...this.layout.dialogOptions,
      ...extra,
    });
    const answer = this.dialogs.present(content, {
      tool: toolName,
      tool_input: input,
      title: content.title,
      question: content.question,
    });
    this.background(this.hooks.notification(`Claude needs your permission to use ${toolName}`, 'permission_prompt'));
    return answer;
  }

  startTicker() {
    this.stopTicker();
    const tick = () => {
      this.frame += 1;
      if (this.state === 'busy' && !this.dialogs.isOpen) this.render();
      this.ticker = setTimeout(tick, this.opts.tickMs);
    };
    this.ticker = setTimeout(tick, this.opts.tickMs);
  }

  stopTicker() {
    clearTimeout(this.ticker);
  }

  render() {
    if (this.state === 'starting') return;
    const busy = this.state === 'busy' || this.state === 'frozen';
    this.screen.setLive(
      this.layout.live({
        mode: this.dialogs.isOpen ? 'dialog' : busy ? 'busy' : 'idle',
        composer: this.composer.displayLines(),
        elapsedS: this.turn ? Math.floor((Date.now() - this.turn.startedAt) / 1000) : 0,
        frame: this.frame,
        dialog: this.dialogs.view(),
        notice: this.notice,
        queued: this.queued,
        cols: this.screen.cols,
        rows: this.screen.rows,
      }),
    );
  }

  /** Runs a promise we do not wait for, so a failure is reported instead of swallowed. */
  background(promise) {
    promise.catch((err) => {
      this.record('error', { message: String(err?.stack ?? err) });
    });
  }

  crash(code, message) {
    this.screen.print([message ?? `Error: fake agent crashed (exit ${code})`]);
    this.screen.finish();
    this.record('exit', { code, crashed: true });
    restoreTerminal();
    process.exit(code);
  }

  /** Graceful exit: SessionEnd hooks get a short grace period, like the real CLI. */
  async shutdown(code, reason) {
    if (this.state === 'exiting') return;
    this.state = 'exiting';
    this.stopTicker();
    clearTimeout(this.idleTimer);
    clearTimeout(this.exitTimer);
    this.record('exit', { code, reason });
    await Promise.race([this.hooks.sessionEnd(reason).catch(() => {}), new Promise((r) => setTimeout(r, 1500))]);
    this.screen.finish();
    restoreTerminal();
    process.exit(code);
  }
}
