import { initPolicy } from '@architect/policy';
import { hooksSchema, toError, ValidationError, type Clock, type HooksConfig, type Logger, type SessionConfig, type SessionOptions } from '@architect/core';
import { markSessionGone, markSessionPresent, markSessionStarting, type Db } from '@architect/db';
import { tmuxSessionName, type TmuxDriver } from '@architect/tmux';
import { hookSettingsPath, sessionPaths } from '../paths';
import { armPanePipe } from '../watcher/panePipe';
import { agentArgv, needsShellParser } from './agentCommand';
import { HOOK_TOKEN_ENV, hookToken } from '../hooks/httpEndpoint';
import { commandHookSettings, httpHookSettings, writeHookSettings } from './hookSettings';
import { HookTransportChooser, type HookTransport } from './hookTransport';
import { ensureWorktree } from './worktree';

export interface SessionsUpDeps {
  db: Db;
  driver: TmuxDriver;
  clock: Clock;
  log: Logger;
  /** ARCHITECT_HOME, the database and the tmux socket, exported into every session. */
  home: string;
  dbPath: string;
  tmuxSocket?: string | undefined;
  /** How hooks call back: `<node> <cliMain> hook`. */
  node: string;
  cliMain: string;
  options: SessionOptions;
  /** How hooks reach Architect (default: the schema's defaults, i.e. auto). */
  hooks?: HooksConfig;
  /** The environment agents inherit, for asking `claude --version` (the CLI passes process.env). */
  baseEnv?: Record<string, string | undefined>;
}

export interface UpOptions {
  /** Only these sessions (default: every configured session). */
  names?: string[];
  /** false = start every agent without hooks (`--no-hooks`); the screen alone then tells its state. */
  hooks?: boolean;
  /** After starting, look again this much later: an agent that exited at once (not installed, bad flags) is reported failed. */
  startCheckMs?: number;
}

export interface UpResult {
  name: string;
  action: 'started' | 'running' | 'failed';
  hooks: boolean;
  /** With hooks: http (Claude POSTs to auto-confirm's receiver) or command (`architect hook`), and why. */
  hookTransport?: HookTransport;
  hookTransportReason?: string;
  panePid?: number;
  settingsFile?: string;
  worktree?: 'created' | 'existing';
  error?: string;
}

/**
 * Create the tmux session of every configured session that has none, in its working directory
 * (or its own git worktree), with ARCHITECT_SESSION / ARCHITECT_HOME / ARCHITECT_DB exported,
 * running its agent. Claude starts are staggered: a dozen Claude processes starting together
 * corrupt their shared ~/.claude.json. A failure of one session does not stop the others.
 */
export async function sessionsUp(deps: SessionsUpDeps, sessions: readonly SessionConfig[], opts: UpOptions = {}): Promise<UpResult[]> {
  const { driver, db, clock, log } = deps;
  const wanted = opts.names ? sessions.filter((s) => opts.names!.includes(s.name)) : sessions;
  const running = new Set((await driver.listSessionsOrEmpty()).map((s) => s.name));
  const { panesDir, hooksDir } = sessionPaths(deps.home);
  const results: UpResult[] = [];
  let claudeStarted = false;
  const withHooks = (s: SessionConfig): boolean => s.provider === 'claude' && s.hooks && opts.hooks !== false;
  const transports = new HookTransportChooser({ home: deps.home, hooks: deps.hooks ?? hooksSchema.parse({}), baseEnv: deps.baseEnv ?? {} });
  const commands = await buildCommands(wanted.filter((s) => !running.has(tmuxSessionName(s.name))), withHooks, hooksDir);

  for (const s of wanted) {
    const hooks = withHooks(s);
    if (running.has(tmuxSessionName(s.name))) {
      markSessionPresent(db, s.name, clock.now());
      await armPanePipe(driver, panesDir, s.name).catch(() => undefined);
      results.push({ name: s.name, action: 'running', hooks });
      continue;
    }
    if (s.provider === 'claude' && claudeStarted && deps.options.staggerMs > 0) await clock.sleep(deps.options.staggerMs);
    const result: UpResult = { name: s.name, action: 'started', hooks };
    try {
      const worktree = await ensureWorktree(s);
      if (worktree) result.worktree = worktree;
      const env: Record<string, string> = {
        ...s.env,
        ARCHITECT_SESSION: s.name,
        ARCHITECT_HOME: deps.home,
        ARCHITECT_DB: deps.dbPath,
      };
      if (hooks) {
        const choice = await transports.choose(s);
        const endpoint = choice.transport === 'http' ? await transports.getEndpoint() : undefined;
        result.hookTransport = endpoint ? 'http' : 'command';
        result.hookTransportReason = choice.reason;
        const o = deps.options;
        const settings = endpoint
          ? httpHookSettings({ port: endpoint.port, session: s.name, eventTimeoutSeconds: deps.hooks?.httpEventTimeoutSeconds ?? 5, permissionTimeoutSeconds: o.hookTimeoutSeconds })
          : commandHookSettings({ node: deps.node, cliMain: deps.cliMain, home: deps.home, dbPath: deps.dbPath, session: s.name }, o.hookTimeoutSeconds);
        // The secret travels only in the session's environment; the settings name the variable.
        if (endpoint) env[HOOK_TOKEN_ENV] = hookToken(endpoint.key, s.name);
        result.settingsFile = writeHookSettings(hooksDir, s.name, settings);
        log.info({ session: s.name, transport: result.hookTransport, reason: choice.reason }, 'hook transport');
      }
      if (deps.tmuxSocket) env.ARCHITECT_TMUX_SOCKET = deps.tmuxSocket;
      const command = commands.get(s.name);
      markSessionStarting(db, s.name, clock.now());
      const { panePid } = await driver.newSession(s.name, {
        cwd: s.cwd,
        env,
        width: deps.options.width,
        height: deps.options.height,
        ...(command ? { command } : {}),
      });
      result.panePid = panePid;
      // Arm the output pipe straight away so the watcher sees the agent's first frames.
      await armPanePipe(driver, panesDir, s.name).catch((raw) => log.warn({ err: toError(raw), session: s.name }, 'cannot arm pane pipe'));
      if (s.provider === 'claude') claudeStarted = true;
      log.info({ session: s.name, provider: s.provider, hooks, panePid }, 'session started');
    } catch (raw) {
      const err = toError(raw);
      result.action = 'failed';
      result.error = err.message;
      log.error({ err, session: s.name }, 'session failed to start');
    }
    results.push(result);
  }
  await checkStarted(deps, results, opts.startCheckMs ?? 300);
  return results;
}

/**
 * Every command to start, built before anything starts: a command whose agent cannot be given
 * its flags unambiguously refuses the whole config (one message per such session), rather than
 * starting Claude without hooks or handing Claude's flags to another program.
 */
async function buildCommands(sessions: readonly SessionConfig[], withHooks: (s: SessionConfig) => boolean, hooksDir: string): Promise<Map<string, string[] | undefined>> {
  if (sessions.some(needsShellParser)) await initPolicy();
  const out = new Map<string, string[] | undefined>();
  const problems: string[] = [];
  for (const s of sessions) {
    try {
      out.set(s.name, agentArgv(s, withHooks(s) ? ['--settings', hookSettingsPath(hooksDir, s.name)] : []));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      problems.push(err.message);
    }
  }
  if (problems.length) throw new ValidationError(problems.join('\n'), { problems });
  return out;
}

/** A session whose agent exited straight away takes its tmux session with it: report it, mark it gone. */
async function checkStarted(deps: SessionsUpDeps, results: UpResult[], waitMs: number): Promise<void> {
  const started = results.filter((r) => r.action === 'started');
  if (!started.length || waitMs <= 0) return;
  await deps.clock.sleep(waitMs);
  const alive = new Set((await deps.driver.listSessionsOrEmpty()).map((s) => s.name));
  for (const r of started) {
    if (alive.has(tmuxSessionName(r.name))) continue;
    r.action = 'failed';
    r.error = 'the agent exited right after starting (is its command installed and are its flags right?)';
    markSessionGone(deps.db, r.name, deps.clock.now());
    deps.log.error({ session: r.name }, 'session exited right after starting');
  }
}
