import { resolvePath, isBelow } from './paths';
import { secretReason } from './secrets';
import type { PolicyContext } from './types';
import { deny, escalate, type Verdict } from './verdict';

export type Lang = 'python' | 'node' | 'perl' | 'ruby' | 'php' | 'lua' | 'r' | 'awk';

/**
 * Interpreter one-liners (`python -c`, `node -e`, …) are scanned, not run. Anything that could
 * delete, write, run a program, reach the network, read the environment or build code at run
 * time escalates; deletions aimed outside the workspace and reads of secret files are denied.
 * What is left (print this JSON, count these lines) is judged by the rules like any command.
 */
const DELETE = /\b(rmtree|remove_tree|rm_rf|rm_r|rmSync|rmdirSync|unlinkSync|rimraf|removedirs|send2trash)\b|\b(os|fs|fsp|shutil|FileUtils|File|Dir|Path|promises)\s*\.\s*(rm|rmdir|unlink|remove|delete|rm_f|rm_rf)\b|\.(unlink|rmdir)\s*\(|\bunlink\b/;
const EXEC = /\b(subprocess|child_process|Open3)\b|\bos\s*\.\s*(system|popen|exec\w*|spawn\w*|fork|posix_spawn\w*)\b|\bpty\s*\.\s*spawn|(?<![.\w$])(execSync|execFileSync|spawnSync|execFile|spawn|exec|system|popen|shell_exec|passthru|proc_open|pcntl_exec)\s*\(|(?<![.\w$])(system|exec)\s+['"$]|\bqx\s*[({/|]|\bIO\s*\.\s*popen|%x[({[]|\bKernel\s*\.\s*(exec|system|spawn)|\bprocess\s*\.\s*binding|\bDeno\s*\.\s*(run|Command)|\bBun\s*\.\s*(spawn|\$)/;
const WRITE = /\bopen\s+(my\s+)?\$?\w+\s*,\s*['"]\s*[+>|]|\bopen\s*\([^)]*,\s*(mode\s*=\s*)?['"]\s*([rbt]*[wax+][rbtwax+]*|[+>|][^'"]*)['"]|\b(write_text|write_bytes|writeFile\w*|appendFile\w*|createWriteStream|writeSync|copyFile\w*|rename\w*|symlink\w*|chmod\w*|chown\w*|mkdir\w*|makedirs|truncate\w*|utimes\w*)\b|\bshutil\s*\.\s*(move|copy\w*)|\bos\s*\.\s*(replace|link)\b|\bFile\s*\.\s*(write|open|new)|\bIO\s*\.\s*write|\bFileUtils\b/;
const NETWORK = /\b(urllib\d?|requests|http\.client|httpx|aiohttp|socket|ftplib|smtplib|telnetlib|paramiko|fetch|XMLHttpRequest|WebSocket|net\/http|Net::HTTP|LWP|IO::Socket|HTTP::Tiny|curl_init|fsockopen|dgram|net\.connect|https?\s*\.\s*(get|request))\b/;
const ENVIRONMENT = /\b(os\s*\.\s*environ|getenv|environ|process\s*\.\s*env|ENV\s*\[|ENVIRON)\b|%ENV|\$ENV\{|\bENV\b/;
const DYNAMIC = /\b(eval|__import__|importlib|getattr|setattr|globals|locals|Function|vm\s*\.\s*\w+|require\s*\(\s*[^'"`\s)]|import\s*\(\s*[^'"`\s)]|loadstring|dofile|instance_eval|class_eval|public_send|const_get|b64decode|a85decode|unhexlify|fromhex|fromCharCode|atob|codecs|marshal|pickle|ctypes)\b|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\bchr\s*\(|\bpack\s*\(|\.send\s*\(/;
const AWK_UNSAFE = /\bsystem\s*\(|\|\s*getline|\|\s*["$a-zA-Z]|\bprintf?\b[^;}]*>{1,2}\s*["$a-zA-Z(]|\bENVIRON\b|\bclose\s*\(/;

/** Quoted string literals, roughly: enough to find paths and shell commands a one-liner names. */
export function stringLiterals(code: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

export interface ScanResult {
  verdict: Verdict | null;
  /** Literal strings that a shell-out may run; the caller judges them as shell commands. */
  shellOut: string[];
}

export function scanCode(lang: Lang, code: string, ctx: PolicyContext, cwd: string | null): ScanResult {
  const literals = stringLiterals(code);
  for (const lit of literals) {
    const abs = cwd || lit.startsWith('/') || lit.startsWith('~') ? resolvePath(lit.trim(), cwd ?? '/', ctx.home) : null;
    const why = abs && lit.trim() !== '' && !/\s/.test(lit.trim()) ? secretReason(abs, ctx) : null;
    if (why) return { verdict: deny('interp-secret-read', `${lang} code names ${why} (${lit})`), shellOut: [] };
  }
  const label = `${lang} one-liner`;
  if (lang === 'awk') {
    return { verdict: AWK_UNSAFE.test(code) ? escalate('interp-unsafe', `${label} runs commands, writes files or reads the environment`) : null, shellOut: [] };
  }
  if (EXEC.test(code) || ((lang === 'perl' || lang === 'ruby' || lang === 'php') && code.includes('`'))) {
    return { verdict: escalate('interp-exec', `${label} runs other programs`), shellOut: literals };
  }
  if (DELETE.test(code)) {
    const outside = literals.some((lit) => {
      const abs = resolvePath(lit.trim(), cwd ?? '/', ctx.home);
      return abs !== null && /^[~/.]/.test(lit.trim()) && !isBelow(abs, ctx.cwd);
    });
    return {
      verdict: outside ? deny('interp-delete', `${label} deletes files outside the workspace`) : escalate('interp-delete', `${label} deletes files`),
      shellOut: [],
    };
  }
  if (WRITE.test(code)) return { verdict: escalate('interp-write', `${label} writes files`), shellOut: [] };
  if (NETWORK.test(code)) return { verdict: escalate('interp-network', `${label} uses the network`), shellOut: [] };
  if (ENVIRONMENT.test(code)) return { verdict: escalate('interp-env', `${label} reads environment variables (API keys live there)`), shellOut: [] };
  if (DYNAMIC.test(code)) return { verdict: escalate('interp-dynamic', `${label} builds or loads code at run time`), shellOut: [] };
  return { verdict: null, shellOut: [] };
}
