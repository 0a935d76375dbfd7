import { requireAdminFactor, requireViewer } from '$lib/server/guards.ts';
import type { LayoutServerLoad } from './$types';

/** Every page of this group is for ADMIN accounts signed in with a second factor; access is checked before anything loads. */
export const load: LayoutServerLoad = (event) => {
  requireAdminFactor(requireViewer(event, ['ADMIN']));
};
