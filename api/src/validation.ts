/** Turns schema-validation issues into the contract's BAD_USER_INPUT error, naming the field. */
import { badInput, type BadInputReason } from './errors.ts';

interface Issue {
  message: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
  code?: string;
  minimum?: number | bigint;
  format?: string;
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
  email_taken: () => 'email is already registered.',
  organization_required: () => 'organizationName is required for a client account.',
  role_not_allowed: () => 'role must be PHYSICIAN or CLIENT; admins are created by the admin command.',
  already_submitted: () => 'a credential is already submitted.',
  license_taken: () => 'this licence number already backs another account.',
  not_found: (f) => `no object has this ${f}.`,
  wrong_state: (f) => `the object named by ${f} is not in a state that allows this.`,
  already_taken: () => 'you have already taken your token for this survey.',
  survey_closed: () => 'this survey is closed or full.',
  invalid_token: () => 'the token is not valid for this survey and segment.',
  token_spent: () => 'this token has already been used.',
  invalid_answer: (f) => `${f} is not a valid answer.`,
  receipt_spent: () => 'this receipt has already been redeemed.',
  already_redeemed: () => 'the honorarium of this survey has already been credited to you.',
};

export function validationError(result: { issues: ReadonlyArray<Issue> }) {
  const issue = result.issues[0] ?? { message: 'invalid' };
  const last = issue.path?.at(-1);
  const field = String(typeof last === 'object' && last !== null ? last.key : (last ?? 'input'));
  const reason = reasonOf(issue);
  const human = HUMAN[reason](field);
  // zod's own message is kept where it says more than ours (e.g. the allowed maximum).
  return badInput(field, reason, reason === 'invalid' && !/^[a-z_]+$/.test(issue.message) ? `${field}: ${issue.message}` : human);
}
