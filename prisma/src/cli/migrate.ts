/**
 * `pnpm db:migrate` / `pnpm db:reset` / `pnpm --filter @consilium/db drift`.
 *
 *   tsx src/cli/migrate.ts deploy   create the database if needed, apply pending migrations
 *   tsx src/cli/migrate.ts reset    drop, recreate and migrate the database (no seed)
 *   tsx src/cli/migrate.ts drift    check that migrations/ builds exactly what schema.prisma says
 *
 * DATABASE_URL picks the database (default: the local development one). Failures print one
 * clear message and exit 1, without a stack trace.
 */
import { checkDrift, maskUrl, migrateDeploy, resetDatabase } from '../migrate.ts';

// DEFAULT_DATABASE_URL of ../index.ts, not imported from there: that would load the generated
// client, which need not exist yet (and is slow to load) when all we do is migrate.
const url = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/consilium';
const command = process.argv[2];
const where = maskUrl(url);

async function main(): Promise<void> {
  const started = performance.now();
  const took = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
  switch (command) {
    case 'deploy':
      console.log(`Applying migrations to ${where} …`);
      await migrateDeploy(url);
      console.log(`Database is up to date (${took()}).`);
      return;
    case 'reset':
      if (process.env.NODE_ENV === 'production') {
        throw new Error('Refusing to reset a database with NODE_ENV=production.');
      }
      console.log(`Resetting ${where}: drop, recreate, migrate …`);
      await resetDatabase(url);
      console.log(`Database reset and migrated (${took()}). It is empty: no seed was run.`);
      return;
    case 'drift': {
      console.log('Comparing migrations/ (replayed into a temporary shadow database) with schema.prisma …');
      const { ok, output } = await checkDrift(url);
      if (ok) {
        console.log(`No drift: the migrations match schema.prisma (${took()}).`);
        return;
      }
      throw new Error(
        `Drift: the migrations do not build what schema.prisma describes.\n${output}\n` +
          'Create the missing migration with: pnpm --filter @consilium/db migrate:new <name>',
      );
    }
    default:
      throw new Error('Usage: tsx src/cli/migrate.ts deploy|reset|drift');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
