import { createRequire } from 'node:module';
import os from 'node:os';
import v8 from 'node:v8';
import { enabledApprovalRules, openSqlite, type SqliteConn } from '@architect/db/lite';
import { initPolicy, mayRunInlineCode, type CompiledPolicy, type ParserFiles } from '@architect/policy';
import { answerPermissionHook, type PermissionHookResult } from './answerPermissionHook';
import { loadHookConfig, type HookConfig } from './hookConfig';
import { loadPolicy } from './loadPolicy';
import { architectProtectedPaths, defaultVaultKeyPath } from './protectedPaths';

/** What the sessions layer's hook handler accepts from its `decidePermission` extension point. */
export type HookPermissionDecision = { behavior: 'allow' } | { behavior: 'deny'; message: string };

export interface HookDeciderOptions {
  env: NodeJS.ProcessEnv;
  /** ARCHITECT_HOME when the environment does not set it (the repository root). */
  defaultHome: string;
  /** Where the shell parser's .wasm files are; default: resolved next to the running bundle. */
  parserFiles?: ParserFiles;
  now?: () => number;
  /** Told about every decision (tests, debugging). */
  onResult?: (r: PermissionHookResult) => void;
}

/**
 * The auto-confirm decider for `architect hook`'s PermissionRequest extension point. Everything
 * is loaded on the first PermissionRequest only, so other hook events pay nothing: the config
 * (this process reads it itself), its own short-timeout database connection, the compiled
 * policy, and the shell parser when the request is a shell command. Allow and deny are
 * returned; escalate (and any error, which the caller turns into "no decision") returns
 * undefined so Claude Code shows its dialog.
 */
export function createHookDecider(opts: HookDeciderOptions) {
  // This process parses one command and exits. V8 would otherwise optimise the hot parts of the
  // 1.3 MB bash grammar in the background, and Node waits for that work before exiting: about
  // 0.5 s of CPU per hook. Baseline (Liftoff) code is plenty for one parse.
  v8.setFlagsFromString('--liftoff-only');
  let state: { config: HookConfig; db: SqliteConn; policy: CompiledPolicy } | undefined;
  const load = async () => {
    if (state) return state;
    const config = await loadHookConfig(opts.env, opts.defaultHome);
    const db = openSqlite({ path: config.dbPath, busyTimeoutMs: 1000 });
    try {
      const policy = loadPolicy(config.autoConfirm, enabledApprovalRules(db), config.configPath);
      state = { config, db, policy };
    } catch (err) {
      db.close();
      throw err;
    }
    return state;
  };

  const decide = async (event: { payload: Record<string, unknown> }, session: string | undefined): Promise<HookPermissionDecision | undefined> => {
    // Start compiling the shell parser (WASM, on V8's background threads) before the config,
    // database and policy are loaded on this one, so the two overlap.
    const parserFiles = opts.parserFiles ?? bundledParserFiles();
    const command = (event.payload.tool_input as { command?: unknown } | undefined)?.command;
    const parser = event.payload.tool_name === 'Bash' ? initPolicy(parserFiles, { code: typeof command !== 'string' || mayRunInlineCode(command) }) : undefined;
    parser?.catch(() => undefined); // awaited (and reported) by answerPermissionHook
    const { config, db, policy } = await load();
    const result = await answerPermissionHook(
      {
        db,
        autoConfirm: config.autoConfirm,
        sessions: config.sessions,
        policy: () => policy,
        home: os.homedir(),
        protectedPaths: architectProtectedPaths({
          dbPath: config.dbPath,
          home: config.home,
          vaultKeyPath: opts.env.ARCHITECT_VAULT_KEY ?? defaultVaultKeyPath(config.home),
        }),
        now: opts.now ?? Date.now,
        ...(parserFiles ? { parserFiles } : {}),
      },
      session,
      event.payload,
    );
    opts.onResult?.(result);
    return result.output?.hookSpecificOutput.decision;
  };

  return {
    decide,
    close: () => {
      state?.db.close();
      state = undefined;
    },
  };
}

/**
 * In a bundled app, the .wasm files resolve from the app's own node_modules (this function is
 * bundled into the app, so `import.meta.url` is the app's); from source, the policy package
 * finds them itself.
 */
export function bundledParserFiles(): ParserFiles | undefined {
  try {
    const require = createRequire(import.meta.url);
    return {
      runtimeWasm: require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
      bashWasm: require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'),
      pythonWasm: require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
      javascriptWasm: require.resolve('tree-sitter-javascript/tree-sitter-javascript.wasm'),
    };
  } catch {
    return undefined;
  }
}
