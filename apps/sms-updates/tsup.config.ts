import { appBuild } from '../../tsup.base';

// twilio-node (and its axios) stay in node_modules, loaded only when Twilio is configured.
export default appBuild({
  noExternal: [/^(?!better-sqlite3$|pm2$|playwright-core$|twilio$)/],
  external: ['better-sqlite3', 'pm2', 'playwright-core', 'twilio'],
});
