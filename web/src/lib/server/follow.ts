import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { SetFollowMutation } from '$lib/graphql/follows.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { redirectDone } from '$lib/server/flash.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';

const KINDS = ['THREAD', 'ROOM', 'TAG', 'GROUP'] as const;
const LEVELS = ['WATCHING', 'NORMAL', 'MUTED'] as const;
type Kind = (typeof KINDS)[number];
type Level = (typeof LEVELS)[number];

/**
 * The `follow` form action of a thread (or question), the feed, a group and the preferences page: the target comes
 * from the page (`fixed`) or from the form's hidden fields; the API checks it.
 */
export async function followAction(event: RequestEvent, fixed?: { targetKind: Kind; target: string }) {
  requireVerifiedPhysician(event);
  const form = await event.request.formData();
  const level = formText(form, 'level') as Level;
  const targetKind = fixed?.targetKind ?? (formText(form, 'targetKind') as Kind);
  const target = fixed?.target ?? formText(form, 'target');
  if (!LEVELS.includes(level) || !KINDS.includes(targetKind)) error(400, 'Bad request');
  const result = await attempt(() => event.locals.api.request(SetFollowMutation, { targetKind, target, level }), [] as const);
  if (!result.ok) return fail(result.status, { kind: 'follow' as const, errors: result.errors });
  // The control shows the saved level: back to the same page, no notice.
  redirectDone(event, null);
}
