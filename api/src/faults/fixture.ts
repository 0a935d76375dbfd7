/** What a fault's load needs, made before the fault: a survey with tokens taken, a thread, accounts to log in. */
import { randomBytes } from 'node:crypto';
import { gqlAt } from '../cluster/cluster.ts';
import type { TestApp } from '../test/harness.ts';
import { postThread } from '../test/discussion.ts';
import { createSession } from '../domain/sessions.ts';
import { answer, answersFor, openSurvey, takeToken, type TakenToken } from '../test/surveys.ts';
import type { LoadPlan, Op } from './load.ts';

/** `answers` physicians take a token each through the process at `port`; one of them writes the replies. */
export async function loadPlan(t: TestApp, port: number, answers: number): Promise<LoadPlan> {
  const via: TestApp = { ...t, gql: gqlAt(port) };
  const survey = await openSurvey(t, { sampleSize: 10_000 });
  const physicians = [];
  for (let i = 0; i < answers; i++) physicians.push(await t.make.verifiedPhysician());
  const tokens: TakenToken[] = [];
  for (const physician of physicians) tokens.push(await takeToken(via, survey, physician));
  const writer = physicians[0]!;
  const thread = await postThread(via, writer.token);
  const tag = `fault-${randomBytes(4).toString('hex')}`;
  const loginEmails = [];
  for (let i = 0; i < 3; i++) loginEmails.push((await t.make.physician(`${tag}-${i}@example.org`)).account.email);
  return { survey, tokens, threadId: thread.id, writerToken: writer.token, loginEmails, tag };
}

/**
 * Surveys whose three physicians have all answered (through the process at `port`): closing one
 * makes its report due at once, and the API queues its build.
 */
export async function answeredSurveys(t: TestApp, port: number, count: number) {
  const via: TestApp = { ...t, gql: gqlAt(port) };
  const made = [];
  for (let i = 0; i < count; i++) {
    const survey = await openSurvey(t, { sampleSize: 50 });
    for (let n = 0; n < 3; n++) {
      const { res } = await answer(via, survey, await takeToken(via, survey, await t.make.verifiedPhysician()), answersFor(survey, n % 2, 10 + n));
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
    made.push({ survey, clientToken: (await createSession(t.db, survey.createdById, 1)).token });
  }
  return made;
}

/**
 * Which acknowledged requests are there afterwards, read from the database (the session of a
 * login is its token's hash, so a login is looked for through the API: its token still works).
 */
export function finder(t: TestApp, plan: LoadPlan, port: () => number) {
  return async (op: Op, ids: string[]): Promise<Set<string>> => {
    if (op === 'answer') {
      const spent = await t.db.spentToken.findMany({ where: { surveyId: plan.survey.id }, select: { message: true } });
      const messages = new Set(spent.map((s) => Buffer.from(s.message).toString('base64url')));
      return new Set(ids.filter((id) => messages.has(id)));
    }
    if (op === 'post') {
      const posts = await t.db.post.findMany({ where: { threadId: plan.threadId, body: { in: ids } }, select: { body: true } });
      return new Set(posts.map((p) => p.body));
    }
    const me = gqlAt(port());
    const working = new Set<string>();
    for (const token of ids) if ((await me<{ me: { id: string } | null }>('{ me { id } }', {}, { token })).data?.me) working.add(token);
    return working;
  };
}
