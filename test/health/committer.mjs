// A writer at a process edge for the backup tests: commits continuously, each transaction one
// interactions row and one hook_events row with the same sequence number, until killed. A
// consistent copy of the database therefore holds as many of one as of the other, with no gap.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const db = new Database(process.argv[2]);
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
const a = db.prepare("INSERT INTO interactions (session_name, kind, details) VALUES ('writer', 'seq', ?)");
const b = db.prepare("INSERT INTO hook_events (session_name, event, payload) VALUES ('writer', 'seq', ?)");
const commit = db.transaction((seq) => {
  a.run(JSON.stringify({ seq }));
  b.run(JSON.stringify({ seq }));
});
let seq = 0;
process.on('SIGTERM', () => {
  db.close();
  process.exit(0);
});
function loop() {
  for (let i = 0; i < 20; i++) commit(++seq);
  if (seq % 200 === 0) process.stdout.write(`${seq}\n`);
  setImmediate(loop);
}
loop();
