/**
 * The authorization table: every operation of the schema, every kind of caller, and whether
 * the call is allowed or fails with UNAUTHENTICATED / FORBIDDEN. Each issue adds its operations
 * and callers here; a test fails when an operation of the schema has no row.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { generateVapidKeys } from '@consilium/jobs/push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareAndBlind } from './domain/blind-signatures/client.ts';
import { makeLicenseNumber } from './domain/licence.ts';
import { issueLink } from './domain/mail/links.ts';
import { pseudonymKey } from './domain/pseudonyms.ts';
import { hashCode } from './domain/groups/membership.ts';
import { keyLabelOf } from '@consilium/jobs/survey-keys';
import type { SegmentSource } from '@consilium/db/segments';
import * as surveys from './test/surveys.ts';
import { addPasskey, SIGN_IN_WITH_PASSKEY, signInOptions, SoftAuthenticator } from './test/authenticator.ts';
import { schema } from './schema/index.ts';
import { makeAccessToken } from './test/access-tokens.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from './test/harness.ts';
import { enrolTotpDirectly } from './domain/second-factor/factors.ts';
import { codeAt } from './domain/second-factor/totp.ts';

type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'EMAIL_NOT_CONFIRMED' | 'STEP_UP_REQUIRED';
/**
 * `admin` holds every staff role, is signed in with a second factor and stepped up; `adminNoStepUp`
 * has the factor but no recent re-authentication; `adminNoFactor` holds every role but signed in
 * without a factor (none enrolled): only what every signed-in account may do is open to them. Each
 * staff caller holds one role (docs/staff-roles.md), with a factor and stepped up.
 * The two unconfirmed callers registered and never followed the confirmation link: they may use
 * their own account's operations only, and are told EMAIL_NOT_CONFIRMED where their role would
 * otherwise be let in (FORBIDDEN where confirming would change nothing).
 */
const STAFF = ['verifier', 'moderator', 'reviewer', 'finance', 'owner'] as const;
/**
 * `clientToken` is a client's personal access token with both scopes (docs/access-tokens.md): it
 * may run only the reads of its scopes, and is FORBIDDEN everything else, even what anyone may do.
 */
const CALLERS = ['anonymous', 'unverified', 'pending', 'rejected', 'verified', 'revoked', 'client', 'admin', 'adminNoStepUp', 'adminNoFactor', ...STAFF, 'unconfirmedPhysician', 'unconfirmedClient', 'clientToken'] as const;
type Caller = (typeof CALLERS)[number];

/** The caller a row's call is made for: its token, and its account (null when anonymous). */
interface Who {
  token: string | undefined;
  account: { id: string; organizationId: string | null } | null;
  /** An admin's unused recovery codes. */
  recoveryCodes?: string[];
}

interface Row {
  operation: string;
  call: (t: TestApp, who: Who) => Promise<{ query: string; variables?: Record<string, unknown> }>;
  expected: Record<Caller, Outcome>;
  /** For allowed callers, an error code the operation itself answers (not an authorization one). */
  okUnless?: (caller: Caller) => string | null;
  /** The row checks a field's own scope, not the operation's: its invalid-argument rows are the operation's. */
  fieldScope?: true;
}

const PHYSICIANS = ['unverified', 'pending', 'rejected', 'verified', 'revoked'] as const;
/** The confirmed callers whose role an unconfirmed caller shares. */
const PEERS: Partial<Record<Caller, readonly Caller[]>> = { unconfirmedPhysician: PHYSICIANS, unconfirmedClient: ['client'] };
function refusal(caller: Caller, allowed: Caller[]): Outcome {
  if (caller === 'anonymous') return 'UNAUTHENTICATED';
  return PEERS[caller]?.some((peer) => allowed.includes(peer)) ? 'EMAIL_NOT_CONFIRMED' : 'FORBIDDEN';
}
function allow(...allowed: Caller[]): Record<Caller, Outcome> {
  // An admin scope lets in the stepped-up admin and the one without step-up alike.
  const all: Caller[] = allowed.includes('admin') ? [...allowed, 'adminNoStepUp'] : allowed;
  return Object.fromEntries(CALLERS.map((c) => [c, all.includes(c) ? 'ok' : refusal(c, all)])) as Record<Caller, Outcome>;
}
const everyone = allow(...CALLERS.filter((c) => c !== 'clientToken'));
/** A read open to a client's access token as to the client (TOKEN_OPERATIONS). */
const withToken = (outcomes: Record<Caller, Outcome>): Record<Caller, Outcome> => ({ ...outcomes, clientToken: 'ok' });
/** The caller's session token, for a row's setup made through the API (an access token can open no ceremony). */
const sessionOf = (who: Who): string | undefined => (who.token?.startsWith('csl_pat_') ? undefined : who.token);
/** Every signed-in account, confirmed or not: the operations of one's own account. */
const loggedIn = allow(...PHYSICIANS, 'client', 'admin', 'adminNoFactor', ...STAFF, 'unconfirmedPhysician', 'unconfirmedClient');
/** Operations of a staff role that change someone's standing or money: a recent step-up too. */
const steppedUp = (role: (typeof STAFF)[number]): Record<Caller, Outcome> => ({ ...allow('admin', role), adminNoStepUp: 'STEP_UP_REQUIRED' });
/** Callers with a TOTP factor enrolled (every staff caller but adminNoFactor). */
const ADMINS_WITH_FACTOR = new Set<Caller>(['admin', 'adminNoStepUp', ...STAFF]);

/** A second-factor code of the caller: an admin's recovery code, or one of a factor enrolled for the call. */
async function factorCode(t: TestApp, who: Who): Promise<string> {
  if (who.recoveryCodes?.length) return who.recoveryCodes.shift()!;
  if (!who.account) return 'aaaaa-bbbbb';
  return (await enrolTotpDirectly(t.db, t.env.FACTOR_KEY_SECRET, who.account.id)).recoveryCodes[0]!;
}
const anyPhysician = allow(...PHYSICIANS);
const verifiedOnly = allow('verified');
const verifierOnly = allow('admin', 'verifier');
const moderatorOnly = allow('admin', 'moderator');
const reviewerOnly = allow('admin', 'reviewer');
const financeOnly = allow('admin', 'finance');
const ownerOnly = allow('admin', 'owner');
/** The `admin` scope: any staff account, whatever its roles (the admin landing page's counts). */
const anyStaff = allow('admin', ...STAFF);
const fresh = new Set(['rejected', 'unverified']);
const unique = () => randomBytes(4).toString('hex');
const clientOnly = allow('client');
/** What a browser's PushManager.subscribe() gives, with a fresh endpoint. */
const pushSubscription = () => {
  const ecdh = createECDH('prime256v1');
  return { endpoint: `https://push.example/${unique()}`, p256dh: ecdh.generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') };
};
const SURVEY_INPUT = { title: 'Table survey', description: '', questions: [{ kind: 'TEXT', prompt: 'Why?' }], sampleSize: 10, honorariumCents: 0 };
/** A survey of the caller's organisation when the caller is a client, of another one otherwise. */
const surveyFor = (t: TestApp, who: Who, status: 'DRAFT' | 'SUBMITTED' | 'OPEN' | 'CLOSED') =>
  t.make.survey({ status, specialties: ['cardiology'], ...(who.account?.organizationId ? { owner: { account: who.account } } : {}) });

/** An ACTIVE weekly series whose wave 1 is OPEN (cardiologists), of the caller's organisation when the caller is a client. */
async function seriesFor(t: TestApp, who: Who) {
  const wave = await surveyFor(t, who, 'OPEN');
  const series = await t.db.surveySeries.create({
    data: { organizationId: wave.organizationId, cadence: 'WEEKLY', waveLimit: 4, status: 'ACTIVE', startsAt: new Date(), nextWaveAt: new Date(Date.now() + 7 * 86_400_000) },
  });
  await t.db.survey.update({ where: { id: wave.id }, data: { seriesId: series.id, waveNumber: 1 } });
  return { id: series.id, waves: [wave] };
}

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
  { operation: 'Query.specialties', call: async () => ({ query: '{ specialties { code label } }' }), expected: everyone },
  { operation: 'Query.myCredential', call: async () => ({ query: '{ myCredential { id } }' }), expected: anyPhysician },
  {
    operation: 'Mutation.submitCredential',
    call: async () => ({
      query: 'mutation ($i: CredentialInput!) { submitCredential(input: $i) { id } }',
      variables: { i: { country: 'FR', registry: 'RPPS', licenseNumber: makeLicenseNumber('RPPS', 900_000 + seq++), specialty: 'cardiology', practiceStartYear: 2015 } },
    }),
    // Only those with nothing submitted, or a rejected credential, may submit; the others are
    // allowed past the gate and then told what is wrong (BAD_USER_INPUT), checked below.
    expected: anyPhysician,
    okUnless: (caller) => (fresh.has(caller) ? null : 'BAD_USER_INPUT'),
  },
  { operation: 'Query.verificationQueue', call: async () => ({ query: '{ verificationQueue { edges { node { id } } } }' }), expected: verifierOnly},
  { operation: 'Query.auditLog', call: async () => ({ query: '{ auditLog { edges { node { id } } } }' }), expected: ownerOnly},
  { operation: 'Query.adminOverview', call: async () => ({ query: '{ adminOverview { pendingCredentials failedReportJobs } }' }), expected: anyStaff},
  {
    operation: 'Mutation.reviewCredential',
    call: async (t) => ({
      query: 'mutation ($id: ID!) { reviewCredential(id: $id, approve: true) { id } }',
      variables: { id: (await t.make.pendingPhysician()).credential.id },
    }),
    expected: steppedUp('verifier'),
  },
  {
    operation: 'Mutation.revokeCredential',
    call: async (t) => ({
      query: 'mutation ($id: ID!) { revokeCredential(id: $id, reason: "test") { id } }',
      variables: { id: (await t.make.verifiedPhysician()).credential.id },
    }),
    expected: steppedUp('verifier'),
  },
  { operation: 'Query.reverificationQueue', call: async () => ({ query: '{ reverificationQueue { edges { node { id } } } }' }), expected: verifierOnly},
  {
    operation: 'Mutation.requestReverification',
    call: async (t) => ({
      query: 'mutation ($id: ID!) { requestReverification(id: $id, reason: "test") { id } }',
      variables: { id: (await t.make.verifiedPhysician()).credential.id },
    }),
    expected: verifierOnly,
  },
  {
    operation: 'Mutation.confirmReverification',
    call: async (t) => {
      const { credential } = await t.make.verifiedPhysician();
      await t.db.credential.update({ where: { id: credential.id }, data: { reverifyReason: 'AGE', reverifyRequestedAt: new Date() } });
      return { query: 'mutation ($id: ID!) { confirmReverification(id: $id) { id } }', variables: { id: credential.id } };
    },
    expected: steppedUp('verifier'),
  },
  { operation: 'Query.rooms', call: async () => ({ query: '{ rooms }' }), expected: verifiedOnly },
  {
    operation: 'Mutation.issueSurveyToken',
    // The survey targets every specialty: eligibility is then the verified state alone. The
    // message is blinded under the key of the label that covers the caller (the root label when
    // fewer than k verified physicians share their segment in this file's database).
    call: async (t, who) => {
      const survey = await surveys.openSurvey(t, { specialties: [] });
      const labels = new Set((await t.db.surveySegmentKey.findMany({ where: { surveyId: survey.id }, select: { segment: true } })).map((k) => k.segment));
      const credential = (who as Who & { credential?: SegmentSource }).credential ?? null;
      const key = await surveys.segmentKey(t, survey.id, credential ? keyLabelOf(credential, labels) : '*|*|*');
      const { blindedMessage } = await prepareAndBlind(key.publicKey);
      return { query: 'mutation ($s: ID!, $b: String!) { issueSurveyToken(surveyId: $s, blindedMessage: $b) { segment } }', variables: { s: survey.id, b: blindedMessage } };
    },
    expected: verifiedOnly,
  },
  {
    operation: 'Mutation.submitSurveyResponse',
    // No session needed, and one sent changes nothing: the token is the credential.
    call: async (t) => {
      const survey = await surveys.openSurvey(t);
      const taken = await surveys.takeToken(t, survey, await t.make.verifiedPhysician());
      const receipt = await prepareAndBlind(survey.receiptPublicKey!);
      return {
        query: 'mutation ($i: SurveyResponseInput!) { submitSurveyResponse(input: $i) { receiptBlindSignature } }',
        variables: { i: { surveyId: survey.id, segment: taken.segment, token: taken.token, answers: surveys.answersFor(survey), receiptBlindedMessage: receipt.blindedMessage } },
      };
    },
    expected: everyone,
  },
  {
    operation: 'Mutation.redeemSurveyReceipt',
    call: async (t) => {
      const survey = await surveys.openSurvey(t);
      const { receipt } = await surveys.answer(t, survey, await surveys.takeToken(t, survey, await t.make.verifiedPhysician()));
      return { query: 'mutation ($s: ID!, $r: TokenInput!) { redeemSurveyReceipt(surveyId: $s, receipt: $r) { balanceCents } }', variables: { s: survey.id, r: receipt } };
    },
    expected: anyPhysician,
  },
  { operation: 'Query.myHonoraria', call: async () => ({ query: '{ myHonoraria { id } }' }), expected: anyPhysician },
  { operation: 'Query.myHonorariaPage', call: async () => ({ query: '{ myHonorariaPage(first: 5) { edges { cursor node { id } } pageInfo { hasNextPage } } }' }), expected: anyPhysician },
  // survey authoring and lifecycle
  { operation: 'Query.surveyReach', call: async () => ({ query: '{ surveyReach(targeting: {}) { enough } }' }), expected: clientOnly },
  {
    operation: 'Mutation.createSurvey',
    call: async () => ({ query: 'mutation ($i: SurveyInput!) { createSurvey(input: $i) { id } }', variables: { i: SURVEY_INPUT } }),
    expected: clientOnly,
  },
  {
    operation: 'Mutation.updateSurvey',
    call: async (t, who) => ({
      query: 'mutation ($id: ID!, $i: SurveyInput!) { updateSurvey(id: $id, input: $i) { id } }',
      variables: { id: (await surveyFor(t, who, 'DRAFT')).id, i: SURVEY_INPUT },
    }),
    expected: clientOnly,
  },
  {
    operation: 'Mutation.duplicateSurvey',
    call: async (t, who) => ({ query: 'mutation ($id: ID!) { duplicateSurvey(id: $id) { id } }', variables: { id: (await surveyFor(t, who, 'CLOSED')).id } }),
    expected: clientOnly,
  },
  {
    operation: 'Mutation.submitSurvey',
    call: async (t, who) => ({ query: 'mutation ($id: ID!) { submitSurvey(id: $id) { id } }', variables: { id: (await surveyFor(t, who, 'DRAFT')).id } }),
    expected: clientOnly,
  },
  {
    operation: 'Mutation.reviewSurvey',
    call: async (t, who) => ({ query: 'mutation ($id: ID!) { reviewSurvey(id: $id, approve: true) { id } }', variables: { id: (await surveyFor(t, who, 'SUBMITTED')).id } }),
    expected: reviewerOnly,
  },
  {
    operation: 'Mutation.closeSurvey',
    call: async (t, who) => ({ query: 'mutation ($id: ID!) { closeSurvey(id: $id) { id } }', variables: { id: (await surveyFor(t, who, 'OPEN')).id } }),
    expected: allow('client', 'admin', 'reviewer'),
  },
  // Waves (issue 17): a series of the caller's organisation when the caller is a client.
  {
    operation: 'Mutation.setSurveyRepeat',
    call: async (t, who) => ({ query: 'mutation ($id: ID!) { setSurveyRepeat(surveyId: $id, cadence: WEEKLY, waves: 4) { id waveNumber } }', variables: { id: (await surveyFor(t, who, 'DRAFT')).id } }),
    expected: clientOnly,
  },
  {
    operation: 'Query.surveySeries',
    call: async (t, who) => ({ query: 'query ($id: ID!) { surveySeries(id: $id) { id trend { csv waves { waveNumber } } } }', variables: { id: (await seriesFor(t, who)).id } }),
    expected: withToken(allow('client', 'admin', 'reviewer')),
  },
  {
    operation: 'Mutation.stopSurveySeries',
    call: async (t, who) => ({ query: 'mutation ($id: ID!) { stopSurveySeries(id: $id) { status } }', variables: { id: (await seriesFor(t, who)).id } }),
    expected: allow('client', 'admin', 'reviewer'),
  },
  {
    operation: 'Mutation.prepareSurveyKeys',
    call: async (t, who) => ({ query: 'mutation ($id: ID!) { prepareSurveyKeys(surveyId: $id) }', variables: { id: (await surveyFor(t, who, 'OPEN')).id } }),
    expected: verifiedOnly,
  },
  {
    operation: 'Query.survey',
    // The series of a wave (null for a physician: survey-waves.int.test.ts).
    call: async (t, who) => {
      const series = await seriesFor(t, who);
      return { query: 'query ($id: ID!) { survey(id: $id) { id waveNumber series { id } } }', variables: { id: series.waves[0]!.id } };
    },
    expected: withToken(allow('verified', 'client', 'admin', 'reviewer')),
  },
  {
    operation: 'Query.survey',
    // An OPEN survey of cardiologists, which is what the verified caller is: each allowed caller sees it.
    call: async (t, who) => ({ query: 'query ($id: ID!) { survey(id: $id) { id } }', variables: { id: (await surveyFor(t, who, 'OPEN')).id } }),
    expected: withToken(allow('verified', 'client', 'admin', 'reviewer')),
  },
  { operation: 'Query.mySurveys', call: async () => ({ query: '{ mySurveys { id } }' }), expected: withToken(clientOnly) },
  {
    operation: 'Query.survey',
    // Quota cells (issue 17): their fill is the client's and admins' (a physician is refused the field).
    call: async (t, who) => {
      const survey = await surveyFor(t, who, 'OPEN');
      await t.db.surveyQuota.create({ data: { surveyId: survey.id, position: 0, specialty: 'cardiology', maxAnswers: t.env.REPORT_K } });
      return { query: 'query ($id: ID!) { survey(id: $id) { id quotas { cell fill { shown belowK full } } } }', variables: { id: survey.id } };
    },
    // The query itself lets in verified physicians (so an unconfirmed one is told to confirm); the fill field does not.
    expected: { ...withToken(allow('client', 'admin', 'reviewer')), unconfirmedPhysician: 'EMAIL_NOT_CONFIRMED' },
    fieldScope: true,
  },
  {
    operation: 'Query.survey',
    call: async (t, who) => ({ query: 'query ($id: ID!) { survey(id: $id) { id myQuotaFull quotas { cell maxAnswers } } }', variables: { id: (await surveyFor(t, who, 'OPEN')).id } }),
    expected: withToken(allow('verified', 'client', 'admin', 'reviewer')),
  },
  {
    operation: 'Mutation.createSurvey',
    call: async () => ({ query: 'mutation ($i: SurveyInput!) { createSurvey(input: $i) { id quotas { cell } } }', variables: { i: { ...SURVEY_INPUT, sampleSize: 50, quotas: [{ country: 'BE', maxAnswers: 20 }] } } }),
    expected: clientOnly,
  },
  {
    operation: 'Mutation.createSurvey',
    // The new question kinds' input fields (matrix items, ranking top N, "other (specify)", shuffled choices).
    call: async () => ({
      query: 'mutation ($i: SurveyInput!) { createSurvey(input: $i) { id questions { rankTop shuffleChoices items { role } choices { role } } } }',
      variables: { i: { ...SURVEY_INPUT, questions: [
        { kind: 'MATRIX', prompt: 'Agree?', items: ['A', 'B'], shuffleChoices: true },
        { kind: 'RANKING', prompt: 'Rank', choices: ['A', 'B', 'C'], rankTop: 2 },
        { kind: 'SINGLE_CHOICE', prompt: 'Pick', choices: ['A', 'B'], otherChoice: 'Other' },
      ] } },
    }),
    expected: clientOnly,
  },
  { operation: 'Query.surveysForReview', call: async () => ({ query: '{ surveysForReview { id } }' }), expected: reviewerOnly},
  { operation: 'Query.mySurveysPage', call: async () => ({ query: '{ mySurveysPage(first: 5) { edges { cursor node { id } } pageInfo { hasNextPage } } }' }), expected: withToken(clientOnly) },
  { operation: 'Query.surveysForReviewPage', call: async () => ({ query: '{ surveysForReviewPage(first: 5) { edges { cursor node { id } } pageInfo { hasNextPage } } }' }), expected: reviewerOnly},
  { operation: 'Query.surveyInbox', call: async () => ({ query: '{ surveyInbox { id } }' }), expected: verifiedOnly },
  { operation: 'Query.openedSurveys', call: async () => ({ query: '{ openedSurveys { id openedByMe myResume { sealedCopy } } }' }), expected: verifiedOnly },
  // discussion: verified physicians read and write; admins moderate
  { operation: 'Query.feed', call: async () => ({ query: '{ feed { edges { node { id } } } }' }), expected: verifiedOnly },
  { operation: 'Query.thread', call: async (t) => ({ query: 'query ($id: ID!) { thread(id: $id) { id } }', variables: { id: await threadId(t) } }), expected: allow('verified', 'admin', 'moderator') },
  { operation: 'Query.search', call: async () => ({ query: '{ search(query: "syncope") { edges { node { id } } } }' }), expected: verifiedOnly },
  { operation: 'Query.tags', call: async () => ({ query: '{ tags { tag count } }' }), expected: verifiedOnly },
  { operation: 'Query.notifications', call: async () => ({ query: '{ notifications { unreadCount } }' }), expected: verifiedOnly },
  { operation: 'Mutation.markNotificationsRead', call: async () => ({ query: 'mutation { markNotificationsRead }' }), expected: verifiedOnly },
  {
    operation: 'Mutation.createThread',
    call: async () => ({ query: 'mutation { createThread(input: { room: "general", title: "Table thread", body: "Body" }) { id } }' }),
    expected: verifiedOnly,
  },
  {
    operation: 'Mutation.reply',
    call: async (t) => ({ query: 'mutation ($id: ID!) { reply(input: { threadId: $id, body: "Reply" }) { id } }', variables: { id: await threadId(t) } }),
    expected: verifiedOnly,
  },
  { operation: 'Mutation.vote', call: async (t) => ({ query: 'mutation ($id: ID!) { vote(postId: $id, value: 1) }', variables: { id: await threadId(t) } }), expected: verifiedOnly },
  {
    operation: 'Mutation.votePoll',
    call: async (t) => {
      const poll = await t.db.poll.create({ data: { threadId: await threadId(t), question: 'Q', options: { create: [{ position: 0, label: 'a' }, { position: 1, label: 'b' }] } }, include: { options: true } });
      return { query: 'mutation ($p: ID!, $o: ID!) { votePoll(pollId: $p, optionId: $o) { id } }', variables: { p: poll.id, o: poll.options[0]!.id } };
    },
    expected: verifiedOnly,
  },
  { operation: 'Mutation.reportPost', call: async (t) => ({ query: 'mutation ($id: ID!) { reportPost(postId: $id, reason: "Off topic") }', variables: { id: await threadId(t) } }), expected: verifiedOnly },
  {
    operation: 'Mutation.editPost',
    // The caller's own thread when they have a pseudonym (only its author may edit), another's otherwise.
    call: async (t, who) => ({ query: 'mutation ($id: ID!) { editPost(postId: $id, body: "Edited") { id editedAt } }', variables: { id: await ownThreadId(t, who) } }),
    expected: verifiedOnly,
  },
  { operation: 'Query.postHistory', call: async (t) => ({ query: 'query ($id: ID!) { postHistory(postId: $id) { revisions { body } } }', variables: { id: await threadId(t) } }), expected: verifiedOnly },
  { operation: 'Mutation.setBookmark', call: async (t) => ({ query: 'mutation ($id: ID!) { setBookmark(threadId: $id, bookmarked: true) }', variables: { id: await threadId(t) } }), expected: verifiedOnly },
  // following and notification mails (issue #16 point 5)
  { operation: 'Query.myFollows', call: async () => ({ query: '{ myFollows { targetKind target level label question } }' }), expected: verifiedOnly },
  { operation: 'Query.followLevel', call: async (t) => ({ query: 'query ($id: String!) { followLevel(targetKind: THREAD, target: $id) }', variables: { id: await threadId(t) } }), expected: verifiedOnly },
  { operation: 'Mutation.setFollow', call: async (t) => ({ query: 'mutation ($id: String!) { setFollow(targetKind: THREAD, target: $id, level: WATCHING) }', variables: { id: await threadId(t) } }), expected: verifiedOnly },
  // Following a question is following its thread.
  { operation: 'Mutation.setFollow', call: async (t, who) => ({ query: 'mutation ($id: String!) { setFollow(targetKind: THREAD, target: $id, level: MUTED) }', variables: { id: await ownQuestionId(t, who) } }), expected: verifiedOnly },
  // A group: its members only; a non-member is told it does not exist.
  { operation: 'Query.followLevel', call: async (t, who) => ({ query: 'query ($g: String!) { followLevel(targetKind: GROUP, target: $g) }', variables: { g: (await groupFor(t, who, 'MEMBER')).id } }), expected: verifiedOnly },
  { operation: 'Mutation.setFollow', call: async (t, who) => ({ query: 'mutation ($g: String!) { setFollow(targetKind: GROUP, target: $g, level: WATCHING) }', variables: { g: (await groupFor(t, who, 'MEMBER')).id } }), expected: verifiedOnly },
  {
    operation: 'Mutation.setFollow',
    call: async (t, who) => ({ query: 'mutation ($g: String!) { setFollow(targetKind: GROUP, target: $g, level: MUTED) }', variables: { g: (await groupFor(t, who, null)).id } }),
    expected: verifiedOnly,
    okUnless: (caller) => (caller === 'verified' ? 'BAD_USER_INPUT' : null),
  },
  { operation: 'Query.myMailFrequency', call: async () => ({ query: '{ myMailFrequency }' }), expected: verifiedOnly },
  { operation: 'Mutation.setMailFrequency', call: async () => ({ query: 'mutation { setMailFrequency(frequency: WEEKLY) }' }), expected: verifiedOnly },
  // The signed token is the credential: anyone holding a mail's link may turn that account's mails off.
  { operation: 'Mutation.unsubscribeMail', call: async () => ({ query: 'mutation { unsubscribeMail(token: "forged.token") }' }), expected: everyone },
  { operation: 'Query.moderationQueue', call: async () => ({ query: '{ moderationQueue { edges { node { reportCount } } } }' }), expected: moderatorOnly},
  // ask a specialist: verified physicians ask and opt in; only the asker marks, solves and reopens
  {
    operation: 'Mutation.askSpecialist',
    call: async () => ({ query: 'mutation { askSpecialist(input: { specialty: "cardiology", urgency: URGENT, title: "Table question", body: "Body" }) { id } }' }),
    expected: verifiedOnly,
  },
  {
    operation: 'Mutation.markHelpfulAnswer',
    call: async (t, who) => ({ query: 'mutation ($id: ID!) { markHelpfulAnswer(threadId: $id) { id } }', variables: { id: await ownQuestionId(t, who) } }),
    expected: verifiedOnly,
  },
  {
    operation: 'Mutation.solveQuestion',
    call: async (t, who) => ({ query: 'mutation ($id: ID!) { solveQuestion(threadId: $id, outcome: "Solved") { id } }', variables: { id: await ownQuestionId(t, who) } }),
    expected: verifiedOnly,
  },
  {
    operation: 'Mutation.reopenQuestion',
    call: async (t, who) => ({ query: 'mutation ($id: ID!) { reopenQuestion(threadId: $id) { id } }', variables: { id: await ownQuestionId(t, who) } }),
    expected: verifiedOnly,
  },
  { operation: 'Query.mySpecialistAvailability', call: async () => ({ query: '{ mySpecialistAvailability { optedIn } }' }), expected: verifiedOnly },
  {
    operation: 'Mutation.setSpecialistAvailability',
    call: async () => ({ query: 'mutation { setSpecialistAvailability(input: { optedIn: true, quietStartHour: 22, quietEndHour: 7, timeZone: "Europe/Paris" }) { optedIn } }' }),
    expected: verifiedOnly,
  },
  { operation: 'Query.specialtyAnswerTime', call: async () => ({ query: '{ specialtyAnswerTime(specialty: "cardiology") }' }), expected: verifiedOnly },
  { operation: 'Query.specialistRegions', call: async () => ({ query: '{ specialistRegions(specialty: "cardiology", country: "FR") { name reachable } }' }), expected: verifiedOnly },
  // web push: an account's own browsers (any physician with a confirmed address); the key is public
  { operation: 'Query.pushPublicKey', call: async () => ({ query: '{ pushPublicKey }' }), expected: everyone },
  { operation: 'Query.myPushDevices', call: async () => ({ query: '{ myPushDevices { id device } }' }), expected: anyPhysician },
  {
    operation: 'Mutation.subscribePush',
    call: async () => ({ query: 'mutation ($i: PushSubscriptionInput!) { subscribePush(input: $i) { id } }', variables: { i: pushSubscription() } }),
    expected: anyPhysician,
  },
  { operation: 'Mutation.unsubscribePush', call: async () => ({ query: 'mutation ($e: String) { unsubscribePush(endpoint: $e) }', variables: { e: pushSubscription().endpoint } }), expected: anyPhysician },
  // private messages: verified physicians, in their own conversations; moderators see reports only
  { operation: 'Query.conversations', call: async () => ({ query: '{ conversations { unreadCount edges { node { id } } } }' }), expected: verifiedOnly },
  { operation: 'Query.conversation', call: async (t, who) => ({ query: 'query ($id: ID!) { conversation(id: $id) { id } }', variables: { id: (await ownConversation(t, who)).id } }), expected: verifiedOnly },
  { operation: 'Query.unreadMessageCount', call: async () => ({ query: '{ unreadMessageCount }' }), expected: verifiedOnly },
  // peer groups: verified physicians; object-level rules (member, owner) answer BAD_USER_INPUT / FORBIDDEN
  { operation: 'Query.myGroups', call: async (t, who) => (await groupFor(t, who, 'MEMBER'), { query: '{ myGroups { id myRole } }' }), expected: verifiedOnly },
  { operation: 'Query.group', call: async (t, who) => ({ query: 'query ($g: ID!) { group(id: $g) { id members { role } } }', variables: { g: (await groupFor(t, who, 'MEMBER')).id } }), expected: verifiedOnly },
  // A non-member reads null, as for a group that does not exist.
  { operation: 'Query.group', call: async (t, who) => ({ query: 'query ($g: ID!) { group(id: $g) { id } }', variables: { g: (await groupFor(t, who, null)).id } }), expected: verifiedOnly },
  { operation: 'Mutation.createGroup', call: async () => ({ query: 'mutation { createGroup(input: { name: "Table group", kind: GLEM }) { id } }' }), expected: verifiedOnly },
  ...groupRows('createGroupInvite', 'mutation ($g: ID!) { createGroupInvite(groupId: $g, maxUses: 3) { code } }', () => ({})),
  ...groupRows('revokeGroupInvite', 'mutation ($i: ID!) { revokeGroupInvite(inviteId: $i) }', (g) => ({ i: g.inviteId }), false),
  ...groupRows('removeGroupMember', 'mutation ($g: ID!, $p: ID!) { removeGroupMember(groupId: $g, pseudonymId: $p) }', (g) => ({ p: g.otherId })),
  ...groupRows('transferGroupOwnership', 'mutation ($g: ID!, $p: ID!) { transferGroupOwnership(groupId: $g, pseudonymId: $p) { id } }', (g) => ({ p: g.otherId })),
  ...groupRows('setGroupMentor', 'mutation ($g: ID!, $p: ID!) { setGroupMentor(groupId: $g, pseudonymId: $p, mentor: true) { id } }', (g) => ({ p: g.otherId })),
  { operation: 'Mutation.joinGroup', call: async (t, who) => ({ query: 'mutation ($c: String!) { joinGroup(code: $c) { id } }', variables: { c: (await groupFor(t, who, null)).code } }), expected: verifiedOnly },
  { operation: 'Mutation.leaveGroup', call: async (t, who) => ({ query: 'mutation ($g: ID!) { leaveGroup(groupId: $g) }', variables: { g: (await groupFor(t, who, 'MEMBER')).id } }), expected: verifiedOnly },
  {
    operation: 'Mutation.leaveGroup',
    call: async (t, who) => ({ query: 'mutation ($g: ID!) { leaveGroup(groupId: $g) }', variables: { g: (await groupFor(t, who, null)).id } }),
    expected: verifiedOnly,
    okUnless: (caller) => (caller === 'verified' ? 'BAD_USER_INPUT' : null),
  },
  {
    operation: 'Mutation.startConversation',
    call: async (t) => ({ query: 'mutation ($h: String!) { startConversation(input: { handles: [$h], body: "Hello" }) { id } }', variables: { h: (await tablePseudonym(t)).handle } }),
    expected: verifiedOnly,
  },
  {
    operation: 'Mutation.sendMessage',
    call: async (t, who) => ({ query: 'mutation ($c: ID!) { sendMessage(conversationId: $c, body: "Hello") { id } }', variables: { c: (await ownConversation(t, who)).id } }),
    expected: verifiedOnly,
  },
  {
    operation: 'Mutation.markConversationRead',
    call: async (t, who) => ({ query: 'mutation ($c: ID!) { markConversationRead(conversationId: $c) }', variables: { c: (await ownConversation(t, who)).id } }),
    expected: verifiedOnly,
  },
  {
    operation: 'Mutation.setPseudonymBlocked',
    call: async (t) => ({ query: 'mutation ($p: ID!) { setPseudonymBlocked(pseudonymId: $p, blocked: true) }', variables: { p: (await tablePseudonym(t)).id } }),
    expected: verifiedOnly,
  },
  {
    operation: 'Mutation.reportMessage',
    call: async (t, who) => ({ query: 'mutation ($m: ID!) { reportMessage(messageId: $m, reason: "Insulting") }', variables: { m: (await ownConversation(t, who)).messageId } }),
    expected: verifiedOnly,
  },
  { operation: 'Query.messageReports', call: async () => ({ query: '{ messageReports { edges { node { reason context { body } } } } }' }), expected: moderatorOnly },
  {
    operation: 'Mutation.resolveMessageReport',
    call: async (t, who) => {
      const { messageId } = await ownConversation(t, who);
      const report = await t.db.messageReport.create({ data: { messageId, reporterId: (await tablePseudonym(t)).id, reason: 'Insulting', day: new Date() } });
      return { query: 'mutation ($r: ID!) { resolveMessageReport(reportId: $r, reason: "Dealt with") }', variables: { r: report.id } };
    },
    expected: moderatorOnly,
  },
  {
    operation: 'Mutation.moderatePost',
    call: async (t) => ({ query: 'mutation ($id: ID!) { moderatePost(postId: $id, action: HIDE, reason: "Off topic") { id } }', variables: { id: await threadId(t) } }),
    expected: moderatorOnly,
  },
  {
    operation: 'Mutation.suspendPseudonym',
    call: async (t) => ({ query: 'mutation ($id: ID!) { suspendPseudonym(pseudonymId: $id, reason: "Spam") { id } }', variables: { id: (await discussionThread(t)).authorId } }),
    expected: moderatorOnly,
  },
  {
    operation: 'Mutation.unsuspendPseudonym',
    call: async (t) => ({ query: 'mutation ($id: ID!) { unsuspendPseudonym(pseudonymId: $id, reason: "Appeal") { id } }', variables: { id: (await discussionThread(t)).authorId } }),
    expected: moderatorOnly,
  },
  // research reports, orders and invoices
  { operation: 'Query.orders', call: async () => ({ query: '{ orders { id } }' }), expected: allow('client', 'admin', 'finance') },
  { operation: 'Query.ordersPage', call: async () => ({ query: '{ ordersPage(first: 5) { edges { cursor node { id } } pageInfo { hasNextPage } } }' }), expected: allow('client', 'admin', 'finance') },
  {
    operation: 'Query.orderQuote',
    call: async (t, who) => ({ query: 'query ($s: ID!) { orderQuote(surveyId: $s) { amountCents } }', variables: { s: (await surveyFor(t, who, 'CLOSED')).id } }),
    expected: allow('client', 'admin', 'finance'),
  },
  { operation: 'Query.reportPrice', call: async () => ({ query: '{ reportPrice { baseFeeCents perRespondentCents vatRateBasisPoints } }' }), expected: allow('client', 'admin', 'finance') },
  {
    operation: 'Mutation.updateOrganizationBilling',
    call: async () => ({
      query: 'mutation ($i: OrganizationBillingInput!) { updateOrganizationBilling(input: $i) { id } }',
      variables: { i: { name: 'Agence test', billingAddress: '1 avenue du Test', postalCode: '75007', city: 'Paris', country: 'FR' } },
    }),
    expected: clientOnly,
  },
  {
    operation: 'Query.reportPreview',
    call: async (t, who) => ({ query: 'query ($s: ID!) { reportPreview(surveyId: $s) { outlook } }', variables: { s: (await surveyFor(t, who, 'CLOSED')).id } }),
    expected: withToken(allow('client', 'admin', 'reviewer')),
  },
  {
    operation: 'Mutation.orderReport',
    call: async (t, who) => {
      // k respondents: a survey with fewer would publish nothing, and its order is refused.
      const survey = await surveyFor(t, who, 'CLOSED');
      await t.db.survey.update({ where: { id: survey.id }, data: { responseCount: t.env.REPORT_K } });
      return { query: 'mutation ($s: ID!) { orderReport(surveyId: $s) { id } }', variables: { s: survey.id } };
    },
    expected: clientOnly,
  },
  {
    operation: 'Mutation.markOrderPaid',
    call: async (t) => {
      const survey = await t.make.survey({ status: 'CLOSED' });
      const order = await t.db.reportOrder.create({
        data: { surveyId: survey.id, organizationId: survey.organizationId, amountCents: 1, baseFeeCents: 1, perRespondentCents: 0, respondents: 0, invoiceNumber: `T-${unique()}`, buyerName: 'Agence test', totalCents: 1, dueAt: new Date() },
      });
      return { query: 'mutation ($o: ID!) { markOrderPaid(orderId: $o) { id } }', variables: { o: order.id } };
    },
    expected: steppedUp('finance'),
  },
  {
    operation: 'Query.report',
    // The caller's own closed survey with a PAID order (a client), or any (an admin): readable.
    call: async (t, who) => {
      const survey = await surveyFor(t, who, 'CLOSED');
      await t.db.report.create({ data: { surveyId: survey.id, dueAt: new Date() } });
      await t.db.reportOrder.create({
        data: { surveyId: survey.id, organizationId: survey.organizationId, amountCents: 1, baseFeeCents: 1, perRespondentCents: 0, respondents: 0, invoiceNumber: `T-${unique()}`, status: 'PAID', buyerName: 'Agence test', totalCents: 1, dueAt: new Date() },
      });
      return { query: 'query ($s: ID!) { report(surveyId: $s) { status } }', variables: { s: survey.id } };
    },
    expected: withToken(allow('client', 'admin', 'reviewer')),
  },
  { operation: 'Query.reportJobs', call: async () => ({ query: '{ reportJobs { surveyId } }' }), expected: reviewerOnly},
  {
    operation: 'Mutation.retryReport',
    call: async (t) => {
      const survey = await t.make.survey({ status: 'CLOSED' });
      await t.db.report.create({ data: { surveyId: survey.id, dueAt: new Date(), status: 'FAILED', failureReason: 'test' } });
      return { query: 'mutation ($s: ID!) { retryReport(surveyId: $s) { status } }', variables: { s: survey.id } };
    },
    expected: reviewerOnly,
  },
  { operation: 'Query.transparency', call: async () => ({ query: '{ transparency { surveyId } }' }), expected: verifiedOnly },
  { operation: 'Query.transparencyPage', call: async () => ({ query: '{ transparencyPage(first: 5) { edges { cursor node { surveyId } } pageInfo { hasNextPage } } }' }), expected: verifiedOnly },
  // Issue #14, point 1: the account's mails. A link's token is made as the mail would carry it.
  { operation: 'Mutation.requestPasswordReset', call: async () => ({ query: `mutation { requestPasswordReset(email: "nobody-${unique()}@example.org") }` }), expected: everyone },
  {
    operation: 'Mutation.resetPassword',
    call: async (t) => {
      const { account } = await t.make.physician();
      const token = await issueLink(t.db, account.id, 'RESET_PASSWORD');
      return { query: 'mutation ($t: String!, $p: String!) { resetPassword(token: $t, password: $p) }', variables: { t: token, p: 'glacier-violet-teapot-1987' } };
    },
    expected: everyone,
  },
  {
    operation: 'Mutation.confirmEmail',
    call: async (t) => {
      const { account } = await t.make.physician();
      return { query: 'mutation ($t: String!) { confirmEmail(token: $t) }', variables: { t: await issueLink(t.db, account.id, 'CONFIRM_EMAIL') } };
    },
    expected: everyone,
  },
  { operation: 'Mutation.resendEmailConfirmation', call: async () => ({ query: 'mutation { resendEmailConfirmation }' }), expected: loggedIn },
  {
    operation: 'Mutation.requestEmailChange',
    call: async () => ({ query: 'mutation ($e: String!, $p: String!) { requestEmailChange(newEmail: $e, password: $p) }', variables: { e: `moved-${unique()}@example.org`, p: TEST_PASSWORD } }),
    expected: loggedIn,
  },
  { operation: 'Query.mySessions', call: async () => ({ query: '{ mySessions { id device openedOn lastUsedOn current } }' }), expected: loggedIn },
  {
    operation: 'Mutation.endSession',
    // Another session of the caller's own account (for anonymous, of someone's).
    call: async (t, who) => {
      const account = who.account ?? (await t.make.physician()).account;
      const other = await t.db.session.create({ data: { accountId: account.id, tokenHash: new Uint8Array(randomBytes(32)), expiresAt: new Date(Date.now() + 3_600_000) } });
      return { query: 'mutation ($id: ID!) { endSession(id: $id) }', variables: { id: other.id } };
    },
    expected: loggedIn,
  },
  { operation: 'Query.exportMyData', call: async () => ({ query: '{ exportMyData }' }), expected: loggedIn },
  // Issue #14, points 6 and 7: the owner manages the staff's roles.
  { operation: 'Query.staffMembers', call: async () => ({ query: '{ staffMembers { id email roles } }' }), expected: ownerOnly },
  {
    operation: 'Mutation.grantStaffRole',
    call: async (t) => ({
      query: 'mutation ($a: ID!) { grantStaffRole(accountId: $a, role: MODERATOR, reason: "Joins the moderation team") { id roles } }',
      variables: { a: (await t.make.staff(['VERIFIER'])).account.id },
    }),
    expected: ownerOnly,
  },
  {
    operation: 'Mutation.withdrawStaffRole',
    call: async (t) => ({
      query: 'mutation ($a: ID!) { withdrawStaffRole(accountId: $a, role: MODERATOR, reason: "Leaves the moderation team") { id roles } }',
      variables: { a: (await t.make.staff(['VERIFIER', 'MODERATOR'])).account.id },
    }),
    expected: ownerOnly,
  },
  {
    operation: 'Mutation.deleteMyAccount',
    call: async () => ({ query: 'mutation ($p: String!) { deleteMyAccount(password: $p) }', variables: { p: TEST_PASSWORD } }),
    expected: allow(...PHYSICIANS, 'unconfirmedPhysician'),
  },
  { operation: 'Query.myPasskeys', call: async () => ({ query: '{ myPasskeys { id name addedOn lastUsedOn } }' }), expected: loggedIn },
  { operation: 'Mutation.startPasskeyRegistration', call: async () => ({ query: 'mutation { startPasskeyRegistration }' }), expected: loggedIn },
  {
    operation: 'Mutation.finishPasskeyRegistration',
    // A good attestation for the caller's own challenge (for anonymous, for someone's).
    call: async (t, who) => {
      const token = sessionOf(who) ?? (await t.make.physician()).token;
      const options = (await t.gql<{ startPasskeyRegistration: string }>('mutation { startPasskeyRegistration }', {}, { token })).data!.startPasskeyRegistration;
      return { query: 'mutation ($r: String!) { finishPasskeyRegistration(response: $r, name: "Key") { id } }', variables: { r: new SoftAuthenticator().register(options) } };
    },
    expected: loggedIn,
  },
  {
    operation: 'Mutation.renamePasskey',
    call: async (t, who) => ({ query: 'mutation ($id: ID!) { renamePasskey(id: $id, name: "Renamed") { name } }', variables: { id: await passkeyOf(t, who) } }),
    expected: loggedIn,
  },
  {
    operation: 'Mutation.removePasskey',
    // The caller holds two, so that an admin's removal is not of their last factor.
    call: async (t, who) => {
      await passkeyOf(t, who);
      return { query: 'mutation ($id: ID!) { removePasskey(id: $id) }', variables: { id: await passkeyOf(t, who) } };
    },
    expected: loggedIn,
  },
  { operation: 'Mutation.startPasskeySignIn', call: async () => ({ query: 'mutation { startPasskeySignIn }' }), expected: everyone },
  {
    operation: 'Mutation.signInWithPasskey',
    call: async (t) => {
      const authenticator = new SoftAuthenticator();
      await addPasskey(t.gql, (await t.make.physician()).token, authenticator);
      return { query: SIGN_IN_WITH_PASSKEY, variables: { r: authenticator.assert(await signInOptions(t.gql)) } };
    },
    expected: everyone,
  },
  {
    operation: 'Mutation.startPasskeyStepUp',
    call: async (t, who) => (await passkeyOf(t, who), { query: 'mutation { startPasskeyStepUp }' }),
    expected: loggedIn,
  },
  {
    operation: 'Mutation.stepUpWithPasskey',
    // A good assertion by the caller's own passkey for the caller's own challenge (for anonymous, someone's).
    call: async (t, who) => {
      const token = sessionOf(who) ?? (await t.make.physician()).token;
      const authenticator = new SoftAuthenticator();
      await addPasskey(t.gql, token, authenticator);
      const options = (await t.gql<{ startPasskeyStepUp: string }>('mutation { startPasskeyStepUp }', {}, { token })).data!.startPasskeyStepUp;
      return { query: 'mutation ($r: String!) { stepUpWithPasskey(response: $r) }', variables: { r: authenticator.assert(options) } };
    },
    expected: loggedIn,
  },
  {
    operation: 'Mutation.startTotpEnrolment',
    call: async () => ({ query: 'mutation { startTotpEnrolment { secret uri qrCode } }' }),
    expected: loggedIn,
    // An admin with a factor already has one: remove it first.
    okUnless: (caller) => (ADMINS_WITH_FACTOR.has(caller) ? 'BAD_USER_INPUT' : null),
  },
  {
    operation: 'Mutation.confirmTotpEnrolment',
    call: async (t, who) => {
      const started = await t.gql<{ startTotpEnrolment: { secret: string } }>('mutation { startTotpEnrolment { secret } }', {}, { token: who.token });
      const secret = started.data?.startTotpEnrolment.secret;
      return { query: 'mutation ($c: String!) { confirmTotpEnrolment(code: $c) }', variables: { c: secret ? codeAt(secret) : '123456' } };
    },
    expected: loggedIn,
    okUnless: (caller) => (ADMINS_WITH_FACTOR.has(caller) ? 'BAD_USER_INPUT' : null),
  },
  {
    operation: 'Mutation.regenerateRecoveryCodes',
    call: async (t, who) => ({ query: 'mutation ($c: String!) { regenerateRecoveryCodes(code: $c) }', variables: { c: await factorCode(t, who) } }),
    expected: loggedIn,
  },
  {
    operation: 'Mutation.removeTotp',
    call: async (t, who) => ({
      query: 'mutation ($p: String!, $c: String!) { removeTotp(password: $p, code: $c) }',
      variables: { p: TEST_PASSWORD, c: await factorCode(t, who) },
    }),
    expected: loggedIn,
    // An administrator cannot remove their last factor (one enrolled for the call, for adminNoFactor).
    okUnless: (caller) => (ADMINS_WITH_FACTOR.has(caller) || caller === 'adminNoFactor' ? 'BAD_USER_INPUT' : null),
  },
  {
    operation: 'Mutation.stepUp',
    call: async (t, who) => ({ query: 'mutation ($p: String!, $c: String!) { stepUp(password: $p, code: $c) }', variables: { p: TEST_PASSWORD, c: await factorCode(t, who) } }),
    expected: allow('admin', ...STAFF),
  },
  // Personal access tokens (docs/access-tokens.md): a signed-in client's own; never a token's.
  { operation: 'Query.myAccessTokens', call: async () => ({ query: '{ myAccessTokens { id prefix scopes } }' }), expected: clientOnly },
  {
    operation: 'Mutation.createAccessToken',
    call: async () => ({ query: 'mutation ($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token } }', variables: { i: { name: 'Table script', scopes: ['READ_REPORTS'] } } }),
    expected: clientOnly,
  },
  {
    operation: 'Mutation.revokeAccessToken',
    // The caller's own token when the caller is a client (or the token itself); another client's otherwise.
    call: async (t, who) => {
      const owner = who.account?.organizationId ? await t.db.accessToken.findFirst({ where: { accountId: who.account.id, revokedAt: null }, select: { id: true } }) : null;
      const id = owner?.id ?? (await makeAccessToken(t, who.account?.organizationId ? { client: { account: who.account, token: who.token!, sessionId: '' } as never } : {})).accessToken.id;
      return { query: 'mutation ($id: ID!) { revokeAccessToken(id: $id) { revokedAt } }', variables: { id } };
    },
    expected: clientOnly,
  },
];
let seq = 0;

/** A passkey row of the caller's account (for anonymous, of someone's). */
async function passkeyOf(t: TestApp, who: Who): Promise<string> {
  const accountId = who.account?.id ?? (await t.make.physician()).account.id;
  const passkey = await t.db.passkey.create({
    data: { accountId, credentialId: randomBytes(16).toString('base64url'), publicKey: new Uint8Array(randomBytes(77)), name: 'Table key', createdOn: new Date(new Date().toISOString().slice(0, 10)) },
  });
  return passkey.id;
}

/**
 * Each operation that takes arguments, called with arguments it refuses. Authorization comes
 * first: a caller who may not call the operation gets UNAUTHENTICATED or FORBIDDEN and learns
 * nothing of its input rules; a caller who may gets BAD_USER_INPUT. Arguments that GraphQL
 * itself refuses (a wrong type, a missing one) fail before execution and only restate the
 * public schema, so the rows use values of the right type that the operation's rules refuse.
 */
const X = 'not-a-uuid';
const INVALID: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  'Mutation.requestPasswordReset': { query: 'mutation { requestPasswordReset(email: "not-an-email") }' },
  'Mutation.resetPassword': { query: 'mutation { resetPassword(token: "", password: "glacier-violet-teapot-1987") }' },
  'Mutation.confirmEmail': { query: 'mutation { confirmEmail(token: "") }' },
  'Mutation.requestEmailChange': { query: 'mutation { requestEmailChange(newEmail: "not-an-email", password: "x") }' },
  'Mutation.register': {
    query: 'mutation ($i: RegisterInput!) { register(input: $i) { token } }',
    variables: { i: { email: 'not-an-email', password: 'glacier-violet-teapot-1987', role: 'PHYSICIAN' } },
  },
  'Mutation.login': { query: 'mutation { login(email: "not-an-email", password: "x") { token } }' },
  'Mutation.endSession': { query: 'mutation { endSession(id: "not-a-session") }' },
  'Mutation.deleteMyAccount': { query: 'mutation { deleteMyAccount(password: "") }' },
  'Mutation.finishPasskeyRegistration': { query: 'mutation { finishPasskeyRegistration(response: "", name: "Key") { id } }' },
  'Mutation.createAccessToken': {
    query: 'mutation ($i: CreateAccessTokenInput!) { createAccessToken(input: $i) { token } }',
    variables: { i: { name: ' ', scopes: [] } },
  },
  'Mutation.revokeAccessToken': { query: `mutation { revokeAccessToken(id: "${X}") { id } }` },
  'Mutation.renamePasskey': { query: `mutation { renamePasskey(id: "${X}", name: "Key") { id } }` },
  'Mutation.removePasskey': { query: `mutation { removePasskey(id: "${X}") }` },
  'Mutation.signInWithPasskey': { query: 'mutation { signInWithPasskey(response: "") { token } }' },
  'Mutation.stepUpWithPasskey': { query: 'mutation { stepUpWithPasskey(response: "") }' },
  'Mutation.submitCredential': {
    query: 'mutation ($i: CredentialInput!) { submitCredential(input: $i) { id } }',
    variables: { i: { country: 'France', registry: 'RPPS', licenseNumber: '1', specialty: 'cardiology', practiceStartYear: 1800 } },
  },
  'Query.verificationQueue': { query: '{ verificationQueue(first: 0) { edges { node { id } } } }' },
  'Query.auditLog': { query: '{ auditLog(first: 0) { edges { node { id } } } }' },
  'Mutation.reviewCredential': { query: `mutation { reviewCredential(id: "${X}", approve: false, reason: "") { id } }` },
  'Mutation.revokeCredential': { query: `mutation { revokeCredential(id: "${X}", reason: "") { id } }` },
  'Query.reverificationQueue': { query: '{ reverificationQueue(first: 0) { edges { node { id } } } }' },
  'Mutation.requestReverification': { query: `mutation { requestReverification(id: "${X}", reason: "") { id } }` },
  'Mutation.confirmReverification': { query: 'mutation { confirmReverification(id: "not-a-uuid") { id } }' },
  'Mutation.issueSurveyToken': { query: `mutation { issueSurveyToken(surveyId: "${X}", blindedMessage: "not base64url!") { segment } }` },
  'Mutation.submitSurveyResponse': {
    query: 'mutation ($i: SurveyResponseInput!) { submitSurveyResponse(input: $i) { receiptBlindSignature } }',
    variables: { i: { surveyId: X, segment: '', token: { message: '!', signature: '!' }, answers: [], receiptBlindedMessage: '!' } },
  },
  'Mutation.redeemSurveyReceipt': { query: `mutation { redeemSurveyReceipt(surveyId: "${X}", receipt: { message: "!", signature: "!" }) { balanceCents } }` },
  'Query.surveyReach': { query: '{ surveyReach(targeting: { countries: ["Atlantis"] }) { enough } }' },
  'Mutation.createSurvey': { query: 'mutation ($i: SurveyInput!) { createSurvey(input: $i) { id } }', variables: { i: { ...SURVEY_INPUT, title: '' } } },
  'Mutation.updateSurvey': { query: 'mutation ($i: SurveyInput!) { updateSurvey(id: "' + X + '", input: $i) { id } }', variables: { i: SURVEY_INPUT } },
  'Mutation.submitSurvey': { query: `mutation { submitSurvey(id: "${X}") { id } }` },
  'Mutation.reviewSurvey': { query: `mutation { reviewSurvey(id: "${X}", approve: true) { id } }` },
  'Mutation.closeSurvey': { query: `mutation { closeSurvey(id: "${X}") { id } }` },
  'Query.survey': { query: `{ survey(id: "${X}") { id } }` },
  'Mutation.setSurveyRepeat': { query: `mutation { setSurveyRepeat(surveyId: "${X}", cadence: WEEKLY, waves: 1) { id } }` },
  'Query.surveySeries': { query: '{ surveySeries(id: "not-a-uuid") { id } }' },
  'Mutation.stopSurveySeries': { query: 'mutation { stopSurveySeries(id: "not-a-uuid") { id } }' },
  'Mutation.prepareSurveyKeys': { query: 'mutation { prepareSurveyKeys(surveyId: "not-a-uuid") }' },
  'Query.feed': { query: '{ feed(room: "no-such-room") { edges { node { id } } } }' },
  'Query.thread': { query: `{ thread(id: "${X}") { id } }` },
  'Query.search': { query: '{ search(query: " ") { edges { node { id } } } }' },
  'Query.tags': { query: '{ tags(room: "no-such-room") { tag } }' },
  'Query.notifications': { query: '{ notifications(first: 0) { unreadCount } }' },
  'Mutation.markNotificationsRead': { query: `mutation { markNotificationsRead(ids: ["${X}"]) }` },
  'Mutation.createThread': { query: 'mutation { createThread(input: { room: "general", title: "", body: "" }) { id } }' },
  'Mutation.reply': { query: `mutation { reply(input: { threadId: "${X}", body: "" }) { id } }` },
  'Mutation.vote': { query: `mutation { vote(postId: "${X}", value: 1) }` },
  'Mutation.votePoll': { query: `mutation { votePoll(pollId: "${X}", optionId: "${X}") { id } }` },
  'Mutation.reportPost': { query: `mutation { reportPost(postId: "${X}", reason: "") }` },
  'Mutation.editPost': { query: `mutation { editPost(postId: "${X}", body: " ") { id } }` },
  'Query.postHistory': { query: '{ postHistory(postId: "not-a-uuid") { threadId } }' },
  'Mutation.setBookmark': { query: `mutation { setBookmark(threadId: "${X}", bookmarked: true) }` },
  'Mutation.askSpecialist': { query: 'mutation { askSpecialist(input: { specialty: "astrology", region: " ", urgency: URGENT, title: "T", body: "" }) { id } }' },
  'Mutation.markHelpfulAnswer': { query: 'mutation { markHelpfulAnswer(threadId: "not-a-uuid") { id } }' },
  'Mutation.solveQuestion': { query: `mutation { solveQuestion(threadId: "${X}", outcome: "") { id } }` },
  'Mutation.reopenQuestion': { query: 'mutation { reopenQuestion(threadId: "not-a-uuid") { id } }' },
  'Mutation.setSpecialistAvailability': { query: 'mutation { setSpecialistAvailability(input: { optedIn: true, quietStartHour: 25, timeZone: "Mars/Olympus" }) { optedIn } }' },
  'Query.specialtyAnswerTime': { query: '{ specialtyAnswerTime(specialty: "astrology") }' },
  'Query.specialistRegions': { query: '{ specialistRegions(specialty: "astrology", country: "Atlantis") { name } }' },
  'Query.followLevel': { query: '{ followLevel(targetKind: ROOM, target: "no-such-room") }' },
  'Mutation.setFollow': { query: `mutation { setFollow(targetKind: THREAD, target: "${X}", level: WATCHING) }` },
  'Mutation.unsubscribeMail': { query: 'mutation { unsubscribeMail(token: "") }' },
  'Query.moderationQueue': { query: '{ moderationQueue(first: 0) { edges { node { reportCount } } } }' },
  'Query.conversations': { query: '{ conversations(first: 0) { unreadCount } }' },
  'Mutation.subscribePush': { query: 'mutation { subscribePush(input: { endpoint: "ftp://x", p256dh: "!", auth: "!" }) { id } }' },
  'Mutation.unsubscribePush': { query: 'mutation { unsubscribePush(id: "not-a-uuid") }' },
  'Query.conversation': { query: '{ conversation(id: "not-a-uuid") { id } }' },
  'Mutation.startConversation': { query: 'mutation { startConversation(input: { handles: [], body: " " }) { id } }' },
  'Mutation.sendMessage': { query: `mutation { sendMessage(conversationId: "${X}", body: "") { id } }` },
  'Mutation.markConversationRead': { query: 'mutation { markConversationRead(conversationId: "not-a-uuid") }' },
  'Mutation.setPseudonymBlocked': { query: 'mutation { setPseudonymBlocked(pseudonymId: "not-a-uuid", blocked: true) }' },
  'Mutation.reportMessage': { query: `mutation { reportMessage(messageId: "${X}", reason: "") }` },
  'Query.messageReports': { query: '{ messageReports(first: 0) { edges { cursor } } }' },
  'Mutation.resolveMessageReport': { query: `mutation { resolveMessageReport(reportId: "${X}", reason: "") }` },
  'Query.transparencyPage': { query: '{ transparencyPage(first: 0) { edges { cursor } } }' },
  'Query.ordersPage': { query: '{ ordersPage(first: 101) { edges { cursor } } }' },
  'Query.mySurveysPage': { query: '{ mySurveysPage(first: 0) { edges { cursor } } }' },
  'Query.surveysForReviewPage': { query: '{ surveysForReviewPage(first: -1) { edges { cursor } } }' },
  'Query.myHonorariaPage': { query: '{ myHonorariaPage(first: 0) { edges { cursor } } }' },
  // The issue's own example: a short reason, by a physician, was answered BAD_USER_INPUT.
  'Mutation.moderatePost': { query: `mutation { moderatePost(postId: "${X}", action: HIDE, reason: "") { id } }` },
  'Mutation.suspendPseudonym': { query: `mutation { suspendPseudonym(pseudonymId: "${X}", reason: "") { id } }` },
  'Mutation.unsuspendPseudonym': { query: `mutation { unsuspendPseudonym(pseudonymId: "${X}", reason: "") { id } }` },
  'Query.orderQuote': { query: `{ orderQuote(surveyId: "${X}") { amountCents } }` },
  'Mutation.orderReport': { query: `mutation { orderReport(surveyId: "${X}") { id } }` },
  'Mutation.duplicateSurvey': { query: `mutation { duplicateSurvey(id: "${X}") { id } }` },
  'Mutation.updateOrganizationBilling': {
    query: 'mutation ($i: OrganizationBillingInput!) { updateOrganizationBilling(input: $i) { id } }',
    variables: { i: { name: 'Agence test', billingAddress: '1 avenue du Test', city: 'Paris', country: 'FR', vatNumber: 'FR00000000000' } },
  },
  'Query.reportPreview': { query: `{ reportPreview(surveyId: "${X}") { outlook } }` },
  'Mutation.markOrderPaid': { query: `mutation { markOrderPaid(orderId: "${X}") { id } }` },
  'Query.report': { query: `{ report(surveyId: "${X}") { status } }` },
  'Mutation.retryReport': { query: `mutation { retryReport(surveyId: "${X}") { status } }` },
  'Mutation.grantStaffRole': { query: `mutation { grantStaffRole(accountId: "${X}", role: VERIFIER, reason: "") { id } }` },
  'Mutation.withdrawStaffRole': { query: `mutation { withdrawStaffRole(accountId: "${X}", role: VERIFIER, reason: "") { id } }` },
  'Mutation.confirmTotpEnrolment': { query: 'mutation { confirmTotpEnrolment(code: "") }' },
  'Mutation.regenerateRecoveryCodes': { query: 'mutation { regenerateRecoveryCodes(code: "") }' },
  'Mutation.removeTotp': { query: 'mutation { removeTotp(password: "", code: "") }' },
  'Mutation.stepUp': { query: 'mutation { stepUp(password: "", code: "") }' },
  'Query.group': { query: '{ group(id: "not-a-uuid") { id } }' },
  'Mutation.createGroup': { query: 'mutation { createGroup(input: { name: "x", kind: GLEM }) { id } }' },
  'Mutation.createGroupInvite': { query: `mutation { createGroupInvite(groupId: "${X}", maxUses: 0, expiresOn: "tomorrow") { code } }` },
  'Mutation.revokeGroupInvite': { query: `mutation { revokeGroupInvite(inviteId: "${X}") }` },
  'Mutation.joinGroup': { query: 'mutation { joinGroup(code: " ") { id } }' },
  'Mutation.leaveGroup': { query: `mutation { leaveGroup(groupId: "${X}") }` },
  'Mutation.removeGroupMember': { query: `mutation { removeGroupMember(groupId: "${X}", pseudonymId: "${X}") }` },
  'Mutation.transferGroupOwnership': { query: `mutation { transferGroupOwnership(groupId: "${X}", pseudonymId: "${X}") { id } }` },
  'Mutation.setGroupMentor': { query: `mutation { setGroupMentor(groupId: "${X}", pseudonymId: "${X}", mentor: true) { id } }` },
};

/** A fresh thread (by a pseudonym of its own) for each call, so that rows do not interfere. */
async function discussionThread(t: TestApp) {
  const pseudonym = await t.db.pseudonym.create({ data: { key: new Uint8Array(randomBytes(32)), handle: `Table-${unique()}`, specialty: 'cardiology', country: 'FR' } });
  const id = crypto.randomUUID();
  await t.db.thread.create({ data: { id, room: 'general', title: 'Table thread', tags: [], authorId: pseudonym.id } });
  await t.db.post.create({ data: { id, threadId: id, openingOf: id, authorId: pseudonym.id, body: 'Body' } });
  return { id, authorId: pseudonym.id };
}
const threadId = async (t: TestApp) => (await discussionThread(t)).id;
/** A fresh pseudonym of nobody at the table: someone to message or block. */
const tablePseudonym = (t: TestApp) =>
  t.db.pseudonym.create({ data: { key: new Uint8Array(randomBytes(32)), handle: `Table-${unique()}`, specialty: 'cardiology', country: 'FR' } });
/** A conversation with one message, the caller's own when they have a pseudonym; between others otherwise. */
async function ownConversation(t: TestApp, who: Who) {
  const mine = (who.account && (await t.db.pseudonym.findUnique({ where: { key: pseudonymKey(t.env.PSEUDONYM_SECRET, who.account.id) } }))) || (await tablePseudonym(t));
  const other = await tablePseudonym(t);
  const conversation = await t.db.conversation.create({ data: { lastSeq: 1, members: { create: [{ pseudonymId: mine.id }, { pseudonymId: other.id, activity: 1 }] } } });
  const message = await t.db.message.create({ data: { conversationId: conversation.id, seq: 1, authorId: other.id, body: 'Hello', day: new Date() } });
  return { id: conversation.id, messageId: message.id };
}
/**
 * A group with a member of nobody at the table (`otherId`) and an invitation (`code`, `inviteId`);
 * the caller, when they have a pseudonym, is in it with `role` (none: a non-member).
 */
async function groupFor(t: TestApp, who: Who, role: 'OWNER' | 'MEMBER' | null) {
  const mine = who.account && (await t.db.pseudonym.findUnique({ where: { key: pseudonymKey(t.env.PSEUDONYM_SECRET, who.account.id) } }));
  const other = await tablePseudonym(t);
  const members = [{ pseudonymId: other.id, role: role === 'OWNER' && mine ? ('MEMBER' as const) : ('OWNER' as const) }, ...(mine && role ? [{ pseudonymId: mine.id, role }] : [])];
  const code = `table-${unique()}${unique()}`;
  const group = await t.db.peerGroup.create({ data: { name: 'Table group', kind: 'OTHER', members: { create: members }, invites: { create: { codeHash: hashCode(code) } } }, include: { invites: true } });
  return { id: group.id, otherId: other.id, code, inviteId: group.invites[0]!.id };
}
/** An owner-only group operation: as the owner (allowed), as a member (FORBIDDEN), as a non-member (not found). */
function groupRows(name: string, query: string, vars: (g: Awaited<ReturnType<typeof groupFor>>) => Record<string, unknown>, memberForbidden = true): Row[] {
  const row = (role: 'OWNER' | 'MEMBER' | null, own: string | null): Row => ({
    operation: `Mutation.${name}`,
    call: async (t, who) => {
      const g = await groupFor(t, who, role);
      return { query, variables: { g: g.id, ...vars(g) } };
    },
    expected: verifiedOnly,
    ...(own && { okUnless: (caller: Caller) => (caller === 'verified' ? own : null) }),
  });
  return [row('OWNER', null), row('MEMBER', memberForbidden ? 'FORBIDDEN' : 'BAD_USER_INPUT'), row(null, 'BAD_USER_INPUT')];
}
/** A thread by the caller's own pseudonym when they have one; someone else's otherwise. */
async function ownThreadId(t: TestApp, who: Who) {
  const mine = who.account && (await t.db.pseudonym.findUnique({ where: { key: pseudonymKey(t.env.PSEUDONYM_SECRET, who.account.id) } }));
  if (!mine) return threadId(t);
  const id = crypto.randomUUID();
  await t.db.thread.create({ data: { id, room: 'general', title: 'My table thread', tags: [], authorId: mine.id } });
  await t.db.post.create({ data: { id, threadId: id, openingOf: id, authorId: mine.id, body: 'Body' } });
  return id;
}

/** A question the caller asked when they have a pseudonym (only its asker may mark or solve it), another's otherwise. */
async function ownQuestionId(t: TestApp, who: Who) {
  const id = await ownThreadId(t, who);
  await t.db.threadQuestion.upsert({ where: { threadId: id }, create: { threadId: id, specialty: 'cardiology', urgency: 'ROUTINE' }, update: {} });
  return id;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100', VAPID_PUBLIC_KEY: generateVapidKeys().publicKey });
});
afterAll(() => t.close());

async function callerFor(caller: Caller): Promise<Who> {
  switch (caller) {
    case 'anonymous':
      return { token: undefined, account: null };
    case 'unverified':
      return t.make.physician();
    case 'pending':
    case 'rejected':
    case 'verified':
    case 'revoked':
      return t.make[`${caller}Physician`]();
    case 'adminNoStepUp':
      return t.make.admin({ steppedUp: false });
    case 'adminNoFactor':
      return t.make.admin({ secondFactor: false });
    case 'clientToken': {
      const { token, account } = await makeAccessToken(t);
      return { token, account };
    }
    case 'client':
    case 'admin':
    case 'unconfirmedPhysician':
    case 'unconfirmedClient':
      return t.make[caller]();
    default:
      return t.make.staff([caller.toUpperCase() as Uppercase<typeof caller>]);
  }
}

describe('authorization table', () => {
  it('has a row for every query and mutation of the schema', () => {
    const operations = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `Mutation.${f}`),
    ];
    expect(operations.filter((op) => !TABLE.some((row) => row.operation === op))).toEqual([]);
  });

  it('has a row with invalid arguments for every operation that takes arguments', () => {
    const operations = [
      ...Object.entries(schema.getQueryType()!.getFields()).map(([f, field]) => [`Query.${f}`, field.args.length] as const),
      ...Object.entries(schema.getMutationType()!.getFields()).map(([f, field]) => [`Mutation.${f}`, field.args.length] as const),
    ];
    // reportJobs and setMailFrequency take only an enum, which GraphQL itself checks before execution.
    const missing = operations.filter(([op, args]) => args > 0 && !(op in INVALID) && op !== 'Query.reportJobs' && op !== 'Mutation.setMailFrequency').map(([op]) => op);
    expect(missing).toEqual([]);
  });

  for (const row of TABLE) {
    const invalid = INVALID[row.operation];
    if (!invalid || row.fieldScope) continue;
    for (const caller of CALLERS) {
      const expected = row.expected[caller] === 'ok' ? 'BAD_USER_INPUT' : row.expected[caller];
      it(`${row.operation} with invalid arguments as ${caller}: ${expected}`, async () => {
        const who = await callerFor(caller);
        const res = await t.gql(invalid.query, invalid.variables, { token: who.token, ip: `192.0.2.${Math.floor(Math.random() * 250)}` });
        expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe(expected);
        if (expected !== 'BAD_USER_INPUT') expect(res.errors?.[0]?.extensions?.field).toBeUndefined();
      });
    }
  }

  for (const row of TABLE) {
    for (const caller of CALLERS) {
      it(`${row.operation} as ${caller}: ${row.expected[caller]}`, async () => {
        const who = await callerFor(caller);
        const { query, variables } = await row.call(t, who);
        const res = await t.gql(query, variables, { token: who.token, ip: `192.0.2.${Math.floor(Math.random() * 250)}` });
        const code = res.errors?.[0]?.extensions?.code;
        const ownError = row.okUnless?.(caller) ?? null;
        if (row.expected[caller] === 'ok' && ownError) {
          expect(code).toBe(ownError);
        } else if (row.expected[caller] === 'ok') {
          expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
        } else {
          expect(code).toBe(row.expected[caller]);
          // A nullable field answers null beside the error; a non-null one nulls the whole data.
          expect(Object.values(res.data ?? {}).every((value) => value === null)).toBe(true);
        }
      });
    }
  }
});
