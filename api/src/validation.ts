/** Turns schema-validation issues into the contract's BAD_USER_INPUT error, naming the field. */
import { z } from 'zod';
import { badInput, badInputs, type BadInputReason } from './errors.ts';

interface Issue {
  message: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  code?: string;
  minimum?: number | bigint;
  format?: string;
  /** A rule's own reason: its message is then shown as written. */
  params?: { reason?: BadInputReason };
}

function reasonOf(issue: Issue): BadInputReason {
  if (/^[a-z_]+$/.test(issue.message)) return issue.message as BadInputReason;
  switch (issue.code) {
    case 'too_small':
      return Number(issue.minimum) <= 1 ? 'required' : 'too_short';
    case 'too_big':
      return 'too_long';
    case 'invalid_format':
      return issue.format === 'email' ? 'invalid_email' : 'invalid';
    default:
      return 'invalid';
  }
}

const HUMAN: Record<BadInputReason, (field: string) => string> = {
  required: (f) => `${f} is required.`,
  too_long: (f) => `${f} is too long.`,
  too_short: (f) => `${f} is too short.`,
  invalid_email: () => 'email is not a valid e-mail address.',
  invalid: (f) => `${f} is not valid.`,
  common_password: () => 'password is too common or too easy to guess.',
  organization_required: () => 'organizationName is required for a client account.',
  role_not_allowed: () => 'role must be PHYSICIAN or CLIENT; admins are created by the admin command.',
  already_submitted: () => 'a credential is already submitted.',
  license_taken: () => 'this licence number already backs another account.',
  not_found: (f) => `no object has this ${f}.`,
  wrong_state: (f) => `the object named by ${f} is not in a state that allows this.`,
  out_of_range: (f) => `${f} is out of range.`,
  past_date: (f) => `${f} must be in the future.`,
  already_taken: () => 'you have already taken your token for this survey.',
  survey_closed: () => 'this survey is closed or full.',
  quota_full: () => 'the quota of your segment is full.',
  invalid_token: () => 'the token is not valid for this survey and segment.',
  token_spent: () => 'this token has already been used: the answers sent with it are recorded, once.',
  invalid_answer: (f) => `${f} is not a valid answer.`,
  receipt_spent: () => 'this receipt has already been redeemed.',
  already_redeemed: () => 'the honorarium of this survey has already been credited to you.',
  nothing_publishable: () => 'nothing in this report could be published.',
  needs_respondent_file: (f) => `${f} needs the respondent-level file (respondentFile).`,
  not_announced: (f) => `${f}: the physicians were not told that their free-text answers could reach the client.`,
  last_owner: () => 'the last OWNER role cannot be withdrawn.',
  last_factor: (f) => `${f} names your last second factor, which an administrator must keep.`,
  too_few_recipients: (f) => `${f}: too few specialists who take questions would be notified there.`,
};

type Key = PropertyKey | { key: PropertyKey };

/**
 * Where an issue is: the field as a dotted path below the argument ("questions.2.choices"; a
 * top-level argument names itself, and so does one that is a list: "ids.0") and how a person reads it, counting from 1: the item
 * "question 3" and the name "choices", or, for an item of a list of scalars, "region 2".
 */
function located(path: readonly Key[] = []): { field: string; item: string | null; name: string } {
  const keys = path.map((k) => (typeof k === 'object' && k !== null ? k.key : k));
  // An argument that is itself a list keeps its name: "ids.0", not "0".
  const below = keys.length > 1 && typeof keys[1] !== 'number' ? keys.slice(1) : keys;
  const field = below.map(String).join('.') || 'input';
  const i = below.findLastIndex((k) => typeof k === 'number');
  if (i < 1) return { field, item: null, name: field };
  const item = `${String(below[i - 1]).replace(/ies$/, 'y').replace(/s$/, '')} ${Number(below[i]) + 1}`;
  const rest = below.slice(i + 1).map(String).join('.');
  return rest ? { field, item, name: rest } : { field, item: null, name: item };
}

function problemOf(issue: Issue) {
  const { field, item, name } = located(issue.path);
  const ruled = issue.params?.reason;
  const reason = ruled ?? reasonOf(issue);
  // zod's own message (or a rule's) is kept where it says more than ours (e.g. the allowed maximum).
  const told = !/^[a-z_]+$/.test(issue.message) && (ruled !== undefined || reason === 'invalid');
  const text = !told ? HUMAN[reason](name) : item && ruled ? issue.message : `${name}: ${issue.message}`;
  return badInput(field, reason, item ? `${item}: ${text}` : text);
}

/**
 * Every issue of the arguments at once, one problem per field (its first issue): a form shows them
 * all after one submit instead of one per round trip.
 */
export function validationError(result: { issues: ReadonlyArray<Issue> }) {
  const problems = new Map<string, ReturnType<typeof badInput>>();
  for (const issue of result.issues.length > 0 ? result.issues : [{ message: 'invalid' }]) {
    const problem = problemOf(issue);
    const field = problem.extensions.field as string;
    if (!problems.has(field)) problems.set(field, problem);
  }
  return badInputs([...problems.values()]);
}

/** The options of a required ID argument that must be a UUID (malformed → BAD_USER_INPUT naming it). */
export const requiredUuid = () => ({ required: true, validate: z.uuid() }) as const;
