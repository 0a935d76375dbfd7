/** Ask a specialist: who is notified, quiet hours, the specialist mark, solving, the median answer time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postReply } from '../test/discussion.ts';
import { createTestApp, type TestApp } from '../test/harness.ts';

type Physician = Awaited<ReturnType<TestApp['make']['verifiedPhysician']>>;
let t: TestApp;
let gp: Physician;
let cardioIn: Physician;
let cardioOut: Physician;
let cardioNever: Physician;
let cardioBe: Physician;
let cardioQuiet: Physician;
let neuroIn: Physician;
const K = 2;

const ASK = `mutation ($i: AskSpecialistInput!) { askSpecialist(input: $i) { id room question { specialty country urgency status helpfulPostId outcome } } }`;
const OPT = `mutation ($i: SpecialistAvailabilityInput!) { setSpecialistAvailability(input: $i) { specialty optedIn quietStartHour quietEndHour timeZone } }`;
const NOTIFS = `{ notifications(first: 50) { unreadCount edges { node { kind postId threadId urgent } } } }`;
const THREAD = `query ($id: ID!) { thread(id: $id) { id question { status helpfulPostId outcome urgency } replies { edges { node { id fromAddressedSpecialty author { specialty } } } } } }`;
const MEDIAN = `query ($s: String!) { specialtyAnswerTime(specialty: $s) }`;

type Notifs = { notifications: { unreadCount: number; edges: Array<{ node: { kind: string; postId: string; threadId: string; urgent: boolean } }> } };

async function ask(token: string, input: Record<string, unknown>) {
  const res = await t.gql<{ askSpecialist: { id: string; room: string; question: Record<string, unknown> } }>(ASK, {
    i: { specialty: 'cardiology', urgency: 'ROUTINE', title: 'Syncope in a 40 year old', body: 'Normal ECG, what next?', ...input },
  }, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.askSpecialist;
}
async function optIn(token: string, input: Record<string, unknown> = {}) {
  const res = await t.gql(OPT, { i: { optedIn: true, ...input } }, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}
async function notifiedOf(token: string, threadId: string) {
  const res = await t.gql<Notifs>(NOTIFS, {}, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.notifications.edges.map((e) => e.node).filter((n) => n.threadId === threadId && n.kind === 'SPECIALIST_QUESTION');
}

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100', REPORT_K: String(K) });
  gp = await t.make.verifiedPhysician({ specialty: 'general-practice', country: 'FR' });
  cardioIn = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR' });
  cardioOut = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR' });
  cardioNever = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR' });
  cardioBe = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'BE' });
  cardioQuiet = await t.make.verifiedPhysician({ specialty: 'cardiology', country: 'FR' });
  neuroIn = await t.make.verifiedPhysician({ specialty: 'neurology', country: 'FR' });
  await optIn(cardioIn.token, { timeZone: 'Europe/Paris' });
  await optIn(cardioOut.token);
  await optIn(cardioOut.token, { optedIn: false });
  await optIn(cardioBe.token);
  await optIn(neuroIn.token);
  // Quiet now, whatever the hour: from this UTC hour to two hours later.
  const hour = new Date().getUTCHours();
  await optIn(cardioQuiet.token, { quietStartHour: hour, quietEndHour: (hour + 2) % 24, timeZone: 'UTC' });
});
afterAll(() => t.close());

describe('asking a specialist', () => {
  it('notifies the opted-in physicians of the specialty only, and of the country when one is given', async () => {
    const q = await ask(gp.token, { urgency: 'URGENT' });
    expect(q.room).toBe('cardiology');
    expect(q.question).toMatchObject({ specialty: 'cardiology', country: null, urgency: 'URGENT', status: 'OPEN' });
    expect(await notifiedOf(cardioIn.token, q.id)).toEqual([{ kind: 'SPECIALIST_QUESTION', postId: q.id, threadId: q.id, urgent: true }]);
    expect(await notifiedOf(cardioBe.token, q.id)).toHaveLength(1);
    expect(await notifiedOf(cardioQuiet.token, q.id), 'urgent: not held back by quiet hours').toHaveLength(1);
    expect(await notifiedOf(cardioOut.token, q.id), 'opted out').toHaveLength(0);
    expect(await notifiedOf(cardioNever.token, q.id), 'never opted in').toHaveLength(0);
    expect(await notifiedOf(neuroIn.token, q.id), 'other specialty').toHaveLength(0);
    expect(await notifiedOf(gp.token, q.id), 'the asker').toHaveLength(0);

    const fr = await ask(gp.token, { country: 'fr', urgency: 'URGENT' });
    expect(fr.question.country).toBe('FR');
    expect(await notifiedOf(cardioIn.token, fr.id)).toHaveLength(1);
    expect(await notifiedOf(cardioBe.token, fr.id), 'other country').toHaveLength(0);
  });

  it('holds a routine question back until a specialist’s quiet hours end, but not an urgent one', async () => {
    const before = (await t.gql<Notifs>(NOTIFS, {}, { token: cardioQuiet.token })).data!.notifications.unreadCount;
    const q = await ask(gp.token, { urgency: 'ROUTINE' });
    expect(await notifiedOf(cardioIn.token, q.id)).toEqual([expect.objectContaining({ urgent: false })]);
    expect(await notifiedOf(cardioQuiet.token, q.id), 'in quiet hours').toHaveLength(0);
    expect((await t.gql<Notifs>(NOTIFS, {}, { token: cardioQuiet.token })).data!.notifications.unreadCount).toBe(before);
    // Waiting, with its time at the end of the quiet hours (a whole UTC hour, 1 or 2 hours on).
    const held = await t.db.notification.findMany({ where: { postId: q.id, kind: 'SPECIALIST_QUESTION' }, select: { createdAt: true } });
    const later = held.filter((n) => n.createdAt.getTime() > Date.now());
    expect(later).toHaveLength(1);
    expect(later[0]!.createdAt.getUTCMinutes()).toBe(0);
    expect(later[0]!.createdAt.getUTCHours()).toBe((new Date().getUTCHours() + 2) % 24);
    // Once its time comes it shows, unread.
    await t.db.notification.updateMany({ where: { postId: q.id, createdAt: { gt: new Date() } }, data: { createdAt: new Date(Date.now() - 1000) } });
    expect(await notifiedOf(cardioQuiet.token, q.id)).toHaveLength(1);
    expect((await t.gql<Notifs>(NOTIFS, {}, { token: cardioQuiet.token })).data!.notifications.unreadCount).toBe(before + 1);
  });

  it('refuses an opt-in with half of the quiet hours or an unknown time zone, changing nothing', async () => {
    const half = await t.gql(OPT, { i: { optedIn: true, quietStartHour: 22 } }, { token: cardioNever.token });
    expect(half.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quietEndHour' });
    const zone = await t.gql(OPT, { i: { optedIn: true, timeZone: 'Mars/Olympus' } }, { token: cardioNever.token });
    expect(zone.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await t.gql<{ mySpecialistAvailability: null }>('{ mySpecialistAvailability { optedIn } }', {}, { token: cardioNever.token })).toMatchObject({ data: { mySpecialistAvailability: null } });
  });
});

describe('answers, the helpful mark and solving', () => {
  it('marks answers from the addressed specialty; only the asker marks the helpful one, solves and reopens', async () => {
    const q = await ask(gp.token, {});
    const fromCardio = await postReply(t, cardioIn.token, q.id, 'Holter monitoring first.');
    await postReply(t, neuroIn.token, q.id, 'Consider an EEG.');
    const thread = await t.gql<{ thread: { replies: { edges: Array<{ node: { id: string; fromAddressedSpecialty: boolean; author: { specialty: string } } }> } } }>(THREAD, { id: q.id }, { token: gp.token });
    expect(thread.data!.thread.replies.edges.map((e) => [e.node.author.specialty, e.node.fromAddressedSpecialty])).toEqual([['cardiology', true], ['neurology', false]]);

    const MARK = 'mutation ($t: ID!, $p: ID) { markHelpfulAnswer(threadId: $t, postId: $p) { question { helpfulPostId } } }';
    const SOLVE = 'mutation ($t: ID!, $o: String!) { solveQuestion(threadId: $t, outcome: $o) { question { status outcome } } }';
    const REOPEN = 'mutation ($t: ID!) { reopenQuestion(threadId: $t) { question { status } } }';
    for (const who of [cardioIn, neuroIn]) {
      expect((await t.gql(MARK, { t: q.id, p: fromCardio.id }, { token: who.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(SOLVE, { t: q.id, o: 'Solved by someone else' }, { token: who.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await t.gql(MARK, { t: q.id, p: q.id }, { token: gp.token })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'postId' });
    expect((await t.gql(SOLVE, { t: q.id, o: 'x'.repeat(501) }, { token: gp.token })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.db.threadQuestion.findUniqueOrThrow({ where: { threadId: q.id } }))).toMatchObject({ status: 'OPEN', helpfulPostId: null, outcome: null });

    expect((await t.gql(MARK, { t: q.id, p: fromCardio.id }, { token: gp.token })).data).toEqual({ markHelpfulAnswer: { question: { helpfulPostId: fromCardio.id } } });
    expect((await t.gql(SOLVE, { t: q.id, o: 'Holter showed AV block; referred.' }, { token: gp.token })).data).toEqual({
      solveQuestion: { question: { status: 'SOLVED', outcome: 'Holter showed AV block; referred.' } },
    });
    expect((await t.gql(REOPEN, { t: q.id }, { token: cardioIn.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(REOPEN, { t: q.id }, { token: gp.token })).data).toEqual({ reopenQuestion: { question: { status: 'OPEN' } } });
    // A plain thread is no question.
    const plain = await t.gql<{ createThread: { id: string } }>('mutation { createThread(input: { room: "general", title: "Plain", body: "b" }) { id } }', {}, { token: gp.token });
    expect((await t.gql(SOLVE, { t: plain.data!.createThread.id, o: 'ok' }, { token: gp.token })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'threadId' });
  });

  it('filters the feed to the open questions addressed to my specialty', async () => {
    const open = await ask(gp.token, { title: 'Open one for cardiology' });
    const solved = await ask(gp.token, { title: 'Solved one for cardiology' });
    await t.gql('mutation ($t: ID!) { solveQuestion(threadId: $t, outcome: "done") { id } }', { t: solved.id }, { token: gp.token });
    const neuro = await ask(gp.token, { specialty: 'neurology', title: 'For neurology' });
    const FEED = '{ feed(openQuestionsForMySpecialty: true, first: 50) { edges { node { id question { status specialty } } } } }';
    const ids = (token: string) => t.gql<{ feed: { edges: Array<{ node: { id: string; question: { status: string; specialty: string } } }> } }>(FEED, {}, { token });
    const cardio = (await ids(cardioNever.token)).data!.feed.edges.map((e) => e.node);
    expect(cardio.map((n) => n.id)).toContain(open.id);
    expect(cardio.map((n) => n.id)).not.toContain(solved.id);
    expect(cardio.map((n) => n.id)).not.toContain(neuro.id);
    expect(cardio.every((n) => n.question.status === 'OPEN' && n.question.specialty === 'cardiology')).toBe(true);
    expect((await ids(neuroIn.token)).data!.feed.edges.map((e) => e.node.id)).toEqual([neuro.id]);
  });
});

describe('the median time to a first specialist answer', () => {
  it('is null below k questions with a specialist answer, and the median from k on', async () => {
    const median = async () => (await t.gql<{ specialtyAnswerTime: number | null }>(MEDIAN, { s: 'pediatrics' }, { token: gp.token })).data!.specialtyAnswerTime;
    const peds = await t.make.verifiedPhysician({ specialty: 'pediatrics', country: 'FR' });
    const answerAfter = async (minutes: number, by: Physician) => {
      const q = await ask(gp.token, { specialty: 'pediatrics' });
      const r = await postReply(t, by.token, q.id, 'Answer');
      const asked = (await t.db.thread.findUniqueOrThrow({ where: { id: q.id } })).createdAt;
      await t.db.post.update({ where: { id: r.id }, data: { createdAt: new Date(asked.getTime() + minutes * 60_000) } });
    };
    expect(await median()).toBeNull();
    await answerAfter(10, peds);
    await answerAfter(1, neuroIn); // not a pediatrician: no specialist answer
    expect(await median(), `${K - 1} question with a specialist answer`).toBeNull();
    await answerAfter(30, peds);
    expect(await median()).toBe(20 * 60);
    // Older than 90 days: out of the window.
    await t.db.$executeRaw`UPDATE thread SET created_at = created_at - interval '91 days' WHERE room = 'pediatrics'`;
    expect(await median()).toBeNull();
  });
});

describe('a question addressed to a region', () => {
  const REGIONS = `query ($s: String!, $c: String!) { specialistRegions(specialty: $s, country: $c) { name reachable } }`;
  let occ: Physician;
  let occQuiet: Physician;
  let occOptedOut: Physician;
  let bzhIn: Physician;
  let beOcc: Physician;
  let asker: Physician;
  const regions = async (token: string, country = 'FR') => {
    const res = await t.gql<{ specialistRegions: Array<{ name: string; reachable: boolean }> }>(REGIONS, { s: 'cardiology', c: country }, { token });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data!.specialistRegions;
  };
  const written = async (title: string) => ({
    threads: await t.db.thread.count({ where: { title } }),
    notifications: await t.db.notification.count({ where: { post: { thread: { title } } } }),
  });

  beforeAll(async () => {
    const cardio = (region: string, country = 'FR') => t.make.verifiedPhysician({ specialty: 'cardiology', country, region });
    // The asker practises in Bretagne and addresses Occitanie: the question's region is not theirs.
    asker = await t.make.verifiedPhysician({ specialty: 'general-practice', country: 'FR', region: 'Bretagne' });
    [occ, occQuiet, occOptedOut, bzhIn, beOcc] = await Promise.all([cardio('Occitanie'), cardio('Occitanie'), cardio('Occitanie'), cardio('Bretagne'), cardio('Occitanie', 'BE')]);
    await cardio('Bretagne'); // verified, never opted in: Bretagne is listed, but too few would be notified
    await cardio('Corse'); // the only one to name Corse: never listed
    await optIn(occ.token, { timeZone: 'Europe/Paris' });
    const hour = new Date().getUTCHours();
    await optIn(occQuiet.token, { quietStartHour: hour, quietEndHour: (hour + 2) % 24, timeZone: 'UTC' });
    await optIn(occOptedOut.token);
    await optIn(occOptedOut.token, { optedIn: false });
    await optIn(bzhIn.token);
    await optIn(beOcc.token);
  });

  it('lists the regions that k verified credentials share, saying where too few specialists would be notified', async () => {
    expect(await regions(asker.token)).toEqual([{ name: 'Bretagne', reachable: false }, { name: 'Occitanie', reachable: true }]);
    // Asked by one of Occitanie's two opted-in cardiologists: the other one alone would be notified.
    expect(await regions(occ.token)).toEqual([{ name: 'Bretagne', reachable: false }, { name: 'Occitanie', reachable: false }]);
    expect(await regions(asker.token, 'BE'), 'one credential names Occitanie in Belgium').toEqual([]);
  });

  it('notifies only the opted-in specialists of the specialty, country and region; quiet hours still hold a routine one back', async () => {
    const urgent = await ask(asker.token, { country: 'FR', region: ' Occitanie ', urgency: 'URGENT' });
    expect(urgent.question).toMatchObject({ specialty: 'cardiology', country: 'FR', urgency: 'URGENT' });
    expect((await t.db.threadQuestion.findUniqueOrThrow({ where: { threadId: urgent.id } })).region).toBe('Occitanie');
    expect(await notifiedOf(occ.token, urgent.id)).toHaveLength(1);
    expect(await notifiedOf(occQuiet.token, urgent.id), 'urgent: not held back').toHaveLength(1);
    expect(await notifiedOf(occOptedOut.token, urgent.id), 'opted out').toHaveLength(0);
    expect(await notifiedOf(bzhIn.token, urgent.id), 'another region').toHaveLength(0);
    expect(await notifiedOf(beOcc.token, urgent.id), 'the same region name in another country').toHaveLength(0);
    expect(await notifiedOf(cardioIn.token, urgent.id), 'no region on the credential').toHaveLength(0);
    expect(await t.db.notification.count({ where: { postId: urgent.id } })).toBe(2);

    const routine = await ask(asker.token, { country: 'FR', region: 'Occitanie', urgency: 'ROUTINE' });
    expect(await notifiedOf(occ.token, routine.id)).toHaveLength(1);
    expect(await notifiedOf(occQuiet.token, routine.id), 'in quiet hours').toHaveLength(0);
    const held = await t.db.notification.findMany({ where: { postId: routine.id }, select: { createdAt: true } });
    expect(held.filter((n) => n.createdAt.getTime() > Date.now())).toHaveLength(1);
  });

  it('refuses a region without a country, or one where fewer than k would be notified, writing nothing', async () => {
    const noCountry = await t.gql(ASK, { i: { specialty: 'cardiology', region: 'Occitanie', urgency: 'ROUTINE', title: 'No country here', body: 'b' } }, { token: asker.token });
    expect(noCountry.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'region' });
    expect(await written('No country here')).toEqual({ threads: 0, notifications: 0 });
    for (const [region, title] of [['Bretagne', 'One opted in there'], ['Corse', 'Nobody opted in there'], ['Atlantis', 'No such region']] as const) {
      const few = await t.gql(ASK, { i: { specialty: 'cardiology', country: 'FR', region, urgency: 'URGENT', title, body: 'b' } }, { token: asker.token });
      expect(few.errors?.[0]?.extensions, region).toMatchObject({ code: 'BAD_USER_INPUT', field: 'region', reason: 'too_few_recipients' });
      expect(await written(title), region).toEqual({ threads: 0, notifications: 0 });
    }
  });

  it('shows in the feed of the specialty’s open questions, inside the region and outside it', async () => {
    const q = await ask(asker.token, { country: 'FR', region: 'Occitanie', title: 'Regional one for cardiology' });
    const FEED = '{ feed(openQuestionsForMySpecialty: true, first: 50) { edges { node { id question { country region } } } } }';
    for (const who of [occ, bzhIn, beOcc, cardioNever]) {
      const feed = await t.gql<{ feed: { edges: Array<{ node: { id: string; question: { country: string; region: string } } }> } }>(FEED, {}, { token: who.token });
      expect(feed.data!.feed.edges.find((e) => e.node.id === q.id)?.node.question).toEqual({ country: 'FR', region: 'Occitanie' });
    }
  });
});
