/**
 * The real worker process with one fault injected: every report build waits (argv[2] ms, a minute
 * by default) before it commits, so that a fault test can kill it mid-build. Test code only.
 */
import { runWorkerProcess } from '../worker-process.ts';

const delay = Number(process.argv[2] ?? 60_000);
await runWorkerProcess({ beforeCommit: () => new Promise<void>((resolve) => setTimeout(resolve, delay)) });
