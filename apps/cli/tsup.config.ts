import { appBuild } from '../../tsup.base';

// Split into chunks: main.js is a few hundred bytes and `architect hook` (run by Claude Code in
// every turn) loads only its own small chunk instead of parsing the whole 1.5 MB CLI (≈100 ms).
// twilio-node stays in node_modules and is imported only by `sms test` with Twilio configured;
// React and Ink too, imported only by `architect terminal` (Ink's optional devtools hook is never
// loaded: it needs DEV=true and react-devtools-core).
export default appBuild({
  splitting: true,
  noExternal: [/^(?!better-sqlite3$|pm2$|playwright-core$|twilio$|ink$|react$)/],
  external: ['better-sqlite3', 'pm2', 'playwright-core', 'twilio', 'ink', 'react'],
});
