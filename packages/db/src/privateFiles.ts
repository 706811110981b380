/**
 * The database holds prompts, responses and tool inputs: private to the user. Directories
 * Architect creates for it are 0700, the database file and its -wal / -shm companions 0600
 * (SQLite gives -wal and -shm the database file's mode; they are fixed here too in case an
 * older version created them wider). Files and directories of another owner are left alone.
 */
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** chmod to `mode` when the path exists, is ours, and grants group or others anything. */
function tighten(p: string, mode: number): void {
  try {
    const st = fs.statSync(p);
    if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) fs.chmodSync(p, mode);
  } catch {
    // missing: nothing to tighten
  }
}

/** mkdir -p with 0700 for what it creates, and 0700 for the directory itself. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
}

/** Before opening: the database's directory exists and the file is created 0600 (never umask-wide). */
export function prepareDbFile(file: string): void {
  const dir = path.dirname(file);
  // Only directories created here are made private: ARCHITECT_DB may live in a shared directory.
  if (!fs.existsSync(dir)) makePrivateDir(dir);
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  tighten(file, PRIVATE_FILE_MODE);
}

/** After opening in WAL mode: -wal and -shm exist now. */
export function tightenDbCompanions(file: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) tighten(`${file}${suffix}`, PRIVATE_FILE_MODE);
}

/** $ARCHITECT_HOME/data and logs: Architect's own directories, private whoever created them. */
export function ensurePrivateHome(home: string): void {
  for (const name of ['data', 'logs']) makePrivateDir(path.join(home, name));
}
