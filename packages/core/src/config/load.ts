import fs from 'node:fs';
import { ConfigError, type ConfigProblem } from '../errors';
import { parseEnv, type EnvConfig } from './env';
import { formatIssues } from './issues';
import { duplicateSessionProblems, fileConfigSchema, type FileConfig } from './schema';

export interface Config extends EnvConfig {
  file: FileConfig;
}

export interface LoadConfigOptions {
  env: NodeJS.ProcessEnv;
  /** ARCHITECT_HOME when the environment does not set it (the repository root). */
  defaultHome: string;
  /** Check that session working directories exist (off for commands that do not touch sessions). */
  checkPaths?: boolean;
}

/** Parse the environment and the optional JSON file once; throw one ConfigError listing every problem. */
export function loadConfig(opts: LoadConfigOptions): Config {
  const env = parseEnv(opts.env, opts.defaultHome);
  const file = readConfigFile(env.configPath, env.configPathExplicit);
  const config = { ...env, file };
  if (opts.checkPaths) checkSessionPaths(config);
  return config;
}

export function parseFileConfig(raw: unknown, source: string): FileConfig {
  const result = fileConfigSchema.safeParse(raw);
  const problems = [...(result.success ? [] : formatIssues(result.error.issues)), ...duplicateSessionProblems(raw)];
  if (problems.length || !result.success) throw new ConfigError(source, problems);
  return result.data;
}

function readConfigFile(configPath: string, explicit: boolean): FileConfig {
  let text: string;
  try {
    text = fs.readFileSync(configPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // The file is optional unless the user pointed at it explicitly.
    if (code === 'ENOENT' && !explicit) return parseFileConfig({}, configPath);
    throw new ConfigError(configPath, [{ path: '', message: `cannot read: ${code ?? String(err)}` }]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(configPath, [{ path: '', message: `not valid JSON: ${(err as Error).message}` }]);
  }
  return parseFileConfig(raw, configPath);
}

function checkSessionPaths(config: Config): void {
  const problems: ConfigProblem[] = [];
  config.file.sessions.forEach((s, i) => {
    if (s.worktree) return; // created by `sessions up`
    if (!fs.existsSync(s.cwd)) problems.push({ path: `sessions.${i}.cwd`, message: `directory does not exist: ${s.cwd}` });
  });
  if (problems.length) throw new ConfigError(config.configPath, problems);
}
