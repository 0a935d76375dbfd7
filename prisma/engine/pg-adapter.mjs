// The driver adapter the Wasm schema engine talks to PostgreSQL through: @prisma/adapter-pg 7.10,
// with four bugs worked around. Each was seen on this machine, not guessed; see
// /work/shared/docs/prisma-migrations-offline.md and ../README.md.
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

/**
 * Turns a postgresql:// URL into explicit pg connection fields.
 *
 * Bug 4: given `{ connectionString }`, adapter-pg's shadow-database pool is
 * `new Pool({ ...config, database: shadow })`, and pg lets the connection string override
 * `database` — so the "shadow" database silently was the main one. With explicit fields there is
 * nothing to override it.
 */
export function connectionFromUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('The database URL is not a valid URL (expected postgresql://user:password@host:port/database).');
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new Error(`The database URL must start with postgresql:// (got ${parsed.protocol}//).`);
  }
  const q = parsed.searchParams;
  const sslmode = q.get('sslmode');
  const timeout = Number(q.get('connect_timeout') ?? 5);
  return {
    host: q.get('host') ?? (decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, '')) || 'localhost'),
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username) || 'postgres',
    password: decodeURIComponent(parsed.password) || undefined,
    database: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
    // `?schema=` is Prisma's own parameter: where the tables and _prisma_migrations live.
    schema: q.get('schema') ?? undefined,
    ssl: !sslmode || sslmode === 'disable' || sslmode === 'prefer' ? undefined
      : sslmode === 'verify-full' ? true : { rejectUnauthorized: false },
    connectionTimeoutMillis: timeout > 0 ? timeout * 1000 : 0,
    application_name: q.get('application_name') ?? 'prisma-schema-engine-wasm',
  };
}

/** `host:port`, as Prisma's messages print it. */
export function location(conn) {
  return `${conn.host}:${conn.port}`;
}

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

/**
 * Bug 1: adapter-pg maps each result column's type OID to a Prisma column type and throws
 * "Column type 'char' could not be deserialized" for OID 18, PostgreSQL's internal one-byte
 * `"char"` (pg_class.relkind, pg_constraint.contype…), which the engine's catalog queries return.
 * Its values are one-character strings, so we relabel the column as text (OID 25) in every result
 * before adapter-pg sees it. Pool's documented `Client` option puts this on every connection.
 */
class CharAsTextClient extends pg.Client {
  query(config, values, callback) {
    if (typeof values === 'function') [callback, values] = [values, undefined];
    if (typeof callback === 'function') {
      return super.query(config, values, (err, res) => callback(err, err ? res : relabelChar(res)));
    }
    const result = super.query(config, values);
    return typeof result?.then === 'function' ? result.then(relabelChar) : result;
  }
}

function relabelChar(result) {
  // A multi-statement simple query answers with one result per statement.
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of r?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
  }
  return result;
}

function clientConfig(conn, database = conn.database) {
  const { schema, ...fields } = conn;
  return { ...fields, database, ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}) };
}

function poolConfig(conn, database) {
  return {
    ...clientConfig(conn, database),
    Client: CharAsTextClient,
    // Everything on one connection, as with the binary: the engine takes a session-level advisory
    // lock (pg_advisory_lock(72707369)) to keep two `migrate` runs apart.
    max: 1,
  };
}

async function connectAdapter(conn, database) {
  const factory = new PrismaPg(poolConfig(conn, database), conn.schema ? { schema: conn.schema } : undefined);
  const adapter = await factory.connect();
  /**
   * Bug 2: adapter-pg's executeScript splits the script on every `;` and sends the pieces one by
   * one, so a `$$ … $$` function body breaks and a migration failing half-way stays half-applied.
   * The binary sends a migration whole, as one simple-protocol query, which PostgreSQL runs as one
   * implicit transaction. executeRaw without arguments does exactly that (pg only switches to the
   * extended protocol, which allows one statement, when there are parameters), and keeps
   * adapter-pg's error mapping.
   */
  adapter.executeScript = async (script) => {
    await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
  };
  return adapter;
}

/**
 * Runs one statement on its own short-lived connection: CREATE/DROP DATABASE must not share the
 * adapter's pool, which we close or which is connected to the very database being dropped.
 */
export async function runAdminStatement(conn, sql, database = conn.database) {
  const client = new pg.Client(clientConfig(conn, database));
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Like runAdminStatement, from the main database or — if it does not exist yet — from `postgres`. */
async function runFromAnyDatabase(conn, sql) {
  try {
    await runAdminStatement(conn, sql);
  } catch (error) {
    if (error?.code !== '3D000' || conn.database === 'postgres') throw error;
    await runAdminStatement(conn, sql, 'postgres');
  }
}

/** Like runAdminStatement, from a maintenance database: `postgres`, or `template1` if there is none (as the binary does). */
async function runFromMaintenanceDatabase(conn, sql) {
  try {
    await runAdminStatement(conn, sql, 'postgres');
  } catch (error) {
    if (error?.code !== '3D000') throw error;
    await runAdminStatement(conn, sql, 'template1');
  }
}

/** The binary's one-shot `cli <command>` calls, which work without the target database. */
export const databaseCommands = {
  'can-connect-to-database': (conn) => runAdminStatement(conn, 'SELECT 1'),
  'create-database': (conn) => runFromMaintenanceDatabase(conn, `CREATE DATABASE ${quoteIdent(conn.database)}`),
  'drop-database': (conn) => runFromMaintenanceDatabase(conn, `DROP DATABASE ${quoteIdent(conn.database)}`),
};

/**
 * Maps a pg connection/DDL error to Prisma's error code and wording, which the CLI acts on
 * (P1003 makes `migrate deploy` create the database) and shows to the user.
 */
export function describeConnectionError(error, conn) {
  const at = location(conn);
  const coded = (code, message) => Object.assign(new Error(message), { code });
  switch (error?.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ENOENT': // Unix socket missing
      return coded('P1001', `Can't reach database server at \`${at}\`\n\nPlease make sure your database server is running at \`${at}\`.`);
    case '3D000':
      return coded('P1003', `Database \`${conn.database}\` does not exist on the database server at \`${at}\`.`);
    case '28P01':
    case '28000':
      return coded('P1000', `Authentication failed against database server, the provided database credentials for \`${conn.user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${at}\`.`);
    case '42P04':
      return coded('P1009', `Database \`${conn.database}\` already exists on the database server at \`${at}\``);
    case '42501':
      return coded('P1010', `User \`${conn.user}\` was denied access on the database \`${conn.database}\` (${error.message})`);
    default:
      if (/timeout|timed out/i.test(error?.message ?? '')) {
        return coded('P1001', `Can't reach database server at \`${at}\`\n\nPlease make sure your database server is running at \`${at}\`.`);
      }
      return error instanceof Error ? error : new Error(String(error));
  }
}

/** Shadow databases still alive, so that an interrupted run can drop them on its way out. */
const liveShadowDatabases = new Set();

export async function dropLeftoverShadowDatabases(conn) {
  for (const name of liveShadowDatabases) {
    await runFromAnyDatabase(conn, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => {});
    liveShadowDatabases.delete(name);
  }
}

/**
 * A SqlMigrationAwareDriverAdapterFactory (wrap it with bindMigrationAwareSqlAdapterFactory before
 * handing it to the Wasm engine).
 */
export class MigrateAdapterFactory {
  provider = 'postgres';
  adapterName = '@prisma/adapter-pg';

  /** @param {ReturnType<typeof connectionFromUrl>} conn  @param {{ shadowDatabaseUrl?: string }} [options] */
  constructor(conn, options = {}) {
    this.conn = conn;
    this.shadowDatabaseUrl = options.shadowDatabaseUrl;
  }

  connect() {
    return connectAdapter(this.conn);
  }

  /**
   * Bug 3: adapter-pg's own helper drops the temporary database while its pool is still connected
   * to it ("is being accessed by other users"), so the drop fails and the database leaks. Ours
   * closes the pool first, then drops WITH (FORCE) in case anything else lingers.
   */
  async connectToShadowDb() {
    if (this.shadowDatabaseUrl) {
      throw new Error('shadowDatabaseUrl is not supported by prisma/engine/schema-engine.mjs: remove it from prisma.config.ts; a temporary shadow database is created and dropped instead (needs CREATEDB).');
    }
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await runFromAnyDatabase(this.conn, `CREATE DATABASE ${quoteIdent(name)}`);
    liveShadowDatabases.add(name);
    const adapter = await connectAdapter(this.conn, name);
    const closePool = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await closePool();
      await runFromAnyDatabase(this.conn, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      liveShadowDatabases.delete(name);
    };
    return adapter;
  }
}
