import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** Web push's preferences moved to the notification settings page, beside e-mail and follows. */
export const load: PageServerLoad = () => redirect(308, '/notifications/settings');
