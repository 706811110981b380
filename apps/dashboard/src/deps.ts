import type { Clock, Config, Logger } from '@architect/core';
import type { Db } from '@architect/db';
import type { TmuxDriver } from '@architect/tmux';
import type { ChangeHub } from './live/changeHub';

/** Everything a route needs, built once by main.ts (or a test) and passed down. */
export interface DashboardDeps {
  db: Db;
  config: Config;
  log: Logger;
  clock: Clock;
  tmux: TmuxDriver;
  hub: ChangeHub;
}
