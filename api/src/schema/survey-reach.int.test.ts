/**
 * `surveyReach` as an attacker would use it: two nested targetings that differ by one physician,
 * asked one after the other, must not tell that physician apart; and asking the same question
 * over and over (to find where a count crosses a rounding step) is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.ts';

const REACH = 'query ($t: TargetingInput!) { surveyReach(targeting: $t) { verifiedPhysicians enough } }';

// RATE_LIMIT_SCALE 0.05: 6 reach questions per client and hour.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '0.05' });
  const year = new Date().getUTCFullYear();
  // 24 Luxembourg cardiologists of twenty years' practice, in Luxembourg city …
  for (let i = 0; i < 24; i++) await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'LU', region: 'Luxembourg', practiceStartYear: year - 20 });
  // … and the one the attacker is after: two years in practice, in Esch.
  await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'LU', region: 'Esch', practiceStartYear: year - 2 });
});
afterAll(() => t.close());

describe('reach cannot be differenced', () => {
  it('gives the same answer for nested targetings that differ by one physician (25 and 24 both read 20)', async () => {
    const client = await t.make.client();
    const ask = async (targeting: Record<string, unknown>) => {
      const res = await t.gql<{ surveyReach: unknown }>(REACH, { t: targeting }, { token: client.token });
      expect(res.errors).toBeUndefined();
      return res.data!.surveyReach;
    };
    const all = await ask({ countries: ['LU'], specialties: ['cardiology'] });
    const seniors = await ask({ countries: ['LU'], specialties: ['cardiology'], minYearsInPractice: 10 });
    const city = await ask({ countries: ['LU'], specialties: ['cardiology'], regions: ['Luxembourg'] });
    expect(all).toEqual({ verifiedPhysicians: 20, enough: true });
    expect(seniors).toEqual(all);
    expect(city).toEqual(all);
  });

  it('refuses a client past its limit with RATE_LIMITED, and counts each client apart', async () => {
    const prober = await t.make.client();
    for (let i = 0; i < 6; i++) {
      const res = await t.gql(REACH, { t: { countries: ['LU'], minYearsInPractice: i } }, { token: prober.token });
      expect(res.errors).toBeUndefined();
    }
    const refused = await t.gql(REACH, { t: { countries: ['LU'] } }, { token: prober.token });
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(refused.data).toBeNull();
    const other = await t.make.client();
    expect((await t.gql(REACH, { t: { countries: ['LU'] } }, { token: other.token })).errors).toBeUndefined();
  });
});
