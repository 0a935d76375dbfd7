/**
 * Calls to the stack's GraphQL API, for setting up what a test does not drive through pages:
 * physicians with a verified licence, made as the product makes them (register, submit a
 * licence, an admin approves it).
 */
import { randomBytes } from 'node:crypto';
import { luhnCheckDigit } from '@consilium/api/licence';
import { confirmThroughApi, secondFactorFor, type Stack } from './harness.ts';

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

/** A session token; an admin (or any account whose factor the harness knows) signs in with a code. */
export async function apiLogin(stack: Stack, email: string, password = PASSWORD): Promise<string> {
  const data = await gql<{ login: { token: string } }>(
    stack,
    'mutation ($e: String!, $p: String!, $f: String) { login(email: $e, password: $p, secondFactor: $f) { token } }',
    { e: email, p: password, f: secondFactorFor(email) },
  );
  return data.login.token;
}

/** A valid RPPS number that no registry extract of the fixtures lists. */
export function rppsNumber(): string {
  const payload = `2${String(randomBytes(4).readUInt32BE() % 1_000_000_000).padStart(9, '0')}`;
  return payload + luhnCheckDigit(payload);
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
  await confirmThroughApi(stack, email);
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

/** A client account of a public agency, registered as the product registers them; resolves with its token. */
export async function registerClient(stack: Stack, email: string, organizationName: string): Promise<string> {
  const { register } = await gql<{ register: { token: string } }>(
    stack,
    'mutation ($i: RegisterInput!) { register(input: $i) { token } }',
    { i: { email, password: PASSWORD, role: 'CLIENT', organizationName, organizationType: 'PUBLIC_AGENCY' } },
  );
  await confirmThroughApi(stack, email);
  return register.token;
}

/** A survey the client created and submitted and an admin approved: OPEN. Resolves with its id. */
export async function openSurvey(stack: Stack, clientToken: string, adminToken: string, input: Record<string, unknown>): Promise<string> {
  const { createSurvey } = await gql<{ createSurvey: { id: string } }>(
    stack,
    'mutation ($i: SurveyInput!) { createSurvey(input: $i) { id } }',
    { i: input },
    clientToken,
  );
  await gql(stack, 'mutation ($id: ID!) { submitSurvey(id: $id) { id } }', { id: createSurvey.id }, clientToken);
  await gql(stack, 'mutation ($id: ID!) { reviewSurvey(id: $id, approve: true) { id } }', { id: createSurvey.id }, adminToken);
  return createSurvey.id;
}

export interface SurveyAnswer {
  /** The question's position in the survey. */
  question: number;
  /** Positions of the chosen choices. */
  choices?: number[];
  number?: number;
  text?: string;
}

interface SurveyForAnswering {
  survey: {
    mySegment: string | null;
    tokenKeys: { segment: string; publicKey: string }[];
    receiptKey: string;
    questions: { id: string; choices: { id: string }[] }[];
  } | null;
}

/**
 * A physician answers as their browser would, minus the pages: a blind token for their segment
 * (with their session), then the answers with no session at all, and a blinded receipt.
 */
export async function answerSurvey(stack: Stack, email: string, surveyId: string, answers: SurveyAnswer[]): Promise<void> {
  const blind = await import('@consilium/api/blind-client');
  const token = await apiLogin(stack, email);
  const { survey } = await gql<SurveyForAnswering>(
    stack,
    'query ($id: ID!) { survey(id: $id) { mySegment tokenKeys { segment publicKey } receiptKey questions { id choices { id } } } }',
    { id: surveyId },
    token,
  );
  const key = survey?.tokenKeys.find((k) => k.segment === survey.mySegment);
  if (!survey || !key) throw new Error(`${email} cannot answer survey ${surveyId}`);
  const blinded = await blind.prepareAndBlind(key.publicKey);
  const { issueSurveyToken } = await gql<{ issueSurveyToken: { segment: string; blindSignature: string } }>(
    stack,
    'mutation ($s: ID!, $b: String!) { issueSurveyToken(surveyId: $s, blindedMessage: $b) { segment blindSignature } }',
    { s: surveyId, b: blinded.blindedMessage },
    token,
  );
  const surveyToken = await blind.finalizeToken(key.publicKey, blinded, issueSurveyToken.blindSignature);
  const receipt = await blind.prepareAndBlind(survey.receiptKey);
  const input = {
    surveyId,
    segment: issueSurveyToken.segment,
    token: surveyToken,
    receiptBlindedMessage: receipt.blindedMessage,
    answers: answers.map((a) => {
      const question = survey.questions[a.question];
      if (!question) throw new Error(`no question ${a.question}`);
      return {
        questionId: question.id,
        ...(a.choices && { choiceIds: a.choices.map((c) => question.choices[c]?.id) }),
        ...(a.number !== undefined && { number: a.number }),
        ...(a.text !== undefined && { text: a.text }),
      };
    }),
  };
  // No session: an answer is never sent with the account that took the token.
  await gql(stack, 'mutation ($i: SurveyResponseInput!) { submitSurveyResponse(input: $i) { receiptBlindSignature } }', { i: input });
}
