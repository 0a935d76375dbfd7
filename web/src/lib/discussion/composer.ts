/**
 * The thread composer's form: what was typed, kept as typed so that a failed post comes back
 * whole, and the `ThreadInput` it makes. The API checks everything again; these checks only
 * save a round trip and name the field the same way the API does.
 */
import type { FieldProblem, FormErrors } from '$lib/graphql/errors.ts';
import { normalizeTag } from './query.ts';

export const COMPOSER_FIELDS = ['room', 'title', 'body', 'tags', 'pollQuestion', 'pollOptions', 'images', 'imageAttestation'] as const;
export type ComposerField = (typeof COMPOSER_FIELDS)[number];

export const MIN_POLL_OPTIONS = 2;
export const MAX_POLL_OPTIONS = 10;
export const MAX_TAGS = 5;
/** Option inputs shown when the composer opens. */
export const DEFAULT_POLL_SLOTS = 4;

export interface ThreadFormValues {
  room: string;
  title: string;
  body: string;
  /** As typed: comma-separated. */
  tags: string;
  pollQuestion: string;
  pollOptions: string[];
  /** Images already uploaded for this thread (ids from `POST /uploads`). */
  attachmentIds: string[];
  /** What the author attests for the images ("" until chosen). */
  imageAttestation: ImageAttestation | '';
}

export interface ThreadInputShape {
  room: string;
  title: string;
  body: string;
  tags: string[];
  poll: { question: string; options: string[] } | null;
  attachmentIds: string[];
  imageAttestation?: ImageAttestation;
}

/** Consent of the patient, or an image with nothing left that could identify them. */
export const IMAGE_ATTESTATIONS = ['CONSENT_OBTAINED', 'DEIDENTIFIED'] as const;
export type ImageAttestation = (typeof IMAGE_ATTESTATIONS)[number];
const isAttestation = (v: string): v is ImageAttestation => (IMAGE_ATTESTATIONS as readonly string[]).includes(v);

export function emptyThreadValues(room = 'general'): ThreadFormValues {
  return { room, title: '', body: '', tags: '', pollQuestion: '', pollOptions: Array(DEFAULT_POLL_SLOTS).fill(''), attachmentIds: [], imageAttestation: '' };
}

const ATTACHMENT_ID = /^[A-Za-z0-9-]{1,64}$/;

function texts(form: FormData, name: string): string[] {
  return form.getAll(name).filter((v): v is string => typeof v === 'string');
}

function one(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** The composer's values from a posted form. */
export function readThreadValues(form: FormData): ThreadFormValues {
  const options = texts(form, 'pollOption').slice(0, MAX_POLL_OPTIONS);
  return {
    room: one(form, 'room').trim(),
    title: one(form, 'title'),
    body: one(form, 'body'),
    tags: one(form, 'tags'),
    pollQuestion: one(form, 'pollQuestion'),
    pollOptions: options.length > 0 ? options : Array(DEFAULT_POLL_SLOTS).fill(''),
    attachmentIds: [...new Set(texts(form, 'attachmentId').filter((id) => ATTACHMENT_ID.test(id)))],
    imageAttestation: isAttestation(one(form, 'imageAttestation')) ? (one(form, 'imageAttestation') as ImageAttestation) : '',
  };
}

/** "#ECG, sepsis ,ecg" → ["ecg", "sepsis"]. */
export function parseTags(raw: string): string[] {
  const tags = raw.split(',').map(normalizeTag).filter((t): t is string => t !== null);
  return [...new Set(tags)];
}

/** One more empty option input, up to the most a poll may have. */
export function withOptionSlot(values: ThreadFormValues): ThreadFormValues {
  if (values.pollOptions.length >= MAX_POLL_OPTIONS) return values;
  return { ...values, pollOptions: [...values.pollOptions, ''] };
}

const problem = (reason: string, message: string): FieldProblem => ({ reason, message });

/** The input to send, or the problems to show next to the fields. */
export function toThreadInput(values: ThreadFormValues): { input: ThreadInputShape; errors: null } | { input: null; errors: FormErrors<ComposerField> } {
  const fields: FormErrors<ComposerField>['fields'] = {};
  if (values.room === '') fields.room = problem('required', 'Choose a room.');
  if (values.title.trim() === '') fields.title = problem('required', 'Give the thread a title.');
  if (values.body.trim() === '') fields.body = problem('required', 'Write the post.');
  const tags = parseTags(values.tags);
  if (tags.length > MAX_TAGS) fields.tags = problem('too_many', `At most ${MAX_TAGS} tags.`);
  const question = values.pollQuestion.trim();
  const options = values.pollOptions.map((o) => o.trim()).filter((o) => o !== '');
  let poll: ThreadInputShape['poll'] = null;
  if (question !== '' || options.length > 0) {
    if (question === '') fields.pollQuestion = problem('required', 'Ask the poll’s question.');
    if (options.length < MIN_POLL_OPTIONS || options.length > MAX_POLL_OPTIONS) {
      fields.pollOptions = problem('option_count', `A poll has ${MIN_POLL_OPTIONS} to ${MAX_POLL_OPTIONS} options.`);
    }
    poll = { question, options };
  }
  if (values.attachmentIds.length > 0 && values.imageAttestation === '') {
    fields.imageAttestation = problem('required', 'Attest the patient’s consent or the images’ full de-identification.');
  }
  if (Object.keys(fields).length > 0) return { input: null, errors: { fields, form: null } };
  const attested = values.attachmentIds.length > 0 && values.imageAttestation !== '' ? { imageAttestation: values.imageAttestation } : {};
  return {
    input: { room: values.room, title: values.title.trim(), body: values.body, tags, poll, attachmentIds: values.attachmentIds, ...attested },
    errors: null,
  };
}

/** The composer input an API field path names ("input.poll.options.2" → pollOptions), or null. */
export function composerField(path: string): ComposerField | null {
  const [head, sub] = path.replace(/^input\./, '').split('.');
  switch (head) {
    case 'room':
    case 'title':
    case 'body':
    case 'tags':
      return head;
    case 'poll':
      return sub === 'question' ? 'pollQuestion' : 'pollOptions';
    case 'attachmentIds':
      return 'images';
    case 'imageAttestation':
      return 'imageAttestation';
    default:
      return null;
  }
}
