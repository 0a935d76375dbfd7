/**
 * pnpm bench:digest — how long the notification mail sweep (`notifications:mail`) takes to build
 * the daily digests of BENCH_ACCOUNTS verified physicians (default 100,000), each with unread
 * notifications of BENCH_KINDS kinds (default 3; 4 adds answers to questions, which the sweep
 * counts per question too), on a database of its own (dropped afterwards). The mail transport
 * is a counting sink: the figure is the digest build (claim, pseudonym keys in memory, counts,
 * texts, unsubscribe tokens), not an SMTP server's pace.
 */
import { createHmac } from 'node:crypto';
import { createDb } from '@consilium/db';
import { createTestDatabase } from '@consilium/db/testing';
import { notificationMailSweep } from '@consilium/jobs/notification-mail';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const KINDS = (['REPLY_TO_THREAD', 'MENTION', 'WATCHED_ACTIVITY', 'ANSWER_TO_QUESTION'] as const).slice(0, Number(process.env.BENCH_KINDS ?? 3));
const SECRET = 'bench-pseudonym-secret-of-at-least-32-characters';
const database = await createTestDatabase();
const db = createDb({ url: database.url, poolMax: 2 });
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

try {
  const t0 = process.hrtime.bigint();
  for (let from = 0; from < ACCOUNTS; from += 10_000) {
    const ids = Array.from({ length: Math.min(10_000, ACCOUNTS - from) }, () => crypto.randomUUID());
    const keys = ids.map((id) => createHmac('sha256', SECRET).update(`pseudonym:${id}`).digest('hex'));
    await db.$executeRaw`
      WITH a AS (
        INSERT INTO account (id, email, password_hash, role, mail_frequency, digest_sent_at, language)
        SELECT id, 'bench-' || id || '@bench.test', 'x', 'PHYSICIAN', 'DAILY', now() - interval '2 days', CASE WHEN n % 2 = 0 THEN 'fr' ELSE 'en' END::"Language"
        FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS u(id, n) RETURNING id)
      INSERT INTO credential (account_id, country, registry, license_number, specialty, practice_start_year, status)
      SELECT id, 'FR', 'RPPS', left(replace(id::text, '-', ''), 20), 'cardiology', 2010, 'VERIFIED' FROM a`;
    await db.$executeRaw`
      INSERT INTO pseudonym (key, handle, specialty, country)
      SELECT decode(k, 'hex'), 'Bench-' || ${from}::int + n, 'cardiology', 'FR' FROM unnest(${keys}::text[]) WITH ORDINALITY AS u(k, n)`;
  }
  // One post per kind, each notifying every pseudonym: KINDS × ACCOUNTS unread notifications.
  const author = await db.pseudonym.findFirstOrThrow({ select: { id: true } });
  const thread = await db.thread.create({ data: { id: crypto.randomUUID(), room: 'cardiology', title: 'Bench', authorId: author.id } });
  for (const kind of KINDS) {
    const post = await db.post.create({ data: { threadId: thread.id, authorId: author.id, body: kind } });
    await db.$executeRaw`INSERT INTO notification (recipient_id, kind, post_id) SELECT id, ${kind}::"NotificationKind", ${post.id}::uuid FROM pseudonym`;
  }
  await db.$executeRawUnsafe('ANALYZE');
  console.info(`bench:digest — ${ACCOUNTS} accounts and ${KINDS.length * ACCOUNTS} notifications made in ${(ms(t0) / 1000).toFixed(1)} s`);

  let mails = 0;
  let bytes = 0;
  const t1 = process.hrtime.bigint();
  const sent = await notificationMailSweep(db, {
    send: async (m) => {
      mails++;
      bytes += m.text.length;
    },
    pseudonymSecret: SECRET,
    mailTokenSecret: 'bench-mail-token-secret-of-at-least-32-characters',
    webUrl: 'https://consilium.example',
    unsubscribeUrl: 'https://api.consilium.example/mail/unsubscribe',
  });
  const took = ms(t1);
  console.info(`bench:digest — ${sent.daily} daily digests built for ${ACCOUNTS} accounts in ${(took / 1000).toFixed(2)} s (${((took * 1000) / ACCOUNTS).toFixed(0)} µs per account; ${mails} mails, ${(bytes / mails).toFixed(0)} characters each)`);
  if (sent.daily !== ACCOUNTS) throw new Error(`expected ${ACCOUNTS} digests, built ${sent.daily}`);
} finally {
  await db.$disconnect();
  await database.drop();
}
