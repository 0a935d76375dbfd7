import { fail, redirect } from '@sveltejs/kit';
import type { FormErrors } from '$lib/graphql/errors.ts';
import { RegisterMutation } from '$lib/graphql/operations.ts';
import { isOrganizationType } from '$lib/organizations/types.ts';
import { attempt, formEmail, formText } from '$lib/server/api-action.ts';
import { idempotentApi } from '$lib/server/idempotency.ts';
import { confirmAddressPathFor } from '$lib/server/email-confirmation.ts';
import { safeReturnPath } from '$lib/server/return-path.ts';
import { setSessionCookie } from '$lib/server/session.ts';
import type { Actions } from './$types';

const FIELDS = ['email', 'password', 'role', 'organizationName', 'organizationType'] as const;
type Field = (typeof FIELDS)[number];
const ROLES = ['PHYSICIAN', 'CLIENT'] as const;
type RegistrableRole = (typeof ROLES)[number];

function isRegistrableRole(value: string): value is RegistrableRole {
  return (ROLES as readonly string[]).includes(value);
}

export const actions: Actions = {
  default: async ({ request, locals, cookies, url }) => {
    const form = await request.formData();
    const email = formEmail(form);
    const password = formText(form, 'password');
    const role = formText(form, 'role');
    const organizationName = formText(form, 'organizationName').trim();
    const organizationType = formText(form, 'organizationType');
    // The password is never sent back: the form is refilled with the rest only.
    const values = { email, role, organizationName, organizationType };

    if (!isRegistrableRole(role)) {
      const errors: FormErrors<Field> = { fields: { role: { reason: 'required', message: 'Choose a role' } }, form: null };
      return fail(400, { values, errors });
    }
    const client = role === 'CLIENT';
    if (client && !isOrganizationType(organizationType)) {
      const errors: FormErrors<Field> = {
        fields: { organizationType: { reason: 'required', message: 'Choose the type of organisation' } },
        form: null,
      };
      return fail(400, { values, errors });
    }
    const input = {
      email,
      password,
      role,
      organizationName: client ? organizationName || null : null,
      organizationType: client && isOrganizationType(organizationType) ? organizationType : null,
    };
    const result = await attempt(() => idempotentApi(locals, form).request(RegisterMutation, { input }), FIELDS);
    if (!result.ok) return fail(result.status, { values, errors: result.errors });
    const { token, expiresAt } = result.data.register;
    setSessionCookie(cookies, token, expiresAt);
    // Signed in, but nothing beyond the account page until the mailed link is followed.
    redirect(303, confirmAddressPathFor(new URL(safeReturnPath(url.searchParams.get('redirectTo')), url), 'GET'));
  },
};
