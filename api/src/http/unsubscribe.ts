/**
 * One-click unsubscribe (RFC 8058), the URL of notification mails' List-Unsubscribe header:
 *   POST /mail/unsubscribe/<token> — no session, no CSRF question: the signed token is the
 *     credential; turns the account's notification mails off (200), 403 for a bad token;
 *   GET  /mail/unsubscribe/<token> — a person who opened the link: redirected to the web app's
 *     confirmation page (WEB_URL/unsubscribe/<token>), which asks before turning anything off.
 */
import type Router from '@koa/router';
import { verifyUnsubscribeToken } from '@consilium/jobs/mail-unsubscribe';
import type { Db } from '@consilium/db';
import type { Env } from '../env.ts';

export function unsubscribeRoutes(router: Router, { db, env }: { db: Db; env: Env }) {
  router.post('/mail/unsubscribe/:token', async (ctx) => {
    const accountId = verifyUnsubscribeToken(env.MAIL_TOKEN_SECRET, ctx.params.token ?? '');
    ctx.set('Cache-Control', 'no-store');
    if (!accountId) {
      ctx.status = 403;
      ctx.body = { error: { code: 'FORBIDDEN', message: 'This unsubscribe link is not valid.' } };
      return;
    }
    await db.account.updateMany({ where: { id: accountId }, data: { mailFrequency: 'OFF' } });
    ctx.status = 200;
    ctx.body = { unsubscribed: true };
  });
  router.get('/mail/unsubscribe/:token', (ctx) => {
    ctx.redirect(`${env.WEB_URL}/unsubscribe/${encodeURIComponent(ctx.params.token ?? '')}`);
  });
}
