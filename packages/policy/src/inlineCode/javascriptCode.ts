import type { Node } from 'web-tree-sitter';
import { SAFE_METHODS } from './safeMethods';
import { firstReason } from './walkTree';

/**
 * `node -e` / `node -p` code is approved only when every call is in a small safe set: console
 * output, JSON, Math, Object/Array helpers, process.argv/stdout/exit, reading files through
 * `fs` read functions, `require` of a harmless module or a relative JSON file by a literal name.
 * A `require` built from strings (`'child'+'_process'`), dynamic `import()`, `eval`,
 * `Function`, `constructor`, `process.env`/`binding` and calls through computed members are
 * not understood.
 */
const GLOBAL_OBJECTS: Record<string, Set<string> | '*'> = {
  console: new Set(['log', 'error', 'warn', 'info', 'debug', 'table', 'dir', 'group', 'groupEnd', 'time', 'timeEnd', 'count']),
  JSON: new Set(['parse', 'stringify']),
  Math: '*',
  Object: new Set(['keys', 'values', 'entries', 'fromEntries', 'assign', 'freeze', 'isFrozen', 'getOwnPropertyNames']),
  Array: new Set(['isArray', 'from', 'of']),
  Number: '*',
  String: new Set(['fromCodePoint', 'raw']),
  Date: new Set(['now', 'parse', 'UTC']),
  Promise: new Set(['all', 'allSettled', 'resolve', 'race']),
  process: new Set(['argv', 'stdout', 'stderr', 'stdin', 'exit', 'exitCode', 'cwd', 'version', 'versions', 'platform', 'arch', 'pid', 'uptime', 'hrtime', 'memoryUsage']),
  path: '*',
  util: new Set(['inspect', 'format', 'isDeepStrictEqual']),
  url: '*',
  assert: '*',
  os: new Set(['platform', 'arch', 'cpus', 'totalmem', 'freemem', 'EOL', 'release', 'type']),
  fs: new Set(['readFileSync', 'existsSync', 'readdirSync', 'statSync', 'lstatSync']),
};

const MODULES = new Set(['path', 'node:path', 'util', 'node:util', 'url', 'node:url', 'assert', 'node:assert', 'os', 'node:os', 'fs', 'node:fs']);

const GLOBAL_FUNCTIONS = new Set(['parseInt', 'parseFloat', 'String', 'Number', 'Boolean', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'structuredClone', 'BigInt', 'Symbol', 'Array', 'Object']);
const CONSTRUCTORS = new Set(['Date', 'Map', 'Set', 'Array', 'Object', 'RegExp', 'Error', 'URL', 'URLSearchParams', 'TextDecoder', 'TextEncoder']);
const FORBIDDEN = new Set(['eval', 'Function', 'globalThis', 'global', 'Reflect', 'Proxy', 'WebAssembly', 'constructor', '__proto__', 'prototype', 'module', 'exports', 'Buffer', 'fetch', 'XMLHttpRequest', 'WebSocket', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'Deno', 'Bun', 'window', 'self', 'defineProperty', '__defineGetter__', '__lookupGetter__', 'mainModule', 'binding', 'dlopen', 'env', '_linkedBinding']);

export function judgeJavascript(root: Node): string | null {
  const aliases = new Map<string, string>(); // local name → module (from `const fs = require('fs')`)
  const defined = new Set<string>();
  for (const d of root.descendantsOfType(['function_declaration', 'variable_declarator'])) {
    if (!d) continue;
    const name = d.childForFieldName('name');
    if (!name || name.type !== 'identifier') continue;
    const value = d.childForFieldName('value');
    const mod = value ? requiredModule(value) : null;
    if (mod && MODULES.has(mod)) aliases.set(name.text, mod.replace(/^node:/, ''));
    else if (d.type === 'function_declaration' || value?.type === 'arrow_function' || value?.type === 'function_expression') defined.add(name.text);
  }
  return firstReason(root, (n: Node): string | null | undefined => {
    switch (n.type) {
      case 'import_statement':
      case 'export_statement':
        return 'uses ES module syntax, which loads code the engine does not read';
      case 'identifier':
      case 'property_identifier':
        if (FORBIDDEN.has(n.text)) return `uses ${n.text}, which reaches code, the network or the environment`;
        return null;
      case 'subscript_expression': {
        const index = n.childForFieldName('index');
        if (index && index.type !== 'number' && index.type !== 'string' && index.type !== 'identifier') return 'a computed property can name anything (constructor, env, …)';
        if (index?.type === 'string' && FORBIDDEN.has(index.text.slice(1, -1))) return `reaches ${index.text}`;
        break;
      }
      case 'call_expression': {
        const why = judgeCall(n, aliases, defined);
        if (why) return why;
        break;
      }
      case 'new_expression': {
        const ctor = n.childForFieldName('constructor');
        if (!ctor || ctor.type !== 'identifier' || !CONSTRUCTORS.has(ctor.text)) return `constructs ${ctor?.text ?? 'something'}, which is not in the safe set`;
        break;
      }
      default:
        break;
    }
    return undefined;
  });
}

/** `require('x')` with a plain string literal: the module name; anything else: null. */
function requiredModule(n: Node): string | null {
  if (n.type !== 'call_expression') return null;
  const fn = n.childForFieldName('function');
  const args = n.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => c !== null) ?? [];
  if (fn?.text !== 'require' || args.length !== 1 || args[0]?.type !== 'string') return null;
  const lit = args[0].text.slice(1, -1);
  return /[\\$`]/.test(lit) ? null : lit;
}

/** fs reads are understood only with a plain string literal path, which codeScan checks for secrets. */
function literalPath(call: Node, fn: string): string | null {
  if (!(GLOBAL_OBJECTS.fs as Set<string>).has(fn)) return `calls fs.${fn}, which is not in the safe set`;
  const first = call.childForFieldName('arguments')?.namedChildren[0];
  if (!first || first.type !== 'string') return `fs.${fn}(${first?.text.slice(0, 30) ?? ''}) reads a path named only at run time`;
  return null;
}

function rootName(n: Node): string | null {
  let cur: Node | null = n;
  while (cur && cur.type === 'member_expression') cur = cur.childForFieldName('object');
  return cur?.type === 'identifier' ? cur.text : null;
}

function judgeCall(n: Node, aliases: Map<string, string>, defined: Set<string>): string | null {
  const fn = n.childForFieldName('function');
  if (!fn) return 'a call the engine cannot read';
  if (fn.type === 'import') return 'dynamic import() loads code chosen at run time';
  if (fn.type === 'identifier') {
    if (fn.text === 'require') {
      const mod = requiredModule(n);
      if (mod === null) return 'require() of a name built at run time';
      if (MODULES.has(mod) || /^\.{1,2}\/[^\s]*\.json$/.test(mod)) return null;
      return `require('${mod}'), which is not in the safe set`;
    }
    if (GLOBAL_FUNCTIONS.has(fn.text) || defined.has(fn.text)) return null;
    return `calls ${fn.text}, which is not in the safe set`;
  }
  if (fn.type === 'member_expression') {
    const prop = fn.childForFieldName('property')?.text ?? '';
    const obj = fn.childForFieldName('object');
    const root = obj ? rootName(obj) : null;
    const direct = obj?.type === 'identifier' ? obj.text : null;
    const module = direct ? (aliases.get(direct) ?? direct) : null;
    if (module && Object.hasOwn(GLOBAL_OBJECTS, module)) {
      const allowed = GLOBAL_OBJECTS[module];
      if (module === 'fs') return literalPath(n, prop);
      if (allowed === '*' || allowed?.has(prop)) return null;
      return `calls ${module}.${prop}, which is not in the safe set`;
    }
    // process.stdout.write(…), console.log.bind? — a property of an allowed object, then a safe method.
    if (root === 'process' && obj?.type === 'member_expression') {
      const mid = obj.childForFieldName('property')?.text ?? '';
      if ((mid === 'stdout' || mid === 'stderr') && prop === 'write') return null;
      if (mid === 'stdin' && /^(on|setEncoding|read|resume)$/.test(prop)) return null;
    }
    if (obj && requiredModule(obj)) {
      const mod = (requiredModule(obj) as string).replace(/^node:/, '');
      const allowed = GLOBAL_OBJECTS[mod];
      if (mod === 'fs') return literalPath(n, prop);
      if (MODULES.has(requiredModule(obj) as string) && (allowed === '*' || allowed?.has(prop))) return null;
      return `calls require('${requiredModule(obj)}').${prop}, which is not in the safe set`;
    }
    if (SAFE_METHODS.has(prop)) return null;
    return `calls .${prop}(), which is not in the safe set`;
  }
  const inner = fn.type === 'parenthesized_expression' ? fn.namedChildren[0] : fn;
  if (inner && (inner.type === 'arrow_function' || inner.type === 'function_expression')) {
    return null; // an IIFE: its body is walked like the rest of the code
  }
  return `calls the result of ${fn.type.replace(/_/g, ' ')}, which hides what runs`;
}
