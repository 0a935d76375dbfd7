import {
  ApiError,
  ApiUnavailableError,
  statusFor,
  toFormErrors,
  unavailableProblem,
  type FormErrors,
} from '$lib/graphql/errors.ts';

export type Attempt<R, F extends string> =
  | { ok: true; data: R }
  | { ok: false; status: number; errors: FormErrors<F> };

/**
 * Runs an API call for a form action: the expected failures (bad input, rate limit, API down)
 * come back as the form's errors; anything else is a bug and propagates.
 */
export function attempt<R, F extends string>(run: () => Promise<R>, fields: readonly F[]): Promise<Attempt<R, F>> {
  return attemptWith(run, (err) => toFormErrors(err, fields));
}

/** `attempt`, with the form's own way of placing the API's errors (`toPathErrors`, say). */
export async function attemptWith<R, F extends string>(
  run: () => Promise<R>,
  sort: (error: ApiError) => FormErrors<F>,
): Promise<Attempt<R, F>> {
  try {
    return { ok: true, data: await run() };
  } catch (err) {
    let errors: FormErrors<F>;
    if (err instanceof ApiUnavailableError) {
      console.error(`[web] ${err.message}`);
      errors = { fields: {}, form: unavailableProblem() };
    } else if (err instanceof ApiError) {
      errors = sort(err);
    } else {
      throw err;
    }
    return { ok: false, status: statusFor(errors), errors };
  }
}

/** A text field of a submitted form ('' when absent or a file). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** An e-mail address field as typed, without the spaces a paste brings (the API checks the rest). */
export function formEmail(form: FormData, name = 'email'): string {
  return formText(form, name).trim();
}
