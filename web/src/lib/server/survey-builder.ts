/**
 * The form actions of the survey builder (new and edit pages): rearrange without JavaScript,
 * save as a draft, and submit for review. The API's errors come back next to the input its
 * field path names ("questions.2.choices").
 */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { ReportPriceQuery } from '$lib/graphql/builder.ts';
import { toPathErrors } from '$lib/graphql/errors.ts';
import { CreateSurveyMutation, SubmitSurveyMutation, SurveyReachQuery, UpdateSurveyMutation, type SurveyInput } from '$lib/graphql/surveys.ts';
import { getTranslator } from '$lib/i18n/translator.ts';
import { likertLabels } from '$lib/surveys/likert.ts';
import { builderField } from '$lib/surveys/builder-fields.ts';
import { arrange, parseOp } from '$lib/surveys/builder-steps.ts';
import { readSurveyValues, targetingInput, toSurveyInput, type SurveyFormValues } from '$lib/surveys/survey-form.ts';
import { attemptWith, formText } from './api-action.ts';
import { requireViewer } from './guards.ts';
import { idempotentApi } from './idempotency.ts';

async function readForm(event: RequestEvent) {
  requireViewer(event, ['CLIENT']);
  const form = await event.request.formData();
  const likert = likertLabels(getTranslator(event.locals.locale));
  return { form, likert, values: readSurveyValues(form, likert) };
}

/** The reach of a targeting, or null when the API cannot tell: the page does without it. */
export async function reachOf(event: RequestEvent, values: SurveyFormValues) {
  const result = await attemptWith(() => event.locals.api.request(SurveyReachQuery, { targeting: targetingInput(values) }), () => ({ fields: {}, form: null }));
  return result.ok ? result.data.surveyReach : null;
}

/** The API's price rules for the cost estimate, or null when the API cannot tell: the page does without it. */
export async function reportPriceOf(event: RequestEvent) {
  const result = await attemptWith(() => event.locals.api.request(ReportPriceQuery), () => ({ fields: {}, form: null }));
  return result.ok ? result.data.reportPrice : null;
}

/** A step of the buttons that add, remove or move questions and choices, posted without JavaScript. */
export async function arrangeAction(event: RequestEvent) {
  const { form, likert, values } = await readForm(event);
  const op = parseOp(formText(form, 'op'));
  return { values: op ? arrange(values, op, likert) : values, arranged: true as const };
}

async function save(event: RequestEvent, form: FormData, id: string | null, input: SurveyInput) {
  const api = idempotentApi(event.locals, form);
  if (id) return (await api.request(UpdateSurveyMutation, { id, input })).updateSurvey;
  return (await api.request(CreateSurveyMutation, { input })).createSurvey;
}

/**
 * Saves the draft (a new one when `id` is null); with `submit`, sends it for review too and
 * goes to the list. A new draft that was saved but could not be submitted opens in its editor.
 */
export async function saveAction(event: RequestEvent, id: string | null, submit: boolean) {
  const { form, values } = await readForm(event);
  const read = toSurveyInput(values, (language) => likertLabels(getTranslator(language)));
  if (!read.input) return fail(400, { values, errors: read.errors });
  const saved = await attemptWith(() => save(event, form, id, read.input), (err) => toPathErrors(err, builderField));
  if (!saved.ok) return fail(saved.status, { values, errors: saved.errors });
  const surveyId = saved.data.id;
  if (!submit) {
    if (!id) redirect(303, `/my-surveys/${surveyId}/edit?saved=1`);
    return { values, saved: true as const };
  }
  const submitted = await attemptWith(
    () => event.locals.api.request(SubmitSurveyMutation, { id: surveyId }),
    (err) => toPathErrors(err, builderField),
  );
  if (submitted.ok) redirect(303, `/my-surveys?submitted=${surveyId}`);
  if (!id) redirect(303, `/my-surveys/${surveyId}/edit?notSubmitted=${encodeURIComponent(submitted.errors.form?.reason ?? 'closesAt')}`);
  return fail(submitted.status, { values, errors: submitted.errors });
}
