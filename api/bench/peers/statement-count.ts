/**
 * Counts the SQL statements a bench server sends, for `pnpm bench:peers`. PostgreSQL's
 * pg_stat_statements needs shared_preload_libraries (a server restart), so the count is taken in
 * the client instead: every statement of the three servers goes through node-postgres'
 * `Client.prototype.query` (Prisma's driver adapter, @dataplan/pg and the baseline all use `pg`;
 * the workspace has one copy of it), BEGIN and COMMIT included. The parent asks for the running
 * total over IPC: `{ statements: true }` → `{ statements: n }`.
 */
import pg from 'pg';

let statements = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as { query: unknown }).query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  statements += 1;
  return query.apply(this, args);
};

process.on('message', (message: { statements?: boolean }) => {
  if (message.statements) process.send?.({ statements });
});
