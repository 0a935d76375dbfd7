// Loads @prisma/schema-engine-wasm — the WebAssembly build of Prisma's schema engine — by hand.
//
// Why by hand: the package's main entry does `import * as wasm from "./schema_engine_bg.wasm"`,
// an ESM-integration import that Node 20 cannot do. Its glue module (schema_engine_bg.js) is
// plain JS, so we compile the .wasm ourselves and hand the instance to the glue, which is all the
// main entry does.
//
// The package version must match the CLI: 7.10.0-4.0edf323… for prisma 7.10.0 (the suffix is the
// CLI's @prisma/engines-version hash). A mismatch can change JSON-RPC shapes silently.
import { readFile } from 'node:fs/promises';

/**
 * The wasm engine reports the reason of a Rust panic through this global just before trapping
 * (`RuntimeError: unreachable`); without it the reason is lost, and without the global at all the
 * panic hook itself throws.
 */
class WasmPanicRegistry {
  message = '';
  get() {
    return this.message;
  }
  set_message(value) {
    this.message = String(value);
  }
}
globalThis.PRISMA_WASM_PANIC_REGISTRY ??= new WasmPanicRegistry();

/** @returns {string} the message of the last Wasm panic, or '' */
export function lastPanicMessage() {
  return globalThis.PRISMA_WASM_PANIC_REGISTRY.get();
}

/** True for the error a Wasm trap raises (how a Rust panic surfaces in JS). */
export function isWasmPanic(error) {
  return error instanceof WebAssembly.RuntimeError;
}

let gluePromise;

/** Compiles and instantiates the Wasm module once; returns the glue module (SchemaEngine, version). */
export function loadSchemaEngineWasm() {
  gluePromise ??= (async () => {
    const glueUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = await import(glueUrl);
    const bytes = await readFile(new URL('./schema_engine_bg.wasm', glueUrl));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    return glue;
  })();
  return gluePromise;
}

/**
 * Turns whatever a request threw into the `error` of a JSON-RPC answer, shaped like the binary's:
 * the CLI shows `data.message`, prefixed with `data.error_code` (P1001, P3018…) when there is one,
 * and treats `data.is_panic` as an engine crash.
 */
export function toRpcError(error) {
  if (error?.rpcCode) return { code: error.rpcCode, message: error.message };
  if (isWasmPanic(error)) {
    const message = lastPanicMessage() || String(error.message);
    return { code: 4466, message, data: { is_panic: true, message, backtrace: null } };
  }
  const data = { is_panic: false, message: String(error?.message ?? error) };
  // User-facing engine errors carry Prisma's code; so do ours from describeConnectionError.
  if (typeof error?.code === 'string' && /^P\d{4}$/.test(error.code)) {
    data.error_code = error.code;
    if (error.meta) data.meta = error.meta;
  }
  return { code: 4466, message: 'An error happened. Check the data field for details.', data };
}

/**
 * The binary reports a migration whose SQL fails as P3018 with the migration's name; the Wasm build
 * throws a bare SchemaConnectorError ("external connector error\nError querying the database: …"
 * followed by a Rust span trace that names the migration). Give it the binary's shape back.
 */
export function describeFailedMigration(error) {
  const message = String(error?.message ?? '');
  const name = /apply_script\s+with migration_name="([^"]+)"/.exec(message)?.[1];
  if (error?.name !== 'SchemaConnectorError' || !name) return error;
  const dbError = message.split(/\n\s+0: /)[0].replace(/^external connector error\n/, '').replace(/^Error querying the database: /, '');
  return Object.assign(
    new Error(
      'A migration failed to apply. New migrations cannot be applied before the error is recovered from. ' +
        'Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n' +
        `Migration name: ${name}\n\nDatabase error:\n${dbError}\n\n` +
        'Unless its SQL commits by itself, the migration ran as one transaction and none of it was applied.',
    ),
    { code: 'P3018' },
  );
}
