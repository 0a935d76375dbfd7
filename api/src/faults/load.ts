/**
 * The small load each fault runs under: anonymous answers (each with a token taken beforehand),
 * replies in a thread (each body unique, so that it can be looked for afterwards) and logins,
 * sent in turn by a few concurrent clients straight to an API process. Every response is kept:
 * the suite counts what was acknowledged, and checks how the refusals were made.
 */
import { prepareAndBlind } from '../domain/blind-signatures/client.ts';
import { TEST_PASSWORD } from '../test/harness.ts';
import { answersFor, SUBMIT, type OpenSurvey, type TakenToken } from '../test/surveys.ts';

export type Op = 'answer' | 'post' | 'login';

export interface Outcome {
  op: Op;
  status: number;
  code: string | undefined;
  retryAfter: string | null;
  text: string;
  acknowledged: boolean;
  /** What the request carried that identifies it afterwards: the token's message, the reply's body, the new session token. */
  id: string;
}

export interface Sent {
  status: number;
  retryAfter: string | null;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | null;
}

/** One GraphQL POST to a process; a refused connection is status 0. */
export async function send(port: number, query: string, variables: Record<string, unknown>, token?: string, headers: Record<string, string> = {}): Promise<Sent> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: Sent['body'] = null;
    try {
      body = JSON.parse(text) as Sent['body'];
    } catch {
      // kept as text: a refusal that is not GraphQL's JSON is itself a finding
    }
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text, body };
  } catch (err) {
    return { status: 0, retryAfter: null, text: String((err as Error).message), body: null };
  }
}

const REPLY = 'mutation ($i: ReplyInput!) { reply(input: $i) { id } }';
const LOGIN = 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';

export interface LoadPlan {
  survey: OpenSurvey;
  /** Tokens to answer with, one answer each; when they run out, the answer's turn goes to a reply. */
  tokens: TakenToken[];
  /** Where replies go, and who writes them. */
  threadId: string;
  writerToken: string;
  /** E-mails of accounts whose password is TEST_PASSWORD. */
  loginEmails: string[];
  /** A tag that makes this fault's replies its own. */
  tag: string;
  clients?: number;
  /** The kinds of request sent, in turn (all three unless told). */
  ops?: Op[];
}

export interface Load {
  outcomes: Outcome[];
  /** Waits until at least `n` more requests have been answered. */
  answered(n: number): Promise<void>;
  stop(): Promise<Outcome[]>;
}

/** Starts the load against `port()` (read at each request: a test may move it to another process). */
export function startLoad(port: () => number, plan: LoadPlan): Load {
  const outcomes: Outcome[] = [];
  let running = true;
  let next = 0;
  const tokensLeft = [...plan.tokens];

  async function one(n: number): Promise<Outcome> {
    const ops = plan.ops ?? ['answer', 'post', 'login'];
    const op = ops[n % ops.length]!;
    if (op === 'answer' && tokensLeft.length > 0) {
      const taken = tokensLeft.shift()!;
      const receipt = await prepareAndBlind(plan.survey.receiptPublicKey!);
      const input = { surveyId: plan.survey.id, segment: taken.segment, token: taken.token, answers: answersFor(plan.survey, n % 2, n % 300), receiptBlindedMessage: receipt.blindedMessage };
      return outcome('answer', taken.token.message, await send(port(), SUBMIT, { i: input }), (d) => Boolean(d?.submitSurveyResponse));
    }
    if (op === 'login') {
      const sent = await send(port(), LOGIN, { e: plan.loginEmails[n % plan.loginEmails.length], p: TEST_PASSWORD });
      const token = (sent.body?.data?.login as { token?: string } | undefined)?.token ?? '';
      return outcome('login', token, sent, () => Boolean(token));
    }
    const body = `${plan.tag} reply ${n}`;
    // With an Idempotency-Key, as the web's forms send one.
    const sent = await send(port(), REPLY, { i: { threadId: plan.threadId, body } }, plan.writerToken, { 'idempotency-key': `${plan.tag}-reply-${n}-key` });
    return outcome('post', body, sent, (d) => Boolean(d?.reply));
  }

  const clients = Array.from({ length: plan.clients ?? 4 }, async () => {
    while (running) {
      outcomes.push(await one(next++));
      // A small load on a shared 2-core machine: a pause between requests of each client.
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  });

  return {
    outcomes,
    async answered(n) {
      const target = outcomes.length + n;
      while (outcomes.length < target) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    async stop() {
      running = false;
      await Promise.all(clients);
      return outcomes;
    },
  };
}

function outcome(op: Op, id: string, sent: Sent, ok: (data: Record<string, unknown> | null | undefined) => boolean): Outcome {
  const acknowledged = sent.status === 200 && !sent.body?.errors?.length && ok(sent.body?.data);
  const code = sent.body?.errors?.[0]?.extensions?.code as string | undefined;
  return { op, status: sent.status, code, retryAfter: sent.retryAfter, text: sent.text, acknowledged, id };
}

export interface Tally {
  sent: number;
  acknowledged: number;
  found: number;
  lost: number;
}

/** Counts per kind of request: `found(op, ids)` says which acknowledged ones are there afterwards. */
export async function tally(outcomes: Outcome[], found: (op: Op, ids: string[]) => Promise<Set<string>>): Promise<Record<Op, Tally>> {
  const result = {} as Record<Op, Tally>;
  for (const op of ['answer', 'post', 'login'] as const) {
    const mine = outcomes.filter((o) => o.op === op);
    const acked = mine.filter((o) => o.acknowledged).map((o) => o.id);
    const there = await found(op, acked);
    result[op] = { sent: mine.length, acknowledged: acked.length, found: there.size, lost: acked.filter((id) => !there.has(id)).length };
  }
  return result;
}

/** The line each fault prints, and the row of docs/operations.md's table. */
export function faultLine(fault: string, load: string, counts: Partial<Record<Op, Tally>>): string {
  const parts = Object.entries(counts).map(([op, c]) => `${op}s ${c.sent} sent / ${c.acknowledged} acknowledged / ${c.found} found / ${c.lost} lost`);
  const lost = Object.values(counts).reduce((n, c) => n + c.lost, 0);
  return `fault: ${fault} | load: ${load} | ${parts.join('; ')} | lost: ${lost}`;
}

/** What a refusal must never carry: a stack, a driver's or an engine's message, a connection detail. */
export const LEAK = /\bat [\w.<>]+ \(|node_modules|prisma|ECONNREFUSED|ECONNRESET|127\.0\.0\.1|postgres|ioredis|stack/i;
