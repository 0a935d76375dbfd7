/** One entry of a GraphQL response's `errors`, as the API sends it. */
export interface GraphQLErrorPayload {
  message: string;
  extensions?: Record<string, unknown>;
}

/** The API answered, with GraphQL errors (bad input, not allowed, rate limited…). */
export class ApiError extends Error {
  readonly errors: readonly GraphQLErrorPayload[];

  constructor(errors: readonly GraphQLErrorPayload[]) {
    super(errors.map((e) => e.message).join('; ') || 'GraphQL error');
    this.name = 'ApiError';
    this.errors = errors;
  }

  /** True when any error carries this `extensions.code`. */
  hasCode(code: string): boolean {
    return this.errors.some((e) => stringExtension(e, 'code') === code);
  }
}

/** The API could not be reached, or answered with something that is not GraphQL. */
export class ApiUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiUnavailableError';
  }
}

/** A problem with one input, shown next to it. */
export interface FieldProblem {
  /** The API's stable reason code ("too_short", "email_taken"…), if it gave one. */
  reason: string | null;
  /** The API's own message, shown when the reason has no translation. */
  message: string;
}

/** A problem with the whole form (wrong credentials, rate limit, not allowed…). */
export interface FormProblem {
  code: string | null;
  reason: string | null;
  message: string;
  retryAfterSeconds: number | null;
}

export interface FormErrors<F extends string> {
  fields: Partial<Record<F, FieldProblem>>;
  form: FormProblem | null;
}

function stringExtension(error: GraphQLErrorPayload, key: string): string | null {
  const value = error.extensions?.[key];
  return typeof value === 'string' ? value : null;
}

function numberExtension(error: GraphQLErrorPayload, key: string): number | null {
  const value = error.extensions?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** "input.email" and "email" both name the form's `email` field. */
function fieldName<F extends string>(error: GraphQLErrorPayload, fields: readonly F[]): F | null {
  const raw = stringExtension(error, 'field');
  const name = raw?.split('.').at(-1);
  return fields.find((f) => f === name) ?? null;
}

/**
 * Sorts an API error into the problems a form shows: BAD_USER_INPUT naming one of `fields`
 * goes next to that field (the first per field wins); anything else becomes the form's problem.
 */
export function toFormErrors<F extends string>(error: ApiError, fields: readonly F[]): FormErrors<F> {
  return sortErrors(error, (e) => fieldName(e, fields));
}

/** A BAD_USER_INPUT goes to the field `fieldOf` names (the first per field wins); the rest to the form. */
function sortErrors<F extends string>(error: ApiError, fieldOf: (e: GraphQLErrorPayload) => F | null): FormErrors<F> {
  const result: FormErrors<F> = { fields: {}, form: null };
  for (const e of error.errors) {
    const code = stringExtension(e, 'code');
    const field = code === 'BAD_USER_INPUT' ? fieldOf(e) : null;
    const reason = stringExtension(e, 'reason');
    if (field !== null) {
      result.fields[field] ??= { reason, message: e.message };
    } else {
      result.form ??= { code, reason, message: e.message, retryAfterSeconds: numberExtension(e, 'retryAfterSeconds') };
    }
  }
  return result;
}

/** The form problem shown when the API cannot be reached. */
export function unavailableProblem(): FormProblem {
  return { code: 'API_UNAVAILABLE', reason: null, message: 'API unavailable', retryAfterSeconds: null };
}

/** The HTTP status a failed form action answers with. */
export function statusFor(errors: FormErrors<string>): number {
  switch (errors.form?.code) {
    case 'API_UNAVAILABLE':
    case 'SERVICE_UNAVAILABLE':
    case 'TIMEOUT':
      return 503;
    case 'RATE_LIMITED':
      return 429;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'CONFLICT':
      return 409;
    default:
      return 400;
  }
}

/**
 * Sorts an API error into the problems of a form whose inputs are named by the API's own field
 * paths ("questions.2.choices"): `fieldOf` gives the input a path belongs to, or null for a
 * problem of the whole form.
 */
export function toPathErrors(error: ApiError, fieldOf: (path: string) => string | null): FormErrors<string> {
  return sortErrors(error, (e) => {
    const path = stringExtension(e, 'field')?.replace(/^input\./, '') ?? null;
    return path === null ? null : fieldOf(path);
  });
}

/** One failure as the web app's own JSON endpoints report it to the browser. */
export interface ApiProblem extends FormProblem {
  /** The input the API named (`extensions.field`, such as "answers.2"), if any. */
  field: string | null;
}

/** The first problem of an API error, for a JSON endpoint's answer. */
export function problemOf(error: ApiError): ApiProblem {
  const first = error.errors[0] ?? { message: error.message };
  return {
    code: stringExtension(first, 'code'),
    reason: stringExtension(first, 'reason'),
    field: stringExtension(first, 'field'),
    message: first.message,
    retryAfterSeconds: numberExtension(first, 'retryAfterSeconds'),
  };
}
