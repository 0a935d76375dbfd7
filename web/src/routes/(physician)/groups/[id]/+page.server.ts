import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import {
  CreateGroupInviteMutation,
  CreateGroupThreadMutation,
  GroupQuery,
  LeaveGroupMutation,
  RemoveGroupMemberMutation,
  RevokeGroupInviteMutation,
  SetGroupMentorMutation,
  TransferGroupOwnershipMutation,
} from '$lib/graphql/groups.ts';
import { cursorOf } from '$lib/discussion/query.ts';
import { FollowLevelQuery } from '$lib/graphql/follows.ts';
import { followAction } from '$lib/server/follow.ts';
import { attempt, formText } from '$lib/server/api-action.ts';
import { fromApi } from '$lib/server/api-load.ts';
import { idempotentApi } from '$lib/server/idempotency.ts';
import { requireVerifiedPhysician } from '$lib/server/verified.ts';
import type { Actions, PageServerLoad } from './$types';

const ID = /^[0-9a-f-]{36}$/i;

export const load: PageServerLoad = async (event) => {
  requireVerifiedPhysician(event);
  if (!ID.test(event.params.id)) error(404, 'Not found');
  const after = cursorOf(event.url.searchParams);
  const [{ group, me }, followLevel] = await Promise.all([
    fromApi(event, () => event.locals.api.request(GroupQuery, { id: event.params.id, after })),
    event.locals.api.request(FollowLevelQuery, { targetKind: 'GROUP', target: event.params.id }).then(
      (data) => data.followLevel,
      () => 'NORMAL' as const,
    ),
  ]);
  // A group the viewer is not in answers as one that does not exist.
  if (!group) error(404, 'Not found');
  return { group, myId: me?.pseudonym?.id ?? null, after, origin: event.url.origin, followLevel };
};

/** Runs one of the page's member actions; the page reloads with the result. */
async function act(event: RequestEvent, run: (form: FormData) => Promise<unknown>) {
  requireVerifiedPhysician(event);
  const form = await event.request.formData();
  const result = await attempt(() => run(form), ['groupId', 'pseudonymId', 'inviteId', 'maxUses', 'expiresOn'] as const);
  if (!result.ok) return fail(result.status, { errors: result.errors });
  return { done: true as const };
}

export const actions: Actions = {
  thread: async (event) => {
    requireVerifiedPhysician(event);
    const form = await event.request.formData();
    const values = { title: formText(form, 'title'), body: formText(form, 'body') };
    const result = await attempt(
      () => idempotentApi(event.locals, form).request(CreateGroupThreadMutation, { input: { room: 'general', title: values.title, body: values.body, groupId: event.params.id } }),
      ['title', 'body'] as const,
    );
    if (!result.ok) return fail(result.status, { values, errors: result.errors });
    redirect(303, `/discussion/t/${result.data.createThread.id}`);
  },
  invite: async (event) => {
    requireVerifiedPhysician(event);
    const form = await event.request.formData();
    const maxUses = Number.parseInt(formText(form, 'maxUses'), 10);
    const expiresOn = formText(form, 'expiresOn');
    const result = await attempt(
      () => event.locals.api.request(CreateGroupInviteMutation, { groupId: event.params.id, maxUses: Number.isFinite(maxUses) ? maxUses : null, expiresOn: expiresOn || null }),
      ['maxUses', 'expiresOn'] as const,
    );
    if (!result.ok) return fail(result.status, { errors: result.errors });
    // Shown this once: only its hash is kept.
    return { code: result.data.createGroupInvite.code };
  },
  revoke: (event) => act(event, (form) => event.locals.api.request(RevokeGroupInviteMutation, { inviteId: formText(form, 'inviteId') })),
  remove: (event) => act(event, (form) => event.locals.api.request(RemoveGroupMemberMutation, { groupId: event.params.id, pseudonymId: formText(form, 'pseudonymId') })),
  transfer: (event) => act(event, (form) => event.locals.api.request(TransferGroupOwnershipMutation, { groupId: event.params.id, pseudonymId: formText(form, 'pseudonymId') })),
  mentor: (event) =>
    act(event, (form) => event.locals.api.request(SetGroupMentorMutation, { groupId: event.params.id, pseudonymId: formText(form, 'pseudonymId'), mentor: formText(form, 'mentor') === 'true' })),
  follow: (event) => followAction(event, { targetKind: 'GROUP', target: event.params.id }),
  leave: async (event) => {
    const result = await act(event, () => event.locals.api.request(LeaveGroupMutation, { groupId: event.params.id }));
    if ('done' in result) redirect(303, '/groups');
    return result;
  },
};
