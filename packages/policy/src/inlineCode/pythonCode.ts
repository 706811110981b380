import type { Node } from 'web-tree-sitter';
import { SAFE_METHODS } from './safeMethods';
import { firstReason } from './walkTree';

/**
 * Python one-liners are approved only when the grammar shows every call lands in a small safe
 * set: printing, JSON, math, string and collection methods, reading stdin or a named file.
 * Imports are limited to harmless modules and followed through aliases (`import os as o` is
 * refused at the import); dunder attributes, `getattr`, `eval`, `__import__` and calls through
 * subscripts or other calls are not understood.
 */
const SAFE_MODULES: Record<string, Set<string> | '*'> = {
  json: new Set(['load', 'loads', 'dumps', 'dump', 'JSONDecodeError']),
  math: '*', re: '*', string: '*', textwrap: '*', statistics: '*', itertools: '*', functools: '*', operator: '*',
  collections: '*', datetime: '*', decimal: '*', fractions: '*', random: '*', pprint: new Set(['pprint', 'pformat', 'pp']),
  sys: new Set(['argv', 'stdin', 'stdout', 'stderr', 'exit', 'version', 'version_info', 'platform', 'maxsize', 'byteorder', 'getrecursionlimit']),
  tomllib: new Set(['load', 'loads']), csv: new Set(['reader', 'DictReader']), hashlib: new Set(['md5', 'sha1', 'sha256', 'sha512']),
  uuid: new Set(['uuid4', 'UUID']), time: new Set(['time', 'monotonic', 'perf_counter', 'strftime', 'gmtime', 'localtime']),
  platform: new Set(['python_version', 'system', 'machine', 'release']), unicodedata: '*', dataclasses: '*', typing: '*', enum: '*',
};

const SAFE_BUILTINS = new Set([
  'print', 'len', 'str', 'int', 'float', 'bool', 'list', 'dict', 'set', 'tuple', 'frozenset', 'sorted', 'reversed', 'sum', 'min',
  'max', 'abs', 'round', 'range', 'enumerate', 'zip', 'map', 'filter', 'any', 'all', 'repr', 'isinstance', 'type', 'hex', 'oct',
  'bin', 'ord', 'divmod', 'pow', 'hash', 'format', 'iter', 'next', 'slice', 'bytes', 'bytearray', 'callable', 'id', 'ascii',
  'Exception', 'ValueError', 'KeyError', 'TypeError', 'SystemExit', 'open',
]);

/** Names whose mere mention means code is built or reached indirectly. */
const FORBIDDEN = new Set(['eval', 'exec', 'compile', '__import__', 'getattr', 'setattr', 'delattr', 'globals', 'locals', 'vars', '__builtins__', 'breakpoint', 'input', 'memoryview', 'help', 'importlib', 'object', 'super', 'classmethod', 'staticmethod', 'property']);

export function judgePython(root: Node): string | null {
  const modules = new Map<string, string>(); // local name → module
  const fromNames = new Map<string, string>(); // local name → module.attr
  const defined = new Set<string>();
  for (const n of root.descendantsOfType(['function_definition', 'class_definition', 'lambda', 'assignment', 'for_statement', 'list_comprehension', 'generator_expression'])) {
    if (!n) continue;
    if (n.type === 'function_definition' || n.type === 'class_definition') {
      const name = n.childForFieldName('name')?.text;
      if (name) defined.add(name);
    }
  }
  return firstReason(root, (n: Node): string | null | undefined => {
    switch (n.type) {
      case 'import_statement':
        for (const c of n.namedChildren) {
          if (!c) continue;
          const mod = c.type === 'aliased_import' ? c.childForFieldName('name')?.text : c.text;
          const local = c.type === 'aliased_import' ? c.childForFieldName('alias')?.text : c.text.split('.')[0];
          if (!mod || !local) return 'an import the engine cannot read';
          if (!Object.hasOwn(SAFE_MODULES, mod)) return `imports ${mod}, which is not in the safe set`;
          modules.set(local, mod);
        }
        return null;
      case 'import_from_statement': {
        const mod = n.childForFieldName('module_name')?.text ?? '';
        if (!Object.hasOwn(SAFE_MODULES, mod)) return `imports from ${mod || 'a relative module'}, which is not in the safe set`;
        for (const c of n.namedChildren.slice(1)) {
          if (!c) continue;
          if (c.type === 'wildcard_import') return `from ${mod} import * hides which names are used`;
          const attr = c.type === 'aliased_import' ? c.childForFieldName('name')?.text : c.text;
          const local = c.type === 'aliased_import' ? c.childForFieldName('alias')?.text : c.text;
          if (!attr || !local) return 'an import the engine cannot read';
          const allowed = SAFE_MODULES[mod];
          if (allowed !== '*' && !allowed?.has(attr)) return `imports ${mod}.${attr}, which is not in the safe set`;
          fromNames.set(local, `${mod}.${attr}`);
        }
        return null;
      }
      case 'future_import_statement':
        return null;
      case 'identifier':
        if (FORBIDDEN.has(n.text)) return `uses ${n.text}, which reaches code indirectly`;
        return null;
      case 'attribute': {
        const attr = n.childForFieldName('attribute')?.text ?? '';
        if (attr.startsWith('_')) return `touches ${attr}, a private or dunder attribute`;
        const obj = n.childForFieldName('object');
        if (obj?.type === 'identifier' && modules.has(obj.text)) {
          const allowed = SAFE_MODULES[modules.get(obj.text) as string];
          if (allowed !== '*' && !allowed?.has(attr)) return `uses ${modules.get(obj.text)}.${attr}, which is not in the safe set`;
        }
        break;
      }
      case 'call': {
        const why = judgeCall(n, modules, fromNames, defined);
        if (why) return why;
        break;
      }
      case 'exec_statement':
      case 'print_statement':
        return n.type === 'exec_statement' ? 'uses exec' : null;
      default:
        break;
    }
    return undefined;
  });
}

function judgeCall(n: Node, modules: Map<string, string>, fromNames: Map<string, string>, defined: Set<string>): string | null {
  const fn = n.childForFieldName('function');
  if (!fn) return 'a call the engine cannot read';
  if (fn.type === 'identifier') {
    const name = fn.text;
    if (name === 'open') return openMode(n);
    if (SAFE_BUILTINS.has(name) || fromNames.has(name) || defined.has(name)) return null;
    return `calls ${name}, which is not in the safe set`;
  }
  if (fn.type === 'attribute') {
    const obj = fn.childForFieldName('object');
    const attr = fn.childForFieldName('attribute')?.text ?? '';
    if (obj?.type === 'identifier' && modules.has(obj.text)) return null; // checked as an attribute
    if (SAFE_METHODS.has(attr)) return null;
    return `calls .${attr}(), which is not in the safe set`;
  }
  return `calls the result of ${fn.type.replace(/_/g, ' ')}, which hides what runs`;
}

/**
 * `open(path)` and `open(path, 'r')` read; any other mode writes. The path must be a plain string
 * literal, so the secret check (codeScan) sees which file is read: `open('.e'+'nv')` is refused.
 */
function openMode(call: Node): string | null {
  const args = call.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => c !== null) ?? [];
  const path = args[0];
  if (!path || path.type !== 'string' || path.descendantsOfType('interpolation').length > 0) return `open(${path?.text.slice(0, 30) ?? ''}) reads a file named only at run time`;
  const mode = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'mode')?.childForFieldName('value') ?? args[1];
  if (!mode) return null;
  if (mode.type !== 'string' || !/^['"]r?[bt]?['"]$|^['"][bt]?r['"]$/.test(mode.text)) return `open(…, ${mode.text}) may write a file`;
  return null;
}
