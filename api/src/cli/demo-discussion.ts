/**
 * The discussion's demo data: threads in several rooms with replies by the two verified demo
 * physicians and a few demo-only pseudonyms, votes, a poll with votes, a case image (drawn here,
 * stored through the storage like an upload), a reported reply waiting for the moderators and
 * unread notifications for dr.martin (a reply quoting him and mentioning him among them), an edited
 * case with its history, and two threads in dr.martin's bookmarks.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '@consilium/db';
import sharp from 'sharp';
import { generateHandle, pseudonymKey } from '../domain/pseudonyms.ts';
import { seedMessagesDemo } from './demo-messages.ts';
import { seedQuestionsDemo } from './demo-questions.ts';
import type { Storage } from '../domain/uploads/storage.ts';

const MINUTE = 60_000;

interface Ctx {
  db: Db;
  now: number;
}

async function thread(c: Ctx, authorId: string, minutesAgo: number, data: { room: string; title: string; body: string; tags: string[]; groupId?: string }) {
  const id = randomUUID();
  const at = new Date(c.now - minutesAgo * MINUTE);
  const { body, ...fields } = data;
  await c.db.thread.create({ data: { id, ...fields, authorId, createdAt: at, lastActivityAt: at } });
  await c.db.post.create({ data: { id, threadId: id, openingOf: id, authorId, body, createdAt: at } });
  return { id, authorId };
}

/** A reply with what the API does with one: counters, last activity, notifications. */
async function reply(c: Ctx, t: { id: string; authorId: string }, authorId: string, minutesAgo: number, body: string, parent?: { id: string; authorId: string }) {
  const id = randomUUID();
  const at = new Date(c.now - minutesAgo * MINUTE);
  await c.db.post.create({ data: { id, threadId: t.id, parentId: parent?.id ?? null, authorId, body, createdAt: at } });
  await c.db.thread.update({ where: { id: t.id }, data: { replyCount: { increment: 1 }, lastActivityAt: at } });
  const notices = new Map<string, 'REPLY_TO_THREAD' | 'REPLY_TO_POST'>();
  if (parent) notices.set(parent.authorId, 'REPLY_TO_POST');
  if (!notices.has(t.authorId)) notices.set(t.authorId, 'REPLY_TO_THREAD');
  notices.delete(authorId);
  for (const [recipientId, kind] of notices) await c.db.notification.create({ data: { recipientId, kind, postId: id, createdAt: at } });
  return { id, authorId };
}

/**
 * The peer-group demo: a GLEM owned by dr.martin, dr.dubois and a demo-only GP as members, a
 * cardiologist marked as mentor, an open invitation, and a group thread with replies (seen by its
 * members only; not in the public feed).
 */
async function seedGroupDemo(c: Ctx, ids: { martin: string; dubois: string; mentor: string; member: string }): Promise<string> {
  const group = await c.db.peerGroup.create({
    data: {
      name: 'GLEM Lyon Est',
      description: 'Groupe de pairs mensuel : revue de cas de médecine générale, avec un cardiologue référent.',
      kind: 'GLEM',
      members: { create: [{ pseudonymId: ids.martin, role: 'OWNER' }, { pseudonymId: ids.mentor, role: 'MENTOR' }, { pseudonymId: ids.dubois }, { pseudonymId: ids.member }] },
      // The code of this invitation is unknown to everyone (a random one, hashed): dr.martin makes a new one from the group page.
      invites: { create: { codeHash: randomBytes(32), maxUses: 10 } },
    },
  });
  const glem = await thread(c, ids.martin, 50, {
    room: 'general', groupId: group.id, title: 'Séance de mars : HTA résistante chez un patient de 58 ans', tags: ['hta'],
    body: 'Patient de 58 ans sous trithérapie, PA à 165/95 en automesure. Observance vérifiée. Bilan d’HTA secondaire ?',
  });
  // dr.dubois watches the group: every new thread and reply of the GLEM reaches their notifications.
  await c.db.follow.create({ data: { pseudonymId: ids.dubois, targetKind: 'GROUP', target: group.id, level: 'WATCHING' } });
  const r = await reply(c, glem, ids.mentor, 40, 'Oui : aldostérone et rénine avant de majorer. Pensez au SAOS, fréquent à cet âge.');
  await reply(c, glem, ids.dubois, 30, 'Chez nous la spironolactone en 4ᵉ ligne a bien marché, avec un suivi de la kaliémie.', r);
  await reply(c, glem, ids.member, 20, 'Je le présenterai à la prochaine séance avec les résultats.');
  return 'Demo group: dr.martin’s GLEM (dr.dubois a member who watches it, a cardiologist mentor) with a group thread and 3 replies, invisible to non-members';
}

/** An edit by the post's author, as the API makes one: the replaced text kept in the history. */
async function edit(c: Ctx, postId: string, minutesAgo: number, body: string) {
  const at = new Date(c.now - minutesAgo * MINUTE);
  const before = await c.db.post.findUniqueOrThrow({ where: { id: postId }, select: { body: true } });
  await c.db.postEdit.create({ data: { postId, body: before.body, editedAt: at } });
  await c.db.post.update({ where: { id: postId }, data: { body, editedAt: at } });
}

async function votes(c: Ctx, postId: string, voters: string[], value = 1) {
  await c.db.postVote.createMany({ data: voters.map((pseudonymId) => ({ postId, pseudonymId, value })) });
}

/** An ECG-like strip, drawn as SVG and encoded as PNG: a case image with nothing in it but pixels. */
async function ecgImage(): Promise<Buffer> {
  const beat = (x: number) => `L${x} 100 L${x + 10} 100 L${x + 15} 90 L${x + 20} 100 L${x + 30} 100 L${x + 34} 110 L${x + 40} 20 L${x + 46} 130 L${x + 52} 100 L${x + 70} 100 L${x + 80} 80 L${x + 90} 100`;
  const path = `M0 100 ${Array.from({ length: 8 }, (_, i) => beat(i * 100)).join(' ')}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="200"><rect width="800" height="200" fill="#fff5f5"/>
    ${Array.from({ length: 40 }, (_, i) => `<line x1="${i * 20}" y1="0" x2="${i * 20}" y2="200" stroke="#f4b6b6" stroke-width="1"/>`).join('')}
    ${Array.from({ length: 10 }, (_, i) => `<line x1="0" y1="${i * 20}" x2="800" y2="${i * 20}" stroke="#f4b6b6" stroke-width="1"/>`).join('')}
    <path d="${path}" fill="none" stroke="#222" stroke-width="2"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/**
 * A synthetic forearm with an annular plaque, as the composer's masker leaves it: the patient's
 * wristband blacked out and a tattoo blurred (issue #16, point 4). Drawn here, no real patient.
 */
async function maskedForearm(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400">
    <rect width="640" height="400" fill="#e9eef2"/>
    <path d="M0 120 C200 90 440 100 640 150 L640 300 C440 280 200 300 0 290 Z" fill="#e0ac8a"/>
    <circle cx="330" cy="200" r="58" fill="none" stroke="#b4544a" stroke-width="16"/>
    <circle cx="330" cy="200" r="30" fill="#d79a80"/>
    <rect x="40" y="110" width="120" height="190" fill="#000"/>
    <rect x="480" y="150" width="90" height="70" fill="#c9a08a" opacity="0.9"/>
    <rect x="480" y="150" width="45" height="35" fill="#c49a86"/><rect x="525" y="185" width="45" height="35" fill="#cfa48d"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function maskedCase(c: Ctx, storage: Storage, authorId: string) {
  const post = await thread(c, authorId, 90, {
    room: 'dermatology', title: 'Plaque annulaire de l’avant-bras depuis trois semaines', tags: ['dermatologie', 'photo'],
    body: 'Plaque annulaire à bordure active, peu prurigineuse, sans lésion ailleurs. Bracelet et tatouage masqués avant l’envoi. Granulome annulaire ou dermatophytie ?',
  });
  const image = await maskedForearm();
  const meta = await sharp(image).metadata();
  const id = randomUUID();
  await storage.put(`${id}.png`, image, 'image/png');
  await c.db.attachment.create({ data: { id, uploaderId: authorId, postId: post.id, storageKey: `${id}.png`, mimeType: 'image/png', width: meta.width, height: meta.height, bytes: image.length } });
  await c.db.post.update({ where: { id: post.id }, data: { imageAttestation: 'CONSENT_OBTAINED' } });
}

/** Loads the discussion demo; the physicians are found by their pseudonym keys, as the API does. */
export async function seedDiscussionDemo(db: Db, pseudonymSecret: string, storage: Storage, physicianIds: { martin: string; dubois: string }) {
  const c: Ctx = { db, now: Date.now() };
  const martin = await db.pseudonym.findUniqueOrThrow({ where: { key: pseudonymKey(pseudonymSecret, physicianIds.martin) } });
  const dubois = await db.pseudonym.findUniqueOrThrow({ where: { key: pseudonymKey(pseudonymSecret, physicianIds.dubois) } });
  // Demo-only colleagues: pseudonyms with a random key, so that no account stands behind them.
  const extra = [];
  for (const badge of [{ specialty: 'general-practice', country: 'FR' }, { specialty: 'pediatrics', country: 'BE' }, { specialty: 'cardiology', country: 'FR' }, { specialty: 'emergency-medicine', country: 'FR' }]) {
    extra.push(await db.pseudonym.create({ data: { key: new Uint8Array(randomBytes(32)), handle: `${generateHandle()}`, ...badge } }));
  }
  const [gp, pedsBe, cardio, er] = extra as [(typeof extra)[0], (typeof extra)[0], (typeof extra)[0], (typeof extra)[0]];

  const syncope = await thread(c, cardio.id, 300, {
    room: 'cardiology', title: 'Syncope d’effort chez un sportif de 17 ans', tags: ['syncope', 'ecg', 'sport'],
    body: 'Adolescent de 17 ans, footballeur, **syncope en plein effort**. Examen normal au repos. ECG ci-joint.\n\n- Échographie prévue\n- Faut-il interdire le sport d’ici là ?',
  });
  const image = await ecgImage();
  const meta = await sharp(image).metadata();
  const attachmentId = randomUUID();
  await storage.put(`${attachmentId}.png`, image, 'image/png');
  await db.attachment.create({ data: { id: attachmentId, uploaderId: cardio.id, postId: syncope.id, storageKey: `${attachmentId}.png`, mimeType: 'image/png', width: meta.width, height: meta.height, bytes: image.length } });
  // An ECG trace identifies nobody: its author attested it de-identified, as the composer asks.
  await db.post.update({ where: { id: syncope.id }, data: { imageAttestation: 'DEIDENTIFIED' } });
  await maskedCase(c, storage, gp.id);
  const r1 = await reply(c, syncope, martin.id, 240, 'Oui, **arrêt du sport** jusqu’à l’échographie et un test d’effort. Je chercherais une cardiomyopathie hypertrophique.');
  await reply(c, syncope, pedsBe.id, 200, 'D’accord. Pensez aussi au QT long : le QTc corrigé sur cet ECG ?', r1);
  await reply(c, syncope, cardio.id, 180, 'QTc à 430 ms. Écho demain, je vous tiens au courant.', r1);
  // The Discourse items: a quote-reply that mentions dr.martin (notified), and the case updated by its author.
  const quote = await reply(c, syncope, cardio.id, 120,
    `> Je chercherais une cardiomyopathie hypertrophique.\n>\n> — [@${martin.handle}](/discussion/t/${syncope.id}#post-${r1.id})\n\n@${martin.handle} échographie faite : pas de CMH, septum à 9 mm.`);
  await db.notification.create({ data: { recipientId: martin.id, kind: 'MENTION', postId: quote.id, createdAt: new Date(c.now - 120 * MINUTE) } });
  const opening = await db.post.findUniqueOrThrow({ where: { id: syncope.id }, select: { body: true } });
  await edit(c, syncope.id, 110, `${opening.body}\n\n**Mise à jour :** échographie normale, test d’effort prévu la semaine prochaine.`);
  await votes(c, syncope.id, [martin.id, dubois.id, gp.id]);
  await votes(c, r1.id, [cardio.id, pedsBe.id]);

  const tele = await thread(c, martin.id, 720, {
    room: 'general', title: 'Téléconsultation : quel outil utilisez-vous ?', tags: ['teleconsultation', 'outils'],
    body: 'Je cherche un outil simple pour des téléconsultations de suivi. Vos retours ?',
  });
  const poll = await db.poll.create({
    data: { threadId: tele.id, question: 'Quel outil utilisez-vous le plus ?', options: { create: ['Plateforme régionale', 'Logiciel métier', 'Visio grand public', 'Aucun'].map((label, position) => ({ label, position })) } },
    include: { options: { orderBy: { position: 'asc' } } },
  });
  const choice = (i: number) => poll.options[i]!.id;
  await db.pollVote.createMany({ data: [[gp.id, 0], [pedsBe.id, 1], [cardio.id, 1], [er.id, 3], [dubois.id, 0]].map(([pseudonymId, i]) => ({ pollId: poll.id, pseudonymId: pseudonymId as string, optionId: choice(i as number) })) });
  await reply(c, tele, gp.id, 60, 'La plateforme régionale, gratuite et sécurisée. Un peu lente le lundi matin.');
  await reply(c, tele, er.id, 25, 'Aucun pour l’instant : le téléphone suffit pour nos rappels post-urgences.');
  await votes(c, tele.id, [gp.id, er.id]);

  const bronchio = await thread(c, dubois.id, 1440, {
    room: 'pediatrics', title: 'Bronchiolite : retour à domicile ou hospitalisation ?', tags: ['bronchiolite', 'nourrisson'],
    body: 'Nourrisson de 2 mois, SpO2 à 93 %, alimentation à 60 %. Vous le gardez ?',
  });
  const b1 = await reply(c, bronchio, pedsBe.id, 1300, 'Moins de 3 mois et alimentation < 50–70 % : hospitalisation pour moi.');
  await reply(c, bronchio, martin.id, 1200, 'Hors de mon domaine, mais merci pour ce cas très clair.', b1);
  await votes(c, b1.id, [dubois.id, gp.id]);

  const shortage = await thread(c, gp.id, 90, {
    room: 'general', title: 'Drug shortages: amoxicillin substitutes for children?', tags: ['shortage', 'antibiotics'],
    body: 'Amoxicillin oral suspension is out of stock again here. What do you use for **acute otitis media**?',
  });
  await reply(c, shortage, pedsBe.id, 80, 'Tablets crushed in yoghurt for the older ones; cefpodoxime when truly needed.');
  const rude = await reply(c, shortage, er.id, 70, 'Anyone asking this should go back to med school.');
  await db.postReport.create({ data: { postId: rude.id, reporterId: dubois.id, reason: 'Insulting a colleague; adds nothing to the question.', createdAt: new Date(c.now - 65 * MINUTE) } });
  await db.postReport.create({ data: { postId: rude.id, reporterId: gp.id, reason: 'Rude.', createdAt: new Date(c.now - 60 * MINUTE) } });
  await db.bookmark.createMany({ data: [bronchio.id, shortage.id].map((threadId) => ({ pseudonymId: martin.id, threadId })) });
  // Following: dr.martin watches the shortage thread (a later reply notifies him as watched
  // activity) and the "ecg" tag, and mutes the "outils" tag; his account mails at once and daily.
  await db.follow.createMany({
    data: [
      { pseudonymId: martin.id, targetKind: 'THREAD', target: shortage.id, level: 'WATCHING' },
      { pseudonymId: martin.id, targetKind: 'TAG', target: 'ecg', level: 'WATCHING' },
      { pseudonymId: martin.id, targetKind: 'TAG', target: 'outils', level: 'MUTED' },
    ],
  });
  const watched = await reply(c, shortage, cardio.id, 20, 'Same here: we switched to cefpodoxime for the under-twos, with a note in the file.');
  await db.notification.create({ data: { recipientId: martin.id, kind: 'WATCHED_ACTIVITY', postId: watched.id, createdAt: new Date(c.now - 20 * MINUTE) } });
  await db.account.update({ where: { id: physicianIds.martin }, data: { mailFrequency: 'IMMEDIATE_DAILY', mailedUpTo: new Date(c.now - 60 * MINUTE) } });
  const messages = await seedMessagesDemo(db, c.now, { martin: martin.id, dubois: dubois.id, stranger: er.id });
  const groups = await seedGroupDemo(c, { martin: martin.id, dubois: dubois.id, mentor: cardio.id, member: gp.id });
  const questions = await seedQuestionsDemo(db, c.now, { martin: martin.id, dubois: dubois.id, gp: gp.id, cardio: cardio.id });
  return `${messages}. ${groups}. ${questions}. Demo discussion: 4 threads (cardiology, general ×2, pediatrics), a poll, a case image, a reported reply in the moderation queue, unread notifications for dr.martin (a mention among them), an edited case with its history, a quote-reply, two bookmarks of dr.martin, dr.martin watching a thread and a tag (notification mails at once and daily: the worker's notifications:mail sweep sends his first to the development inbox)`;
}
