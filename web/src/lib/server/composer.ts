/**
 * The thread composer's form actions. Without JavaScript, images picked in the form come with
 * every post of it (preview, another poll option, publish) and are uploaded to the API here,
 * their ids kept in the form; with JavaScript they were uploaded on pick through `/uploads`.
 */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { CreateThreadMutation } from '$lib/graphql/discussion.ts';
import { toPathErrors, type FieldProblem } from '$lib/graphql/errors.ts';
import { composerField, readThreadValues, toThreadInput, withOptionSlot, type ComposerField } from '$lib/discussion/composer.ts';
import { attemptWith } from './api-action.ts';
import { env } from './env.ts';
import { idempotentApi } from './idempotency.ts';
import { renderMarkdown } from './markdown.ts';
import { SESSION_COOKIE } from './session.ts';
import { uploadFile } from './uploads.ts';
import { requireVerifiedPhysician } from './verified.ts';

async function uploadPicked(event: RequestEvent, files: File[]): Promise<{ ids: string[]; problem: FieldProblem | null }> {
  const token = event.cookies.get(SESSION_COOKIE) ?? '';
  const ids: string[] = [];
  for (const file of files) {
    const outcome = await uploadFile(file, {
      apiUrl: env.apiUrl,
      token,
      locale: event.locals.locale,
      clientAddress: event.getClientAddress(),
      maxBytes: env.uploadMaxBytes,
    });
    if (!outcome.ok) return { ids, problem: { reason: `upload.${outcome.code}`, message: outcome.message } };
    ids.push(outcome.image.id);
  }
  return { ids, problem: null };
}

async function readComposer(event: RequestEvent) {
  requireVerifiedPhysician(event);
  const form = await event.request.formData();
  const values = readThreadValues(form);
  const files = form.getAll('images').filter((f): f is File => f instanceof File && f.size > 0);
  const { ids, problem } = await uploadPicked(event, files);
  values.attachmentIds = [...new Set([...values.attachmentIds, ...ids])];
  return { form, values, imageProblem: problem };
}

const imageErrors = (problem: FieldProblem | null) => ({ fields: problem ? { images: problem } : {}, form: null });

/** Shows the body as it will be published, through the same renderer as the thread page. */
export async function previewAction(event: RequestEvent) {
  const { values, imageProblem } = await readComposer(event);
  return { values, previewHtml: renderMarkdown(values.body), errors: imageErrors(imageProblem) };
}

/** One more poll option input, for browsers without JavaScript. */
export async function addOptionAction(event: RequestEvent) {
  const { values, imageProblem } = await readComposer(event);
  return { values: withOptionSlot(values), errors: imageErrors(imageProblem) };
}

export async function createAction(event: RequestEvent) {
  const { form, values, imageProblem } = await readComposer(event);
  if (imageProblem) return fail(422, { values, errors: imageErrors(imageProblem) });
  const read = toThreadInput(values);
  if (!read.input) return fail(400, { values, errors: read.errors });
  const { poll, ...rest } = read.input;
  const created = await attemptWith(
    () => idempotentApi(event.locals, form).request(CreateThreadMutation, { input: { ...rest, ...(poll ? { poll } : {}) } }),
    (err) => toPathErrors(err, composerField),
  );
  if (!created.ok) return fail(created.status, { values, errors: created.errors as { fields: Partial<Record<ComposerField, FieldProblem>>; form: typeof created.errors.form } });
  redirect(303, `/discussion/t/${created.data.createThread.id}`);
}
