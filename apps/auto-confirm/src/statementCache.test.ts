import { openSqlite } from '@architect/db/lite';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statementCache';

describe('withStatementCache', () => {
  it('hands out one prepared statement per SQL text, working as before, up to its cap', () => {
    const conn = withStatementCache(openSqlite({ path: ':memory:' }), 2);
    try {
      conn.sqlite.prepare('CREATE TABLE t (a INTEGER)').run();
      const insert = conn.sqlite.prepare('INSERT INTO t (a) VALUES (?)');
      expect(conn.sqlite.prepare('INSERT INTO t (a) VALUES (?)')).toBe(insert);
      insert.run(1);
      conn.sqlite.prepare('INSERT INTO t (a) VALUES (?)').run(2);
      expect(conn.sqlite.prepare('SELECT a FROM t ORDER BY a').all()).toEqual([{ a: 1 }, { a: 2 }]);
      // Past the cap: still prepared, just not kept.
      expect(conn.sqlite.prepare('SELECT a FROM t ORDER BY a')).not.toBe(conn.sqlite.prepare('SELECT a FROM t ORDER BY a'));
      // Transactions (better-sqlite3 prepares BEGIN/COMMIT itself) still work.
      conn.sqlite.transaction(() => insert.run(3)).immediate();
      expect(conn.sqlite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 });
    } finally {
      conn.close();
    }
  });
});
