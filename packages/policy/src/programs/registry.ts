import type { Arg } from '../args';
import { SHELLS } from '../interpreters';
import { BUILD_TOOLS } from './buildTools';
import { FILE_TOOLS } from './fileTools';
import { parseFind } from './findLine';
import { GIT } from './git';
import { gitSemantics } from './gitSemantics';
import { parseJq, parseKill, parseNode, parsePython } from './interpLines';
import { NETWORK_TOOLS } from './networkTools';
import { NODE_TOOLS } from './nodeTools';
import { parseLine, type LineResult } from './parseLine';
import { PYTHON_TOOLS } from './pythonTools';
import { projectScripts } from './projectScripts';
import { parseBuiltin } from './shellBuiltins';
import type { ProgramModel } from './spec';

/** Every program the engine has a model of, by the name it is run as. */
export const MODELS: Record<string, ProgramModel> = { ...FILE_TOOLS, ...NODE_TOOLS, ...PYTHON_TOOLS, ...BUILD_TOOLS, ...NETWORK_TOOLS, git: GIT };

const SHELL: ProgramModel = { opts: '-e -u -x -v -n -o= -O= -l -i -s -c -r --norc --noprofile --posix --login', operands: 'read', interleaved: false };

/**
 * Read a command line against the model of its program. `name` is the program's base name,
 * `args` the words after it (wrappers already stripped). Not ok → the command is not
 * understood, with the first reason.
 */
export function understandLine(name: string, args: Arg[], cwd: string | null = null): LineResult {
  const builtin = parseBuiltin(name, args);
  if (builtin) return builtin;
  if (name === 'find') return parseFind(args);
  if (name === 'kill') return parseKill(args);
  if (name === 'jq') return parseJq(args);
  if (/^(python|pypy)(\d+(\.\d+)*)?$/.test(name)) return parsePython(name, args);
  if (name === 'node' || name === 'nodejs') return parseNode(name, args);
  if (SHELLS.has(name)) return parseLine(name, SHELL, args);
  if (name === 'pnpm' || name === 'yarn') {
    const direct = packageBinOrScript(name, args, cwd);
    if (direct) return direct;
  }
  const model = Object.hasOwn(MODELS, name) ? MODELS[name] : undefined;
  if (!model) return { ok: false, reason: `${name}: not a program the engine has a model of` };
  const r = parseLine(name, model, args);
  if (!r.ok) return r;
  return name === 'git' ? gitSemantics(r.line, cwd) : r;
}

/**
 * `pnpm vitest run` / `yarn build`: pnpm and yarn run a package.json script or a local binary by
 * its bare name. A script of the project is understood like `npm run X`; a binary is read
 * against its own model. Anything else is left to the subcommand model (which refuses it).
 */
function packageBinOrScript(pm: string, args: Arg[], cwd: string | null): LineResult | null {
  const first = args.findIndex((a) => !(a.text ?? '').startsWith('-'));
  const word = first >= 0 ? args[first]?.text : null;
  if (!word || Object.hasOwn(MODELS[pm]?.subs ?? {}, word)) return null;
  if (args.slice(0, first).some((a) => a.text === null)) return null;
  const rest = args.slice(first + 1);
  if (cwd !== null && projectScripts(cwd).has(word)) return { ok: true, line: { path: [pm, word], model: { operands: 'data' }, options: [], operands: rest, runs: null } };
  if (Object.hasOwn(MODELS, word) && !SHELLS.has(word)) {
    const r = understandLine(word, rest, cwd);
    return r.ok ? { ok: true, line: { ...r.line, path: [pm, ...r.line.path] } } : { ok: false, reason: `${pm} ${r.reason}` };
  }
  return null;
}
