import { requireViewer } from '$lib/server/guards.ts';
import type { LayoutServerLoad } from './$types';

/** Every page of this group is for PHYSICIAN accounts; access is checked before anything loads. */
export const load: LayoutServerLoad = (event) => {
  requireViewer(event, ['PHYSICIAN']);
};
