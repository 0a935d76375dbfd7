import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, gql } from './api.ts';
import { DESKTOP, useBrowserStack, type Locale } from './browser-stack.ts';
import { text } from './harness.ts';

const e2e = useBrowserStack();

const TITLE = `Syncope chez un coureur de 34 ans ${randomBytes(2).toString('hex')}`;
const REPLY = 'I would start with a Holter and an echocardiogram before any tilt test.';
const PHONE = { width: 360, height: 740 };

let adminEmail = '';
/** The author of the case (French), and the colleague who answers (English). */
let author: string;
let colleague: string;
/** Set once the case is published. */
let threadPath = '';

/** A real PNG (a 64×48 gradient), made here: the API re-encodes what it is sent and must be able to read it. */
function pngImage(width = 64, height = 48): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) rows.set([x * 4, y * 5, 160], row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

beforeAll(async () => {
  adminEmail = (await e2e.admin()).email;
  [author, colleague] = await Promise.all([
    e2e.physician({ specialty: 'cardiology' }),
    e2e.physician({ specialty: 'cardiology', practiceStartYear: 1998 }),
  ]);
});

const logIn = (email: string, locale: Locale, viewport: { width: number; height: number } = DESKTOP, javaScriptEnabled = true): Promise<Page> =>
  e2e.logIn(email, { locale, viewport, timeout: 5_000, context: { javaScriptEnabled } });

/** Whether an image on the page was really served and decoded (through the web app's /uploads proxy). */
async function imageLoaded(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).first().evaluate(async (img: HTMLImageElement) => {
    if (!img.complete) await new Promise((resolve) => img.addEventListener('load', resolve, { once: true }));
    return img.naturalWidth > 0;
  });
}

describe('the discussion in the browser', () => {
  let authorPage: Page;

  it('a physician posts a case with an image and a poll', async () => {
    authorPage = await logIn(author, 'fr-FR');
    const page = authorPage;
    await page.getByRole('navigation', { name: 'Espace médecin' }).getByRole('link', { name: 'Discussion' }).click();
    await page.waitForURL((url) => url.pathname === '/discussion');
    await page.getByRole('link', { name: 'Nouvelle discussion' }).click();
    await page.waitForURL((url) => url.pathname === '/discussion/new');

    await page.getByLabel('Salle').selectOption('cardiology');
    await page.getByLabel('Titre').fill(TITLE);
    await page.getByLabel('Message').fill('Homme de 34 ans, **syncope à l’effort** lors d’un semi-marathon. ECG de repos :\n');
    // With JavaScript, a picked image opens in the masker; its masked export goes to /uploads, and into the body.
    await page.getByLabel('Images du cas (facultatif)').setInputFiles({ name: 'ecg.png', mimeType: 'image/png', buffer: pngImage() });
    await page.getByTestId('masker-status').getByText('Image prête à masquer.').waitFor();
    await page.getByRole('button', { name: 'Utiliser cette image' }).click();
    await page.getByTestId('upload-status').getByText('Image ajoutée au message.').waitFor();
    await page.getByLabel('Ces images sont entièrement anonymisées', { exact: false }).check();
    expect(await page.getByLabel('Message').inputValue()).toMatch(/!\[\]\(\/uploads\/[A-Za-z0-9-]+\)/);
    expect(await page.getByTestId('composer-images').locator('img').count()).toBe(1);

    await page.getByLabel('Mots-clés').fill('#Syncope, ECG');
    await page.getByLabel('Question du sondage').fill('Quel examen en premier ?');
    await page.getByLabel('Option 1', { exact: true }).fill('Holter ECG');
    await page.getByLabel('Option 2', { exact: true }).fill('Épreuve d’effort');
    await page.getByRole('button', { name: 'Ajouter une option' }).click();
    await page.getByLabel('Option 5', { exact: true }).fill('IRM cardiaque');

    await page.getByRole('button', { name: 'Aperçu' }).click();
    const preview = page.getByTestId('preview');
    await preview.locator('strong', { hasText: 'syncope à l’effort' }).waitFor();
    expect(await preview.locator('img[src^="/uploads/"]').count()).toBe(1);

    await page.getByRole('button', { name: 'Publier', exact: true }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/discussion/t/'));
    threadPath = new URL(page.url()).pathname;

    expect(await text(page, 'h1')).toBe(TITLE);
    expect(await page.getByTestId('post-body').first().locator('strong').textContent()).toBe('syncope à l’effort');
    expect(await imageLoaded(page, '[data-testid="thread"] [data-testid="post-body"] img')).toBe(true);
    expect(await imageLoaded(page, '[data-testid="attachment"]')).toBe(true);
    expect(await page.getByTestId('thread').getByTestId('pseudonym-badge').textContent()).toContain('Cardiologie · France');
    expect(await page.getByTestId('poll').getByRole('radio').count()).toBe(3);
    expect(await text(page, '[data-testid="poll-total"]')).toBe('Aucun vote');
  });

  it('a colleague finds it by room, on a phone, votes in the poll and on the case, and replies', async () => {
    const page = await logIn(colleague, 'en-GB', PHONE);
    await page.goto('/discussion');
    // On a phone the threads come first; the filters wait behind their button.
    await page.getByRole('button', { name: 'Search and filters' }).click();
    await page.getByLabel('Room').selectOption('cardiology');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('room') === 'cardiology');
    const card = page.getByTestId('thread-card').filter({ hasText: TITLE });
    expect(await card.textContent()).toContain('#syncope');
    await card.getByRole('link', { name: TITLE }).click();
    await page.waitForURL((url) => url.pathname === threadPath);
    // The case image comes through the web app to a verified physician who is not its author.
    expect(await imageLoaded(page, '[data-testid="attachment"]')).toBe(true);
    // Nothing of the page is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    const poll = page.getByTestId('poll');
    await poll.getByLabel('Épreuve d’effort').check();
    await poll.getByRole('button', { name: 'Vote' }).click();
    await poll.getByText('Your choice').waitFor();
    expect(await text(page, '[data-testid="poll-total"]')).toBe('1 vote');
    expect((await poll.getByTestId('poll-count').allTextContents()).map((t) => t.trim())).toEqual(['no votes (0%)', '1 vote (100%)', 'no votes (0%)']);
    // Changeable: the vote moves, the total stays.
    await poll.getByLabel('Holter ECG').check();
    await poll.getByRole('button', { name: 'Change my vote' }).click();
    await expect.poll(async () => (await poll.getByTestId('poll-count').first().textContent())?.trim()).toBe('1 vote (100%)');
    expect(await text(page, '[data-testid="poll-total"]')).toBe('1 vote');

    const up = page.getByRole('button', { name: `Vote up the thread “${TITLE}”` });
    expect(await up.getAttribute('aria-pressed')).toBe('false');
    await up.click();
    await expect.poll(() => up.getAttribute('aria-pressed')).toBe('true');
    expect(await text(page, '[data-testid="thread"] [data-testid="score"]')).toContain('1');

    await page.getByLabel('Your reply', { exact: true }).fill(REPLY);
    await page.getByRole('button', { name: 'Post reply' }).first().click();
    const reply = page.getByTestId('reply').filter({ hasText: REPLY });
    await reply.waitFor();
    expect(await reply.getByTestId('pseudonym-badge').textContent()).toContain('Cardiology · France');
  });

  it('the author sees the notification, opens the reply and reports it', async () => {
    const page = authorPage;
    await page.goto('/discussion');
    const nav = page.getByRole('navigation', { name: 'Espace médecin' });
    expect(await text(page, '[data-testid="unread-count"] [aria-hidden="true"]')).toBe('1');
    await nav.getByRole('link', { name: /Notifications/ }).click();
    await page.waitForURL((url) => url.pathname === '/notifications');
    const item = page.getByTestId('notification').first();
    expect(await item.textContent()).toContain(`a répondu à votre discussion « ${TITLE} »`);
    expect(await item.textContent()).toContain('I would start with a Holter');

    await item.getByRole('button', { name: /Marquer comme lue/ }).click();
    await expect.poll(() => text(page, '[data-testid="unread-summary"]')).toBe('Toutes vos notifications sont lues.');
    expect(await page.getByTestId('unread-count').count()).toBe(0);

    await page.getByTestId('notification').first().getByRole('link', { name: 'Voir la réponse' }).click();
    await page.waitForURL((url) => url.pathname === threadPath);
    const reply = page.getByTestId('reply').filter({ hasText: REPLY });
    await reply.locator('summary', { hasText: 'Signaler' }).click();
    await reply.getByLabel('Motif du signalement').fill('Conseil hors de propos pour ce patient.');
    await reply.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await reply.getByTestId('report-done').waitFor();
  });

  it('an admin hides the reply from the moderation queue, and physicians see it hidden', async () => {
    const admin = await logIn(adminEmail, 'en-GB');
    await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Moderation' }).click();
    await admin.waitForURL((url) => url.pathname === '/moderation');
    const item = admin.getByTestId('moderation-item').filter({ hasText: REPLY });
    expect(await item.getByTestId('reports').textContent()).toContain('Conseil hors de propos pour ce patient.');
    expect(await text(admin, '[data-testid="moderation-item"] [data-testid="post-state"]')).toBe('Visible');

    await item.getByLabel('Why hide the post (audited)').fill('Off-topic advice, reported by the author.');
    await item.getByRole('button', { name: 'Hide the post' }).click();
    await admin.getByTestId('moderation-notice').getByText('Post hidden').waitFor();

    await authorPage.goto(threadPath);
    const reply = authorPage.getByTestId('reply').first();
    expect(await text(authorPage, '[data-testid="reply"] [data-testid="post-hidden"]')).toBe('Ce message a été masqué par la modération.');
    expect(await reply.textContent()).not.toContain('Holter and an echocardiogram');
  });

  it('opening the thread reads its notifications', async () => {
    const stack = e2e.stack;
    const token = await apiLogin(stack, colleague);
    const threadId = threadPath.split('/').at(-1);
    await gql(stack, 'mutation ($t: ID!) { reply(input: { threadId: $t, body: "Any family history of sudden death?" }) { id } }', { t: threadId }, token);
    const page = authorPage;
    await page.goto('/discussion');
    expect(await text(page, '[data-testid="unread-count"] [aria-hidden="true"]')).toBe('1');
    await page.getByTestId('thread-card').filter({ hasText: TITLE }).getByRole('link', { name: TITLE }).click();
    await page.waitForURL((url) => url.pathname === threadPath);
    await page.getByTestId('reply').filter({ hasText: 'family history' }).waitFor();
    // The badge is gone on the thread page itself, and stays gone.
    expect(await page.getByTestId('unread-count').count()).toBe(0);
    await page.goto('/notifications');
    expect(await text(page, '[data-testid="unread-summary"]')).toBe('Toutes vos notifications sont lues.');
  });
  it('without JavaScript, moderating, replying and voting come back to the page’s own address and say it once', async () => {
    const admin = await logIn(adminEmail, 'en-GB', DESKTOP, false);
    await admin.goto('/moderation?resolved=1');
    const item = admin.getByTestId('moderation-item').filter({ hasText: REPLY });
    await item.getByLabel('Why restore the post (audited)').fill('Reviewed again: the advice is sound.');
    await item.getByRole('button', { name: 'Restore the post' }).click();
    await admin.getByTestId('moderation-notice').getByText('Post restored.').waitFor();
    // The filter is kept, the action is not in the address: a reload neither posts again nor repeats the notice.
    expect(new URL(admin.url()).pathname).toBe('/moderation');
    expect(new URL(admin.url()).search).toBe('?resolved=1');
    expect(await item.getByTestId('post-state').textContent()).toContain('Visible');
    await admin.reload();
    expect(await text(admin, '[data-testid="moderation-notice"]')).toBe('');

    const page = await logIn(author, 'fr-FR', DESKTOP, false);
    await page.goto(threadPath);
    await page.getByLabel('Votre réponse', { exact: true }).fill('Merci, le Holter est prévu la semaine prochaine.');
    await page.getByRole('button', { name: 'Publier la réponse' }).first().click();
    await page.getByTestId('reply-posted').waitFor();
    const posted = new URL(page.url());
    expect(posted.pathname).toBe(threadPath);
    expect(posted.search).toBe('');
    expect(posted.hash).toMatch(/^#post-/);
    expect(await page.locator(posted.hash).textContent()).toContain('le Holter est prévu');
    await page.reload();
    expect(await page.getByTestId('reply-posted').count()).toBe(0);
    expect(await page.getByTestId('reply').filter({ hasText: 'le Holter est prévu' }).count()).toBe(1);

    const restored = page.getByTestId('reply').filter({ hasText: REPLY });
    const up = restored.getByRole('button', { name: /^Vote positif pour la réponse/ });
    const anchor = `#${await restored.getAttribute('id')}`;
    await up.click();
    // Back on the post voted on, not on `?/vote`.
    await page.waitForURL((url) => url.pathname === threadPath && url.search === '' && url.hash === anchor);
    expect(await up.getAttribute('aria-pressed')).toBe('true');
  });
});
