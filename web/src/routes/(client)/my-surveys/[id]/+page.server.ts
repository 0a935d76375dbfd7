import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { DuplicateSurveyMutation } from '$lib/graphql/builder.ts';
import { askToConfirm, isConfirmed } from '$lib/confirm.ts';
import { ApiError } from '$lib/graphql/errors.ts';
import { ClientSurveyQuery, CloseSurveyMutation, OrderQuoteQuery, OrderReportMutation, ReportPreviewQuery, type OrderQuote, type ReportPreview } from '$lib/graphql/reports.ts';
import { attempt } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { redirectDone, takeFlash } from '$lib/server/flash.ts';
import { requireViewer } from '$lib/server/guards.ts';
import { idempotentApi } from '$lib/server/idempotency.ts';
import { SetSurveyRepeatMutation, type WaveCadence } from '$lib/graphql/waves.ts';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the notice says after an action went through: the survey closed, or the report ordered (its invoice). */
type Done = { closed: string } | { ordered: string };

const asDone = (value: unknown): Done | null => {
  if (typeof value !== 'object' || value === null) return null;
  if ('closed' in value && typeof value.closed === 'string') return { closed: value.closed };
  if ('ordered' in value && typeof value.ordered === 'string') return { ordered: value.ordered };
  return null;
};

/** The price of the report, or null when the API cannot tell it now (it is shown, not required). */
async function quoteOf(event: RequestEvent, surveyId: string): Promise<OrderQuote | null> {
  try {
    return (await event.locals.api.request(OrderQuoteQuery, { surveyId })).orderQuote;
  } catch (err) {
    if (err instanceof ApiError) return null;
    throw err;
  }
}

/** What the report will publish (free), or null when the API cannot tell it now (ordering then says why if it must). */
async function previewOf(event: RequestEvent, surveyId: string): Promise<ReportPreview | null> {
  try {
    return (await event.locals.api.request(ReportPreviewQuery, { surveyId })).reportPreview;
  } catch (err) {
    if (err instanceof ApiError) return null;
    throw err;
  }
}

export const load: PageServerLoad = async (event) => {
  // Checked here too: a page's load runs alongside its layout's, not after it.
  requireViewer(event, ['CLIENT']);
  const { id } = event.params;
  if (!UUID.test(id)) error(404, 'Not found');
  const { survey, ordersPage, specialties } = await fromApi(event, () => event.locals.api.request(ClientSurveyQuery, { id }));
  // Another organisation's survey reads as no survey at all.
  if (!survey) error(404, 'Not found');
  const order = ordersPage.edges.map((edge) => edge.node).find((o) => o.status !== 'CANCELLED') ?? null;
  const orderable = survey.status === 'CLOSED' && !order;
  const [quote, preview] = orderable
    ? await Promise.all([fromApi(event, () => quoteOf(event, id)), fromApi(event, () => previewOf(event, id))])
    : [null, null];
  return { survey, specialties, order, quote, preview, done: takeFlash(event.cookies, event.url.pathname, asDone) };
};

async function run<R>(event: RequestEvent, call: () => Promise<R>) {
  requireViewer(event, ['CLIENT']);
  if (!UUID.test(event.params.id ?? '')) error(404, 'Not found');
  return attempt(call, []);
}

export const actions: Actions = {
  close: async (event) => {
    if (!isConfirmed(await event.request.formData())) return askToConfirm('close');
    const result = await run(event, () => event.locals.api.request(CloseSurveyMutation, { id: event.params.id }));
    if (!result.ok) return fail(result.status, { errors: result.errors });
    redirectDone(event, { closed: result.data.closeSurvey.title } satisfies Done);
  },
  duplicate: async (event) => {
    const form = await event.request.formData();
    const result = await run(event, () => idempotentApi(event.locals, form).request(DuplicateSurveyMutation, { id: event.params.id }));
    if (!result.ok) return fail(result.status, { errors: result.errors });
    redirect(303, `/my-surveys/${result.data.duplicateSurvey.id}/edit?duplicated=1`);
  },
  repeat: async (event) => {
    const form = await event.request.formData();
    const cadence = String(form.get('cadence') ?? '');
    const cadences: readonly WaveCadence[] = ['WEEKLY', 'MONTHLY', 'QUARTERLY'];
    const chosen = cadences.find((c) => c === cadence) ?? null;
    const waves = chosen ? Number(form.get('waves')) : null;
    const result = await run(event, () => event.locals.api.request(SetSurveyRepeatMutation, { surveyId: event.params.id, cadence: chosen, waves: waves !== null && Number.isInteger(waves) ? waves : 0 }));
    if (!result.ok) return fail(result.status, { errors: result.errors });
    return { repeated: true };
  },
  order: async (event) => {
    const form = await event.request.formData();
    if (!isConfirmed(form)) return askToConfirm('order');
    const respondentFile = form.get('respondentFile') === 'true';
    const respondentTexts = respondentFile && form.get('respondentTexts') === 'true';
    const result = await run(event, () => idempotentApi(event.locals, form).request(OrderReportMutation, { surveyId: event.params.id, respondentFile, respondentTexts }));
    if (!result.ok) return fail(result.status, { errors: result.errors });
    redirectDone(event, { ordered: result.data.orderReport.invoiceNumber } satisfies Done);
  },
};
