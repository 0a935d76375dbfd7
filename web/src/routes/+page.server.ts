import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  // Without the API we cannot tell a visitor from a member: say so rather than guess.
  if (locals.apiUnavailable) error(503, 'API unavailable');
};
