import { buildWeb } from './harness.ts';

/** Builds the web app once for every end-to-end test file of the run. */
export default async function setup(): Promise<void> {
  await buildWeb();
}
