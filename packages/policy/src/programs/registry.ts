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
  const model = Object.hasOwn(MODELS, name) ? MODELS[name] : undefined;
  if (!model) return { ok: false, reason: `${name}: not a program the engine has a model of` };
  const r = parseLine(name, model, args);
  if (!r.ok) return r;
  return name === 'git' ? gitSemantics(r.line, cwd) : r;
}
