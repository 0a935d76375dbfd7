/**
 * The private-messages demo: a conversation between dr.martin and dr.dubois, one message unread by
 * dr.martin; and an unsolicited message from a demo-only colleague, reported by dr.martin.
 */
import type { Db } from '@consilium/db';

const DAY = 24 * 60 * 60 * 1000;
const dayOf = (ms: number) => new Date(new Date(ms).toISOString().slice(0, 10));

export async function seedMessagesDemo(db: Db, now: number, ids: { martin: string; dubois: string; stranger: string }): Promise<string> {
  const lines: Array<[string, string, number]> = [
    [ids.dubois, 'Bonjour, une question hors fil sur le nourrisson de la bronchiolite : vous l’auriez adressé à quel service ?', 2],
    [ids.martin, 'Bonjour ! Aux urgences pédiatriques directement, avec un courrier. Il a été hospitalisé ?', 1],
    [ids.dubois, 'Oui, 48 h, sorti ce matin sous surveillance. Merci pour le conseil.', 0],
  ];
  await db.conversation.create({
    data: {
      lastSeq: lines.length,
      members: { create: [{ pseudonymId: ids.martin, lastReadSeq: 2, activity: 1 }, { pseudonymId: ids.dubois, lastReadSeq: 3, activity: 1 }] },
      messages: { create: lines.map(([authorId, body, daysAgo], i) => ({ seq: i + 1, authorId, body, day: dayOf(now - daysAgo * DAY) })) },
    },
  });
  const pitch = [
    [ids.stranger, 'Bonjour confrère, je vous suis sur le forum.'],
    [ids.martin, 'Bonjour, que puis-je pour vous ?'],
    [ids.stranger, 'Je vends des formations DPC à prix cassé, contactez-moi par téléphone.'],
  ] as const;
  const unsolicited = await db.conversation.create({
    data: {
      lastSeq: pitch.length,
      members: { create: [{ pseudonymId: ids.martin, lastReadSeq: 3, activity: 0 }, { pseudonymId: ids.stranger, lastReadSeq: 3, activity: 1 }] },
      messages: { create: pitch.map(([authorId, body], i) => ({ seq: i + 1, authorId, body, day: dayOf(now - 3 * DAY) })) },
    },
    include: { messages: { where: { seq: 3 }, select: { id: true } } },
  });
  await db.messageReport.create({ data: { messageId: unsolicited.messages[0]!.id, reporterId: ids.martin, reason: 'Démarchage commercial non sollicité.', day: dayOf(now - 2 * DAY) } });
  return 'Demo messages: dr.martin’s conversation with dr.dubois (one message unread) and a reported unsolicited message in the moderators’ queue';
}
