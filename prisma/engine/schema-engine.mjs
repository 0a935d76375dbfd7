#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary (see ../README.md).
//
// Why: Prisma 7.10's CLI runs migrate/diff/db execute through a native binary downloaded from
// Prisma's own host, which this machine (and air-gapped hospital installs) cannot reach. The same
// engine is on npm as WebAssembly (@prisma/schema-engine-wasm, pinned to the CLI's engine hash).
// prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here, and this script speaks the binary's
// protocol to the stock CLI, forwarding each call to the Wasm engine, which reaches PostgreSQL
// through @prisma/adapter-pg (patched in ./pg-adapter.mjs).
//
// The CLI runs the binary in two ways:
//   schema-engine [--datamodels <file>…] [--datasource '{"url":…}']
//       a session: line-delimited JSON-RPC 2.0, requests on stdin, answers on stdout, logs on
//       stderr (one JSON object a line);
//   schema-engine --datasource '{"url":…}' cli can-connect-to-database|create-database|drop-database
//       one-shot: exit 0, or exit 1 with an ERROR log line carrying a Prisma error code (P1003
//       "database does not exist" is what makes `migrate deploy` create the database).
//
// Trap: if this process dies without answering, `prisma migrate status` prints nothing and exits 0.
// So only Node built-ins are imported statically; everything that can fail loads lazily inside
// the request handling, and every request gets an answer — a JSON-RPC error if need be — so the
// CLI exits non-zero with a message.
import { readFile } from 'node:fs/promises';
import readline from 'node:readline';

const args = parseArgs(process.argv.slice(2));
let datasource; // { url, shadowDatabaseUrl? }: prisma.config.ts's `datasource`
let datasourceError; // reported with the first request rather than dying before it
try {
  datasource = args.datasource ? JSON.parse(args.datasource) : undefined;
} catch (error) {
  datasourceError = new Error(`Invalid --datasource argument: ${error.message}`);
}

if (args.version) {
  const { loadSchemaEngineWasm } = await import('./wasm-engine.mjs');
  process.stdout.write(`schema-engine-cli ${(await loadSchemaEngineWasm()).version()}\n`);
} else if (args.cli) {
  await runOneShot(args.cli);
} else {
  runSession();
}

function parseArgs(argv) {
  const out = { datamodels: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--datamodels') out.datamodels.push(argv[++i]);
    else if (arg === '--datasource') out.datasource = argv[++i];
    else if (arg === '--version' || arg === '-V') out.version = true;
    else if (arg === 'cli') out.cli = argv[++i];
    else if (arg === '--enabled-preview-features' || arg === '--extension-types') i++; // not needed for PostgreSQL
  }
  return out;
}

/** The Wasm engine logs tracing's JSON lines, the format the CLI expects: pass them through. */
function forwardEngineLog(message) {
  for (const line of String(message).split('\n')) {
    if (!line.trim()) continue;
    try {
      JSON.parse(line);
      process.stderr.write(`${line}\n`);
    } catch {
      log('INFO', line);
    }
  }
}

/** A log line in the format the CLI reads from the binary's stderr (tracing's JSON output). */
function log(level, message, extra = {}) {
  const line = { timestamp: new Date().toISOString(), level, fields: { message, ...extra }, target: 'schema_engine::logger' };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

// ---------------------------------------------------------------------------------------------
// One-shot commands. Plain pg, no Wasm: they must work when the database does not exist yet.

async function runOneShot(command) {
  // The CLI ignores the first stderr line of a one-shot run (the binary's start-up log).
  log('INFO', `Starting schema engine stand-in (${command})`);
  try {
    if (datasourceError) throw datasourceError;
    const { connectionFromUrl, databaseCommands, describeConnectionError } = await import('./pg-adapter.mjs');
    const conn = connectionFromUrl(datasource?.url ?? '');
    const run = databaseCommands[command];
    if (!run) throw new Error(`Unknown command: cli ${command}`);
    try {
      await run(conn);
    } catch (error) {
      throw describeConnectionError(error, conn);
    }
    process.exit(0);
  } catch (error) {
    log('ERROR', error.message, error.code ? { error_code: error.code } : {});
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC session.

function runSession() {
  let queue = Promise.resolve();
  let enginePromise;
  let panicked = false; // no Wasm call is safe after a Rust panic
  let current; // id of the request being handled, for the last-resort handler below
  let nextPrintId = 1;

  const send = (message) => process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      send({ id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    // Answers to our own `print` requests need no handling.
    if (message.method === undefined) return;
    queue = queue.then(async () => {
      current = message.id;
      try {
        send({ id: message.id, result: (await handle(message.method, message.params ?? {})) ?? {} });
      } catch (error) {
        if (error instanceof WebAssembly.RuntimeError) panicked = true;
        send({ id: message.id, error: await rpcError(error) });
      }
      current = undefined;
    });
  });
  lines.on('close', () => queue.then(() => exit(0)));
  // The CLI's stop() closes stdin and sends SIGTERM right away.
  process.on('SIGTERM', () => exit(0));

  // Last resort: answer rather than die silently (see the trap at the top).
  const fatal = (error) => {
    log('ERROR', `schema engine stand-in crashed: ${error?.stack ?? error}`);
    if (current !== undefined) send({ id: current, error: { code: -32603, message: 'Internal error', data: { is_panic: false, message: String(error?.message ?? error) } } });
    exit(1);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);

  let exiting = false;
  async function exit(code) {
    if (exiting) return;
    exiting = true;
    setTimeout(() => process.exit(code), 5000).unref();
    try {
      const { connectionFromUrl, dropLeftoverShadowDatabases } = await import('./pg-adapter.mjs');
      if (datasource?.url) await dropLeftoverShadowDatabases(connectionFromUrl(datasource.url));
    } catch {
      // nothing more we can do on the way out
    } finally {
      process.exit(code);
    }
  }

  async function getEngine() {
    if (panicked) throw new Error('The schema engine panicked earlier in this session; run the command again.');
    enginePromise ??= createEngine().catch((error) => {
      enginePromise = undefined; // let the next request try again
      throw error;
    });
    return enginePromise;
  }

  async function createEngine() {
    const [{ loadSchemaEngineWasm }, pgAdapter, { bindMigrationAwareSqlAdapterFactory }] = await Promise.all([
      import('./wasm-engine.mjs'),
      import('./pg-adapter.mjs'),
      import('@prisma/driver-adapter-utils'),
    ]);
    if (datasourceError) throw datasourceError;
    if (!datasource?.url) throw new Error('No datasource URL: set `datasource.url` in prisma.config.ts.');
    const conn = pgAdapter.connectionFromUrl(datasource.url);
    const factory = new pgAdapter.MigrateAdapterFactory(conn, { shadowDatabaseUrl: datasource.shadowDatabaseUrl });
    const datamodels = await Promise.all(args.datamodels.map(async (file) => [file, await readFile(file, 'utf8')]));
    const { SchemaEngine } = await loadSchemaEngineWasm();
    try {
      return await SchemaEngine.new(
        { datamodels: datamodels.length > 0 ? datamodels : undefined },
        forwardEngineLog,
        bindMigrationAwareSqlAdapterFactory(factory),
      );
    } catch (error) {
      // The engine connects on creation and reports e.g. a missing database as a bare message;
      // check the connection ourselves to answer with Prisma's usual code (P1001, P1003…).
      await pgAdapter.databaseCommands['can-connect-to-database'](conn).catch((e) => {
        throw pgAdapter.describeConnectionError(e, conn);
      });
      throw error;
    }
  }

  async function handle(method, params) {
    switch (method) {
      case 'createDatabase': {
        const { connectionFromUrl, databaseCommands, describeConnectionError } = await import('./pg-adapter.mjs');
        const url = params.datasource?.tag === 'ConnectionString' ? params.datasource.url : datasource?.url;
        const conn = connectionFromUrl(url ?? '');
        await databaseCommands['create-database'](conn).catch((e) => {
          throw describeConnectionError(e, conn);
        });
        return { databaseName: conn.database };
      }
      case 'getDatabaseVersion':
        return (await getEngine()).version(params);
      case 'diff': {
        const { stdout, ...result } = await (await getEngine()).diff(params);
        // The binary prints the diff through a `print` request to the CLI; the Wasm build returns it.
        if (stdout) send({ id: `print-${nextPrintId++}`, method: 'print', params: { content: stdout.replace(/\n$/, '') } });
        return result;
      }
      case 'applyMigrations':
        try {
          return await (await getEngine()).applyMigrations(params);
        } catch (error) {
          const { describeFailedMigration } = await import('./wasm-engine.mjs');
          throw describeFailedMigration(error);
        }
      case 'createMigration':
      case 'evaluateDataLoss':
        return withWarmMigrationCache(method, params);
      case 'dbExecute':
      case 'debugPanic':
      case 'devDiagnostic':
      case 'diagnoseMigrationHistory':
      case 'ensureConnectionValidity':
      case 'introspect':
      case 'introspectSql':
      case 'markMigrationApplied':
      case 'markMigrationRolledBack':
      case 'reset':
      case 'schemaPush': {
        const engine = await getEngine();
        return engine[method](params); // called on the engine: the Wasm methods need their `this`
      }
      default:
        throw Object.assign(new Error(`Method not supported by the schema engine stand-in: ${method}`), { rpcCode: -32601 });
    }
  }

  /**
   * `migrate dev` on a database that was behind: createMigration and evaluateDataLoss take the
   * schema of the migration history from a cache that devDiagnostic fills, keyed by the list of
   * migrations. On a miss, the Wasm engine (unlike the binary) cannot make a shadow database of its
   * own and fails with "PostgreSQL shadow DB must be provided through an external factory". The
   * CLI's devDiagnostic ran before it applied the pending migrations, so the key differs. Running
   * devDiagnostic again now — read-only, and given our adapter factory — fills the cache.
   */
  async function withWarmMigrationCache(method, params) {
    const engine = await getEngine();
    try {
      return await engine[method](params);
    } catch (error) {
      if (!/shadow DB must be provided through an external factory/.test(String(error?.message))) throw error;
      await engine.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters });
      return engine[method](params);
    }
  }

  async function rpcError(error) {
    const { toRpcError } = await import('./wasm-engine.mjs').catch(() => ({ toRpcError: undefined }));
    if (toRpcError) return toRpcError(error);
    return { code: -32603, message: 'Internal error', data: { is_panic: false, message: String(error?.message ?? error) } };
  }
}
