/**
 * Calls to the stack's GraphQL API, for setting up what a test does not drive through pages:
 * physicians with a verified licence, made as the product makes them (register, submit a
 * licence, an admin approves it).
 */
import { randomBytes } from 'node:crypto';
import type { Stack } from './harness.ts';

export const PASSWORD = 'stethoscope lantern harbour 42';

export async function gql<T>(stack: Stack, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(stack.apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`API: ${JSON.stringify(body.errors)}`);
  return body.data;
}

export async function apiLogin(stack: Stack, email: string, password = PASSWORD): Promise<string> {
  const data = await gql<{ login: { token: string } }>(
    stack,
    'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
    { e: email, p: password },
  );
  return data.login.token;
}

/** The Luhn check digit that makes `payload` + digit valid (RPPS numbers end with one). */
function luhnDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A valid RPPS number that no registry extract of the fixtures lists. */
export function rppsNumber(): string {
  const payload = `2${String(randomBytes(4).readUInt32BE() % 1_000_000_000).padStart(9, '0')}`;
  return payload + luhnDigit(payload);
}

export interface Badge {
  specialty: string;
  region?: string;
  practiceStartYear?: number;
}

/** A French physician whose licence an admin approved; resolves with their e-mail. */
export async function verifiedPhysician(stack: Stack, adminToken: string, badge: Badge): Promise<string> {
  const email = `dr.${badge.specialty}.${randomBytes(4).toString('hex')}@example.fr`;
  const { register } = await gql<{ register: { token: string } }>(
    stack,
    'mutation ($i: RegisterInput!) { register(input: $i) { token } }',
    { i: { email, password: PASSWORD, role: 'PHYSICIAN' } },
  );
  const { submitCredential } = await gql<{ submitCredential: { id: string } }>(
    stack,
    'mutation ($i: CredentialInput!) { submitCredential(input: $i) { id } }',
    {
      i: {
        country: 'FR',
        registry: 'RPPS',
        licenseNumber: rppsNumber(),
        specialty: badge.specialty,
        region: badge.region ?? null,
        practiceStartYear: badge.practiceStartYear ?? 2012,
      },
    },
    register.token,
  );
  await gql(stack, 'mutation ($id: ID!) { reviewCredential(id: $id, approve: true) { id } }', { id: submitCredential.id }, adminToken);
  return email;
}
