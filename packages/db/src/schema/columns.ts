import { sql } from 'drizzle-orm';
import { integer } from 'drizzle-orm/sqlite-core';

/** Times are integer milliseconds since the epoch: cheap to compare, index and subtract. */
export const nowMs = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;
export const createdAt = () => integer('created_at').notNull().default(nowMs);
export const updatedAt = () => integer('updated_at').notNull().default(nowMs);
