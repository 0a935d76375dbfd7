/**
 * RSA private-key operations on worker threads. A blind signature is ~0.4 ms of CPU, and a token
 * or an answer (its receipt) needs one: done on the event loop it was a third of the API's CPU per
 * token, and the event loop is one thread (docs/performance.md, "Writes, seventh pass"). On a
 * worker the event loop only pays the messages (~0.03 ms) and serves other requests meanwhile.
 *
 * The workers compute s = m^d mod n and nothing else: the input checks before it and the s^e = m
 * check after it stay in signer.ts, on the event loop. A private key crosses to a worker once (a
 * KeyObject is cloned by postMessage) and is kept there by number, as long as the process lives.
 * `SIGNING_THREADS=0` signs on the event loop, as before.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { KeyObject } from 'node:crypto';

/** The worker's code: CommonJS, evaluated as is (no loader needed in production or under tsx). */
const WORKER = `
const { parentPort } = require('node:worker_threads');
const { constants, privateDecrypt } = require('node:crypto');
const keys = new Map();
parentPort.on('message', ({ id, keyId, key, m }) => {
  try {
    if (key) keys.set(keyId, key);
    const s = privateDecrypt({ key: keys.get(keyId), padding: constants.RSA_NO_PADDING }, Buffer.from(m.buffer, m.byteOffset, m.byteLength));
    parentPort.postMessage({ id, s });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message) });
  }
});
`;

interface Pending {
  resolve: (s: Buffer) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  /** Keys this worker holds. */
  keys: Set<number>;
  pending: Map<number, Pending>;
}

const keyIds = new WeakMap<KeyObject, number>();
let nextKeyId = 0;
let nextRequest = 0;

function startThread(): Thread {
  const thread: Thread = { worker: new Worker(WORKER, { eval: true }), keys: new Set(), pending: new Map() };
  thread.worker.unref();
  thread.worker.on('message', ({ id, s, error }: { id: number; s?: Uint8Array; error?: string }) => {
    const waiting = thread.pending.get(id);
    if (!waiting) return;
    thread.pending.delete(id);
    if (s) waiting.resolve(Buffer.from(s.buffer, s.byteOffset, s.byteLength));
    else waiting.reject(new Error(`RSA private-key operation failed: ${error}`));
  });
  // A worker that dies fails what it held and leaves the pool; the next request starts another in its place.
  const fail = (error: Error) => {
    for (const waiting of thread.pending.values()) waiting.reject(error);
    thread.pending.clear();
    threads = threads.filter((t) => t !== thread);
  };
  thread.worker.on('error', fail);
  thread.worker.on('exit', (code) => fail(new Error(`the signing thread exited (${code})`)));
  return thread;
}

let threads: Thread[] = [];
let size = Math.max(1, Math.min(4, availableParallelism() - 1));
let turn = 0;

/** How many signing threads to run (main.ts sets SIGNING_THREADS); 0 signs on the event loop. Ends the current ones. */
export function setSigningThreads(n: number): void {
  for (const thread of threads) void thread.worker.terminate();
  threads = [];
  size = n;
}

/** Whether private-key operations go to worker threads. */
export function signingOffThread(): boolean {
  return size > 0;
}

/** m^d mod n (RSA without padding) on a signing thread, for a message already checked. */
export function privateOperation(privateKey: KeyObject, m: Uint8Array): Promise<Buffer> {
  let keyId = keyIds.get(privateKey);
  if (keyId === undefined) keyIds.set(privateKey, (keyId = ++nextKeyId));
  if (threads.length < size) threads.push(startThread());
  const thread = threads[turn++ % threads.length]!;
  const id = ++nextRequest;
  const sendKey = !thread.keys.has(keyId);
  if (sendKey) thread.keys.add(keyId);
  return new Promise<Buffer>((resolve, reject) => {
    thread.pending.set(id, { resolve, reject });
    thread.worker.postMessage({ id, keyId, key: sendKey ? privateKey : undefined, m });
  });
}
