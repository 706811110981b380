// Runs one hook command the way Claude Code does: `/bin/sh -c <command>` in the project
// directory, the event's JSON on stdin, the environment inherited (plus CLAUDE_PROJECT_DIR),
// killed when its timeout passes.
import { spawn } from 'node:child_process';

/**
 * @returns {Promise<{ exitCode: number | null, stdout: string, stderr: string,
 *   timedOut: boolean, ms: number }>}
 */
export function runHookCommand({ command, payload, cwd, timeoutMs, env = process.env }) {
  const started = Date.now();
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn('/bin/sh', ['-c', command], {
        cwd,
        env: { ...env, CLAUDE_PROJECT_DIR: cwd },
        stdio: ['pipe', 'pipe', 'pipe'],
        // own process group, so a timeout can kill whatever the shell started
        detached: true,
      });
    } catch (err) {
      resolve({ exitCode: null, stdout: '', stderr: String(err), timedOut: false, ms: 0 });
      return;
    }
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (err) => (stderr += String(err)));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: timedOut ? null : code, stdout, stderr, timedOut, ms: Date.now() - started });
    });
    // A hook that never reads stdin must not crash us with EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(payload));
  });
}
