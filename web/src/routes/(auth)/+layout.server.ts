import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/** Login and registration are for visitors: a signed-in account goes home. */
export const load: LayoutServerLoad = ({ locals }) => {
  if (locals.viewer) redirect(303, '/');
};
