/** The analytics worker. */
import { runWorkerProcess } from './worker-process.ts';

await runWorkerProcess();
