// Minimal flag parser: `--name value`, `--name=value`, boolean `--flag`, `--no-flag`.
// Unknown flags are kept (the real CLIs get started with flags we do not model).

/**
 * @param {string[]} argv
 * @param {{ booleans?: string[], aliases?: Record<string, string> }} spec
 */
export function parseArgs(argv, spec = {}) {
  const booleans = new Set(spec.booleans ?? []);
  const aliases = spec.aliases ?? {};
  /** @type {Record<string, string | boolean>} */
  const flags = {};
  /** @type {string[]} */
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name = arg.replace(/^--?/, '');
    let value;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    name = aliases[name] ?? name;
    if (value === undefined && name.startsWith('no-') && booleans.has(name)) {
      flags[name] = true;
      continue;
    }
    if (value === undefined && booleans.has(name)) {
      flags[name] = true;
      continue;
    }
    if (value === undefined) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      } else {
        value = true;
      }
    }
    flags[name] = value;
  }
  return { flags, positionals };
}

/** Reads a numeric flag, falling back when absent or not a number. */
export function numberFlag(flags, name, fallback) {
  const raw = flags[name];
  if (raw === undefined || raw === true) return fallback;
  const n = Number(raw);
  return Number.isFinite(n) ? n : fallback;
}

/** Reads a string flag, falling back when absent. */
export function stringFlag(flags, name, fallback) {
  const raw = flags[name];
  return typeof raw === 'string' ? raw : fallback;
}
