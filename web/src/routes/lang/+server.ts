import { error, redirect, type RequestHandler } from '@sveltejs/kit';
import { isLocale, LOCALE_COOKIE } from '$lib/i18n/locale.ts';
import { safeReturnPath } from '$lib/server/return-path.ts';
import { setLocaleCookie } from '$lib/server/session.ts';

/** The language switch: a plain form post, so that it works without JavaScript. */
export const POST: RequestHandler = async ({ request, cookies }) => {
  const form = await request.formData();
  const locale = form.get('locale');
  if (!isLocale(locale)) error(400, 'Unknown language');
  setLocaleCookie(cookies, LOCALE_COOKIE, locale);
  const back = form.get('redirectTo');
  redirect(303, safeReturnPath(typeof back === 'string' ? back : null));
};
