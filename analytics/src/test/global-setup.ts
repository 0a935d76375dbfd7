import { dropStaleTestDatabases } from '@consilium/db/testing';

/** Removes databases left by interrupted runs; each test file then makes its own. */
export default async function setup() {
  await dropStaleTestDatabases();
}
