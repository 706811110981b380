/**
 * Methods any value may have called on it in an approved one-liner: string, list, dict and
 * iterator methods (both languages), reading an already-open file or stdin, formatting output.
 * Nothing here runs a program, writes a file, opens a socket or reaches another object's code.
 */
export const SAFE_METHODS = new Set([
  // strings
  'split', 'rsplit', 'splitlines', 'strip', 'lstrip', 'rstrip', 'join', 'lower', 'upper', 'title', 'capitalize', 'casefold',
  'replace', 'startswith', 'endswith', 'find', 'rfind', 'index', 'count', 'format', 'encode', 'decode', 'zfill', 'center',
  'ljust', 'rjust', 'partition', 'rpartition', 'isdigit', 'isalpha', 'isalnum', 'isspace', 'isupper', 'islower',
  'trim', 'trimStart', 'trimEnd', 'toUpperCase', 'toLowerCase', 'startsWith', 'endsWith', 'includes', 'indexOf',
  'lastIndexOf', 'padStart', 'padEnd', 'repeat', 'charAt', 'charCodeAt', 'codePointAt', 'substring', 'substr', 'match',
  'matchAll', 'search', 'replaceAll', 'localeCompare', 'normalize', 'at', 'concat', 'toString', 'toFixed', 'toPrecision',
  'valueOf', 'toISOString', 'toJSON', 'getTime', 'getFullYear', 'getMonth', 'getDate', 'toLocaleString', 'test', 'findall', 'finditer', 'sub', 'subn', 'fullmatch',
  // collections
  'items', 'keys', 'values', 'get', 'setdefault', 'append', 'extend', 'insert', 'pop', 'popitem', 'sort', 'reverse',
  'copy', 'add', 'discard', 'union', 'intersection', 'difference', 'issubset', 'issuperset', 'most_common', 'elements',
  'map', 'filter', 'reduce', 'reduceRight', 'forEach', 'some', 'every', 'findIndex', 'findLast', 'flat', 'flatMap', 'slice',
  'splice', 'push', 'shift', 'unshift', 'fill', 'entries', 'has', 'set', 'delete', 'clear', 'size', 'then', 'catch', 'finally',
  // reading an open file / stdin, writing to stdout
  'read', 'readline', 'readlines', 'write', 'flush', 'close', 'group', 'groups', 'groupdict', 'span', 'isoformat', 'strftime',
  'hexdigest', 'digest', 'total_seconds', 'timestamp', 'fromisoformat', 'now', 'utcnow', 'today',
]);
