/**
 * Every cursor (`after`/`before`) and every id the schema takes, sent malformed by a caller who
 * may call the operation: the answer is BAD_USER_INPUT naming the argument, never a masked 500
 * from a value the database refuses. A test fails when the schema gains such an argument that
 * has no row here.
 */
import {
  getNamedType,
  isInputObjectType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from './schema/connection.ts';
import { schema } from './schema/index.ts';
import { postThread } from './test/discussion.ts';
import { createTestApp, type TestApp } from './test/harness.ts';

type Caller = 'verified' | 'client' | 'admin';
const UUID = '6f1c1d1e-8a4b-4c2d-9e3f-0a1b2c3d4e5f';
const b64 = (text: string) => Buffer.from(text).toString('base64url');

const MALFORMED_IDS = ['not-a-uuid', '', '123', `${UUID}0`, UUID.replace('6', 'g'), "' OR 1=1 --"];
const MALFORMED_CURSORS: Record<string, string> = {
  'garbage base64': '%%%not base64%%%',
  'base64 with padding and spaces': 'WyJ4Il0= ',
  'valid base64 of garbage': b64('hello, world'),
  'valid base64 of a JSON object': b64(JSON.stringify({ at: '2026-01-01T00:00:00.000Z', id: UUID })),
  'wrong shape: one element': b64(JSON.stringify([UUID])),
  'wrong shape: three elements': b64(JSON.stringify(['2026-01-01T00:00:00.000Z', UUID, 1])),
  'sort value not an instant': encodeCursor('yesterday', UUID),
  'sort value a number where an instant is due': b64(JSON.stringify([12, UUID])),
  'id not a uuid': encodeCursor(new Date('2026-01-01T00:00:00Z'), 'not-a-uuid'),
  'id not a string': b64(JSON.stringify(['2026-01-01T00:00:00.000Z', 42])),
};
/** Search ranks by a number and the moderation queue by "open|instant": each refuses the other's. */
const { 'sort value a number where an instant is due': _rank, ...NOT_RANKS } = MALFORMED_CURSORS;
const SEARCH_CURSORS = { ...NOT_RANKS, 'rank not a number': encodeCursor('0.5', UUID), 'rank an instant': encodeCursor(new Date(), UUID) };
/** Conversations and messages page by a whole counter: a fraction is refused as surely as an instant. */
const COUNTER_CURSORS = { ...SEARCH_CURSORS, 'counter not a whole number': encodeCursor(0.5 as never, UUID) };
const QUEUE_CURSORS = { ...MALFORMED_CURSORS, 'open flag missing': encodeCursor(new Date(), UUID), 'open flag not 0 or 1': encodeCursor('2|2026-01-01T00:00:00.000Z', UUID) };

interface Row {
  /** Type.field(argument path), as `argumentsOf` names it. */
  coordinate: string;
  caller: Caller;
  /** The field `extensions.field` names. */
  field: string;
  kind: 'id' | 'cursor';
  call: (value: string) => { query: string; variables: Record<string, unknown> };
  cursors?: Record<string, string>;
}

const SURVEY_INPUT = { title: 'Survey', description: '', questions: [{ kind: 'TEXT', prompt: 'Why?' }], sampleSize: 10, honorariumCents: 0 };
const RESPONSE = (patch: Record<string, unknown>, answer: Record<string, unknown> = {}) => ({
  i: { surveyId: UUID, segment: '*|*|*', token: { message: 'AAAA', signature: 'AAAA' }, answers: [{ questionId: UUID, ...answer }], receiptBlindedMessage: 'AAAA', ...patch },
});
const id = (coordinate: string, caller: Caller, field: string, query: string, vars: (v: string) => Record<string, unknown> = (v) => ({ v })): Row => ({
  coordinate,
  caller,
  field,
  kind: 'id',
  call: (v) => ({ query, variables: vars(v) }),
});
const cursor = (coordinate: string, caller: Caller, query: string, cursors = MALFORMED_CURSORS): Row => ({
  coordinate,
  caller,
  field: 'after',
  kind: 'cursor',
  call: (v) => ({ query, variables: { v } }),
  cursors,
});

let threadId = '';
let conversationId = '';
let groupId = '';
const ROWS: Row[] = [
  cursor('Query.feed(after)', 'verified', 'query ($v: String) { feed(after: $v) { edges { cursor } } }'),
  cursor('Query.search(after)', 'verified', 'query ($v: String) { search(query: "syncope", after: $v) { edges { cursor } } }', SEARCH_CURSORS),
  cursor('Query.notifications(after)', 'verified', 'query ($v: String) { notifications(after: $v) { unreadCount } }'),
  cursor('Query.verificationQueue(after)', 'admin', 'query ($v: String) { verificationQueue(after: $v) { edges { cursor } } }'),
  cursor('Query.reverificationQueue(after)', 'admin', 'query ($v: String) { reverificationQueue(after: $v) { edges { cursor } } }'),
  cursor('Query.auditLog(after)', 'admin', 'query ($v: String) { auditLog(after: $v) { edges { cursor } } }'),
  cursor('Query.moderationQueue(after)', 'admin', 'query ($v: String) { moderationQueue(after: $v) { edges { cursor } } }', QUEUE_CURSORS),
  cursor('Query.transparencyPage(after)', 'verified', 'query ($v: String) { transparencyPage(after: $v) { edges { cursor } } }'),
  cursor('Query.ordersPage(after)', 'client', 'query ($v: String) { ordersPage(after: $v) { edges { cursor } } }'),
  cursor('Query.mySurveysPage(after)', 'client', 'query ($v: String) { mySurveysPage(after: $v) { edges { cursor } } }'),
  cursor('Query.surveysForReviewPage(after)', 'admin', 'query ($v: String) { surveysForReviewPage(after: $v) { edges { cursor } } }'),
  cursor('Query.myHonorariaPage(after)', 'verified', 'query ($v: String) { myHonorariaPage(after: $v) { edges { cursor } } }'),
  {
    ...cursor('Thread.replies(after)', 'verified', ''),
    call: (v) => ({ query: 'query ($id: ID!, $v: String) { thread(id: $id) { replies(after: $v) { edges { cursor } } } }', variables: { id: threadId, v } }),
  },
  id('Query.survey(id)', 'admin', 'id', 'query ($v: ID!) { survey(id: $v) { id } }'),
  id('Query.thread(id)', 'verified', 'id', 'query ($v: ID!) { thread(id: $v) { id } }'),
  id('Query.ordersPage(surveyId)', 'client', 'surveyId', 'query ($v: ID!) { ordersPage(surveyId: $v) { edges { cursor } } }'),
  id('Query.orderQuote(surveyId)', 'admin', 'surveyId', 'query ($v: ID!) { orderQuote(surveyId: $v) { amountCents } }'),
  id('Query.reportPreview(surveyId)', 'client', 'surveyId', 'query ($v: ID!) { reportPreview(surveyId: $v) { outlook } }'),
  id('Query.report(surveyId)', 'admin', 'surveyId', 'query ($v: ID!) { report(surveyId: $v) { status } }'),
  id('Mutation.reviewCredential(id)', 'admin', 'id', 'mutation ($v: ID!) { reviewCredential(id: $v, approve: true) { id } }'),
  id('Mutation.revokeCredential(id)', 'admin', 'id', 'mutation ($v: ID!) { revokeCredential(id: $v, reason: "Struck off") { id } }'),
  id('Mutation.requestReverification(id)', 'admin', 'id', 'mutation ($v: ID!) { requestReverification(id: $v, reason: "Check") { id } }'),
  id('Mutation.confirmReverification(id)', 'admin', 'id', 'mutation ($v: ID!) { confirmReverification(id: $v) { id } }'),
  id('Mutation.issueSurveyToken(surveyId)', 'verified', 'surveyId', 'mutation ($v: ID!) { issueSurveyToken(surveyId: $v, blindedMessage: "AAAA") { segment } }'),
  id('Mutation.redeemSurveyReceipt(surveyId)', 'verified', 'surveyId', 'mutation ($v: ID!) { redeemSurveyReceipt(surveyId: $v, receipt: { message: "AAAA", signature: "AAAA" }) { balanceCents } }'),
  ...(['surveyId', 'answers.questionId', 'answers.choiceIds'] as const).map((path) =>
    id(
      `Mutation.submitSurveyResponse(input.${path})`,
      'verified',
      path === 'surveyId' ? 'surveyId' : path === 'answers.questionId' ? 'answers.0.questionId' : 'answers.0.choiceIds.0',
      'mutation ($i: SurveyResponseInput!) { submitSurveyResponse(input: $i) { receiptBlindSignature } }',
      (v) => (path === 'surveyId' ? RESPONSE({ surveyId: v }) : path === 'answers.questionId' ? RESPONSE({}, { questionId: v }) : RESPONSE({}, { choiceIds: [v] })),
    ),
  ),
  ...(['itemId', 'choiceId'] as const).map((part) =>
    id(
      `Mutation.submitSurveyResponse(input.answers.items.${part})`,
      'verified',
      `answers.0.items.0.${part}`,
      'mutation ($i: SurveyResponseInput!) { submitSurveyResponse(input: $i) { receiptBlindSignature } }',
      (v) => RESPONSE({}, { items: [{ itemId: UUID, choiceId: UUID, [part]: v }] }),
    ),
  ),
  id('Mutation.updateSurvey(id)', 'client', 'id', 'mutation ($v: ID!, $i: SurveyInput!) { updateSurvey(id: $v, input: $i) { id } }', (v) => ({ v, i: SURVEY_INPUT })),
  id('Mutation.submitSurvey(id)', 'client', 'id', 'mutation ($v: ID!) { submitSurvey(id: $v) { id } }'),
  id('Mutation.duplicateSurvey(id)', 'client', 'id', 'mutation ($v: ID!) { duplicateSurvey(id: $v) { id } }'),
  id('Mutation.reviewSurvey(id)', 'admin', 'id', 'mutation ($v: ID!) { reviewSurvey(id: $v, approve: true) { id } }'),
  id('Mutation.closeSurvey(id)', 'admin', 'id', 'mutation ($v: ID!) { closeSurvey(id: $v) { id } }'),
  id('Mutation.setSurveyRepeat(surveyId)', 'client', 'surveyId', 'mutation ($v: ID!) { setSurveyRepeat(surveyId: $v, cadence: WEEKLY, waves: 4) { id } }'),
  id('Query.surveySeries(id)', 'admin', 'id', 'query ($v: ID!) { surveySeries(id: $v) { id } }'),
  id('Mutation.stopSurveySeries(id)', 'admin', 'id', 'mutation ($v: ID!) { stopSurveySeries(id: $v) { id } }'),
  id('Mutation.prepareSurveyKeys(surveyId)', 'verified', 'surveyId', 'mutation ($v: ID!) { prepareSurveyKeys(surveyId: $v) }'),
  id('Mutation.markNotificationsRead(ids)', 'verified', 'ids.0', 'mutation ($v: ID!) { markNotificationsRead(ids: [$v]) }'),
  id('Mutation.markNotificationsRead(threadId)', 'verified', 'threadId', 'mutation ($v: ID!) { markNotificationsRead(threadId: $v) }'),
  id('Mutation.createThread(input.attachmentIds)', 'verified', 'attachmentIds.0', 'mutation ($v: ID!) { createThread(input: { room: "general", title: "Title", body: "Body", attachmentIds: [$v] }) { id } }'),
  id('Mutation.reply(input.threadId)', 'verified', 'threadId', 'mutation ($v: ID!) { reply(input: { threadId: $v, body: "Body" }) { id } }'),
  id('Mutation.reply(input.parentId)', 'verified', 'parentId', `mutation ($v: ID!) { reply(input: { threadId: "${UUID}", parentId: $v, body: "Body" }) { id } }`),
  id('Mutation.vote(postId)', 'verified', 'postId', 'mutation ($v: ID!) { vote(postId: $v, value: 1) }'),
  id('Mutation.votePoll(pollId)', 'verified', 'pollId', `mutation ($v: ID!) { votePoll(pollId: $v, optionId: "${UUID}") { id } }`),
  id('Mutation.votePoll(optionId)', 'verified', 'optionId', `mutation ($v: ID!) { votePoll(pollId: "${UUID}", optionId: $v) { id } }`),
  id('Mutation.editPost(postId)', 'verified', 'postId', 'mutation ($v: ID!) { editPost(postId: $v, body: "Edited") { id } }'),
  id('Query.postHistory(postId)', 'verified', 'postId', 'query ($v: ID!) { postHistory(postId: $v) { threadId } }'),
  id('Mutation.setBookmark(threadId)', 'verified', 'threadId', 'mutation ($v: ID!) { setBookmark(threadId: $v, bookmarked: true) }'),
  id('Mutation.askSpecialist(input.attachmentIds)', 'verified', 'attachmentIds.0', 'mutation ($v: ID!) { askSpecialist(input: { specialty: "cardiology", urgency: ROUTINE, title: "Title", body: "Body", attachmentIds: [$v] }) { id } }'),
  id('Mutation.markHelpfulAnswer(threadId)', 'verified', 'threadId', 'mutation ($v: ID!) { markHelpfulAnswer(threadId: $v) { id } }'),
  id('Mutation.markHelpfulAnswer(postId)', 'verified', 'postId', `mutation ($v: ID!) { markHelpfulAnswer(threadId: "${UUID}", postId: $v) { id } }`),
  id('Mutation.solveQuestion(threadId)', 'verified', 'threadId', 'mutation ($v: ID!) { solveQuestion(threadId: $v, outcome: "Solved") { id } }'),
  id('Mutation.reopenQuestion(threadId)', 'verified', 'threadId', 'mutation ($v: ID!) { reopenQuestion(threadId: $v) { id } }'),
  id('Mutation.reportPost(postId)', 'verified', 'postId', 'mutation ($v: ID!) { reportPost(postId: $v, reason: "Off topic") }'),
  id('Mutation.moderatePost(postId)', 'admin', 'postId', 'mutation ($v: ID!) { moderatePost(postId: $v, action: HIDE, reason: "Off topic") { id } }'),
  id('Mutation.suspendPseudonym(pseudonymId)', 'admin', 'pseudonymId', 'mutation ($v: ID!) { suspendPseudonym(pseudonymId: $v, reason: "Spam") { id } }'),
  id('Mutation.unsuspendPseudonym(pseudonymId)', 'admin', 'pseudonymId', 'mutation ($v: ID!) { unsuspendPseudonym(pseudonymId: $v, reason: "Appeal") { id } }'),
  cursor('Query.conversations(after)', 'verified', 'query ($v: String) { conversations(after: $v) { unreadCount } }', COUNTER_CURSORS),
  {
    ...cursor('Conversation.messages(after)', 'verified', '', COUNTER_CURSORS),
    call: (v) => ({ query: 'query ($c: ID!, $v: String) { conversation(id: $c) { messages(after: $v) { edges { cursor } } } }', variables: { c: conversationId, v } }),
  },
  cursor('Query.messageReports(after)', 'admin', 'query ($v: String) { messageReports(after: $v) { edges { cursor } } }'),
  id('Query.conversation(id)', 'verified', 'id', 'query ($v: ID!) { conversation(id: $v) { id } }'),
  id('Mutation.sendMessage(conversationId)', 'verified', 'conversationId', 'mutation ($v: ID!) { sendMessage(conversationId: $v, body: "Hello") { id } }'),
  id('Mutation.markConversationRead(conversationId)', 'verified', 'conversationId', 'mutation ($v: ID!) { markConversationRead(conversationId: $v) }'),
  id('Mutation.setPseudonymBlocked(pseudonymId)', 'verified', 'pseudonymId', 'mutation ($v: ID!) { setPseudonymBlocked(pseudonymId: $v, blocked: true) }'),
  id('Mutation.reportMessage(messageId)', 'verified', 'messageId', 'mutation ($v: ID!) { reportMessage(messageId: $v, reason: "Insulting") }'),
  id('Mutation.resolveMessageReport(reportId)', 'admin', 'reportId', 'mutation ($v: ID!) { resolveMessageReport(reportId: $v, reason: "Dealt with") }'),
  id('Query.feed(group)', 'verified', 'group', 'query ($v: ID) { feed(group: $v) { edges { cursor } } }'),
  id('Query.group(id)', 'verified', 'id', 'query ($v: ID!) { group(id: $v) { id } }'),
  id('Mutation.createThread(input.groupId)', 'verified', 'groupId', 'mutation ($v: ID!) { createThread(input: { room: "general", title: "Title", body: "Body", groupId: $v }) { id } }'),
  {
    ...cursor('PeerGroup.threads(after)', 'verified', ''),
    call: (v) => ({ query: 'query ($g: ID!, $v: String) { group(id: $g) { threads(after: $v) { edges { cursor } } } }', variables: { g: groupId, v } }),
  },
  id('Mutation.createGroupInvite(groupId)', 'verified', 'groupId', 'mutation ($v: ID!) { createGroupInvite(groupId: $v) { code } }'),
  id('Mutation.revokeGroupInvite(inviteId)', 'verified', 'inviteId', 'mutation ($v: ID!) { revokeGroupInvite(inviteId: $v) }'),
  id('Mutation.leaveGroup(groupId)', 'verified', 'groupId', 'mutation ($v: ID!) { leaveGroup(groupId: $v) }'),
  ...(['removeGroupMember', 'transferGroupOwnership', 'setGroupMentor'] as const).flatMap((op) => {
    const tail = op === 'removeGroupMember' ? '' : ' { id }';
    const extra = op === 'setGroupMentor' ? ', mentor: true' : '';
    return [
      id(`Mutation.${op}(groupId)`, 'verified', 'groupId', `mutation ($v: ID!, $p: ID!) { ${op}(groupId: $v, pseudonymId: $p${extra})${tail} }`, (v) => ({ v, p: UUID })),
      id(`Mutation.${op}(pseudonymId)`, 'verified', 'pseudonymId', `mutation ($g: ID!, $v: ID!) { ${op}(groupId: $g, pseudonymId: $v${extra})${tail} }`, (v) => ({ g: groupId, v })),
    ];
  }),
  id('Mutation.orderReport(surveyId)', 'client', 'surveyId', 'mutation ($v: ID!) { orderReport(surveyId: $v) { id } }'),
  id('Mutation.markOrderPaid(orderId)', 'admin', 'orderId', 'mutation ($v: ID!) { markOrderPaid(orderId: $v) { id } }'),
  id('Mutation.retryReport(surveyId)', 'admin', 'surveyId', 'mutation ($v: ID!) { retryReport(surveyId: $v) { status } }'),
  id('Mutation.endSession(id)', 'verified', 'id', 'mutation ($v: ID!) { endSession(id: $v) }'),
  id('Mutation.grantStaffRole(accountId)', 'admin', 'accountId', 'mutation ($v: ID!) { grantStaffRole(accountId: $v, role: VERIFIER, reason: "Joins the team") { id } }'),
  id('Mutation.withdrawStaffRole(accountId)', 'admin', 'accountId', 'mutation ($v: ID!) { withdrawStaffRole(accountId: $v, role: VERIFIER, reason: "Leaves the team") { id } }'),
  id('Mutation.renamePasskey(id)', 'verified', 'id', 'mutation ($v: ID!) { renamePasskey(id: $v, name: "Key") { id } }'),
  id('Mutation.removePasskey(id)', 'admin', 'id', 'mutation ($v: ID!) { removePasskey(id: $v) }'),
  id('Mutation.revokeAccessToken(id)', 'client', 'id', 'mutation ($v: ID!) { revokeAccessToken(id: $v) { id } }'),
  id('Mutation.unsubscribePush(id)', 'verified', 'id', 'mutation ($v: ID!) { unsubscribePush(id: $v) }'),
];

/** The id-typed input fields below an argument, as dotted paths ("answers.questionId"). */
function idPaths(type: GraphQLInputType, prefix: string, seen = new Set<string>()): string[] {
  const named = getNamedType(type);
  if (named.name === 'ID') return [prefix];
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  return Object.values(named.getFields()).flatMap((f: GraphQLInputField) => idPaths(f.type, `${prefix}.${f.name}`, new Set([...seen, named.name])));
}

/** Every cursor and id argument of the schema, as "Type.field(argument path)". */
function argumentsOf(): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
    .flatMap((type) =>
      Object.values((type as import('graphql').GraphQLObjectType).getFields()).flatMap((field) =>
        field.args.flatMap((arg: GraphQLArgument) => {
          const paths = ['after', 'before'].includes(arg.name) ? [arg.name] : idPaths(arg.type, arg.name);
          return paths.map((path) => `${type.name}.${field.name}(${path})`);
        }),
      ),
    );
}

let t: TestApp;
const tokens = {} as Record<Caller, string>;
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_SCALE: '100' });
  const [verified, client, admin] = await Promise.all([t.make.verifiedPhysician(), t.make.client(), t.make.admin()]);
  Object.assign(tokens, { verified: verified.token, client: client.token, admin: admin.token });
  threadId = (await postThread(t, verified.token)).id;
  const other = await t.make.verifiedPhysician();
  const handle = (await t.gql<{ me: { pseudonym: { handle: string } } }>('{ me { pseudonym { handle } } }', {}, { token: other.token })).data!.me.pseudonym.handle;
  const started = await t.gql<{ startConversation: { id: string } }>('mutation ($h: String!) { startConversation(input: { handles: [$h], body: "Hello" }) { id } }', { h: handle }, { token: verified.token });
  conversationId = started.data!.startConversation.id;
  groupId = (await t.gql<{ createGroup: { id: string } }>('mutation { createGroup(input: { name: "Malformed team", kind: OTHER }) { id } }', {}, { token: verified.token })).data!.createGroup.id;
});
afterAll(() => t.close());

describe('malformed cursors and ids', () => {
  it('has a row for every cursor and id argument of the schema', () => {
    expect(argumentsOf().filter((c) => !ROWS.some((row) => row.coordinate === c))).toEqual([]);
    expect(ROWS.map((row) => row.coordinate).filter((c) => !argumentsOf().includes(c))).toEqual([]);
  });

  for (const row of ROWS) {
    const values = row.kind === 'cursor' ? Object.entries(row.cursors ?? MALFORMED_CURSORS) : MALFORMED_IDS.map((v) => [JSON.stringify(v), v] as const);
    it(`${row.coordinate}: BAD_USER_INPUT naming ${row.field}`, async () => {
      for (const [label, value] of values) {
        const { query, variables } = row.call(value);
        const res = await t.gql(query, variables, { token: tokens[row.caller] });
        const error = res.errors?.[0];
        expect(error?.extensions, `${label}: ${JSON.stringify(res.errors)}`).toMatchObject({ code: 'BAD_USER_INPUT', field: row.field });
        if (!row.field.includes('.')) expect(error?.message, label).toMatch(new RegExp(`^${row.field}\\b`));
      }
    });
  }

  // Not an id nor a cursor, but free text that routes notifications: refused by the same rule.
  const ASK = 'mutation ($i: AskSpecialistInput!) { askSpecialist(input: $i) { id } }';
  const askWith = (patch: Record<string, unknown>) => ({ query: ASK, variables: { i: { specialty: 'cardiology', urgency: 'ROUTINE', title: 'Title', body: 'Body', ...patch } } });
  const REGIONS = 'query ($s: String!, $c: String!) { specialistRegions(specialty: $s, country: $c) { name } }';
  it.each([
    ['askSpecialist(input.region) blank', 'region', askWith({ country: 'FR', region: '   ' })],
    ['askSpecialist(input.region) over 100 characters', 'region', askWith({ country: 'FR', region: 'x'.repeat(101) })],
    ['askSpecialist(input.region) without a country', 'region', askWith({ region: 'Occitanie' })],
    ['askSpecialist(input.region) with an empty country', 'country', askWith({ country: '', region: 'Occitanie' })],
    ['specialistRegions(country) not a code', 'country', { query: REGIONS, variables: { s: 'cardiology', c: 'France' } }],
    ['specialistRegions(country) empty', 'country', { query: REGIONS, variables: { s: 'cardiology', c: '' } }],
    ['specialistRegions(specialty) unknown', 'specialty', { query: REGIONS, variables: { s: 'astrology', c: 'FR' } }],
  ])('%s: BAD_USER_INPUT naming %s', async (_label, field, { query, variables }) => {
    const res = await t.gql(query, variables, { token: tokens.verified });
    expect(res.errors?.[0]?.extensions, JSON.stringify(res.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('a cursor the API gave out is still taken', async () => {
    const res = await t.gql<{ feed: { pageInfo: { endCursor: string } } }>('{ feed(first: 1) { pageInfo { endCursor } } }', {}, { token: tokens.verified });
    const next = await t.gql('query ($v: String) { feed(after: $v) { edges { cursor } } }', { v: res.data!.feed.pageInfo.endCursor }, { token: tokens.verified });
    expect(next.errors).toBeUndefined();
  });
});
