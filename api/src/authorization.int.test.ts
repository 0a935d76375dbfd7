/**
 * The authorization table: every operation of the schema, every kind of caller, and whether
 * the call is allowed or fails with UNAUTHENTICATED / FORBIDDEN. Each issue adds its operations
 * and callers here; a test fails when an operation of the schema has no row.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from './schema/index.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from './test/harness.ts';

type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';
const CALLERS = ['anonymous', 'physician', 'client', 'admin'] as const;
type Caller = (typeof CALLERS)[number];

interface Row {
  operation: string;
  call: (t: TestApp) => Promise<{ query: string; variables?: Record<string, unknown> }>;
  expected: Record<Caller, Outcome>;
}

const everyone: Record<Caller, Outcome> = { anonymous: 'ok', physician: 'ok', client: 'ok', admin: 'ok' };
const loggedIn: Record<Caller, Outcome> = { anonymous: 'UNAUTHENTICATED', physician: 'ok', client: 'ok', admin: 'ok' };
const unique = () => randomBytes(4).toString('hex');

const TABLE: Row[] = [
  { operation: 'Query.me', call: async () => ({ query: '{ me { id } }' }), expected: everyone },
  {
    operation: 'Mutation.register',
    call: async () => ({
      query: 'mutation ($i: RegisterInput!) { register(input: $i) { token } }',
      variables: { i: { email: `new-${unique()}@example.org`, password: 'glacier-violet-teapot-1987', role: 'PHYSICIAN' } },
    }),
    expected: everyone,
  },
  {
    operation: 'Mutation.login',
    call: async (t) => {
      const { account } = await t.make.physician();
      return { query: 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: account.email, p: TEST_PASSWORD } };
    },
    expected: everyone,
  },
  { operation: 'Mutation.logout', call: async () => ({ query: 'mutation { logout }' }), expected: loggedIn },
  { operation: 'Mutation.logoutEverywhere', call: async () => ({ query: 'mutation { logoutEverywhere }' }), expected: loggedIn },
];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
});
afterAll(() => t.close());

async function tokenFor(caller: Caller): Promise<string | undefined> {
  if (caller === 'anonymous') return undefined;
  return (await t.make[caller]()).token;
}

describe('authorization table', () => {
  it('has a row for every query and mutation of the schema', () => {
    const operations = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `Mutation.${f}`),
    ];
    expect(operations.filter((op) => !TABLE.some((row) => row.operation === op))).toEqual([]);
  });

  for (const row of TABLE) {
    for (const caller of CALLERS) {
      it(`${row.operation} as ${caller}: ${row.expected[caller]}`, async () => {
        const { query, variables } = await row.call(t);
        const res = await t.gql(query, variables, { token: await tokenFor(caller), ip: `192.0.2.${Math.floor(Math.random() * 250)}` });
        const code = res.errors?.[0]?.extensions?.code;
        if (row.expected[caller] === 'ok') {
          expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
        } else {
          expect(code).toBe(row.expected[caller]);
          expect(res.data).toBeNull();
        }
      });
    }
  }
});
