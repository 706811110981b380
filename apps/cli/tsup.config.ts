import { appBuild } from '../../tsup.base';

// Split into chunks: main.js is a few hundred bytes and `architect hook` (run by Claude Code in
// every turn) loads only its own small chunk instead of parsing the whole 1.5 MB CLI (≈100 ms).
export default appBuild({ splitting: true });
