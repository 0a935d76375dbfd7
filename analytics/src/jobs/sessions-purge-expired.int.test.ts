import { beforeEach, describe, expect, it } from 'vitest';
import { factories, useTestDatabase } from '../test/harness.ts';
import { runJob } from './registry.ts';

const HOUR = 3_600_000;
const t = useTestDatabase();
const make = factories(() => t.db);

async function sessionIds() {
  return (await t.db.session.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((s) => s.id);
}

describe('sessions:purge-expired', () => {
  beforeEach(() => t.db.session.deleteMany());

  it('deletes expired sessions and keeps live ones, and a second run changes nothing', async () => {
    const account = await make.account();
    const expired = [await make.session(account.id, -HOUR), await make.session(account.id, -1)];
    const live = [await make.session(account.id, HOUR), await make.session(account.id, 14 * 24 * HOUR)];

    expect(await runJob('sessions:purge-expired', {}, t.deps)).toEqual({ deleted: expired.length });
    const after = await sessionIds();
    expect(after).toEqual(live.map((s) => s.id).sort());

    expect(await runJob('sessions:purge-expired', {}, t.deps)).toEqual({ deleted: 0 });
    expect(await sessionIds()).toEqual(after);
  });

  it('works through a backlog larger than one batch', async () => {
    const account = await make.account();
    for (let i = 0; i < 5; i += 1) await make.session(account.id, -HOUR - i);
    const live = await make.session(account.id, HOUR);

    expect(await runJob('sessions:purge-expired', { batchSize: 2 }, t.deps)).toEqual({ deleted: 5 });
    expect(await sessionIds()).toEqual([live.id]);
  });
});
