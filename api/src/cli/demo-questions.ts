/**
 * Ask a specialist, demo data: dr.martin (cardiology) and a demo cardiologist opted in (the latter
 * with quiet hours), dr.dubois (pediatrics) opted in; a general practitioner's urgent question to
 * cardiology, answered by dr.martin and solved with his answer marked helpful; and an open routine
 * question to pediatrics waiting in dr.dubois's notifications and in her "questions for my
 * specialty" feed; and an open question to the cardiologists of Île-de-France (dr.martin's region),
 * in dr.martin's "questions for my specialty" feed. The demo has fewer than k (REPORT_K)
 * cardiologists there, so askSpecialist would refuse that region: the row is written directly, to
 * show how a region-addressed question looks, and notifies no one (docs/ask-a-specialist.md).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '@consilium/db';

const MINUTE = 60_000;

export async function seedQuestionsDemo(db: Db, now: number, p: { martin: string; dubois: string; gp: string; cardio: string }) {
  await db.specialistAvailability.createMany({
    data: [
      { pseudonymId: p.martin, specialty: 'cardiology', timeZone: 'Europe/Paris' },
      { pseudonymId: p.cardio, specialty: 'cardiology', quietStartHour: 22, quietEndHour: 7, timeZone: 'Europe/Paris' },
      { pseudonymId: p.dubois, specialty: 'pediatrics', timeZone: 'Europe/Paris' },
    ],
  });
  const ask = async (minutesAgo: number, specialty: string, urgency: 'ROUTINE' | 'URGENT', title: string, body: string, region: string | null = null) => {
    const id = randomUUID();
    const at = new Date(now - minutesAgo * MINUTE);
    await db.thread.create({ data: { id, room: specialty, title, tags: [], authorId: p.gp, createdAt: at, lastActivityAt: at } });
    await db.post.create({ data: { id, threadId: id, openingOf: id, authorId: p.gp, body, createdAt: at } });
    await db.threadQuestion.create({ data: { threadId: id, specialty, country: 'FR', region, urgency } });
    // The asker watches their question, as askSpecialist makes them.
    await db.follow.create({ data: { pseudonymId: p.gp, targetKind: 'THREAD', target: id, level: 'WATCHING' } });
    return { id, at };
  };
  const urgent = await ask(200, 'cardiology', 'URGENT', 'Douleur thoracique, troponine limite : adresser aux urgences ?',
    'Homme de 58 ans, douleur thoracique atypique depuis 3 h, ECG sans sus-décalage, troponine us à 18 ng/L (seuil 14). Je l’adresse ou je recontrôle à 3 h ?');
  const answerAt = new Date(urgent.at.getTime() + 25 * MINUTE);
  const answer = randomUUID();
  await db.post.create({ data: { id: answer, threadId: urgent.id, authorId: p.martin, createdAt: answerAt,
    body: 'Adressez-le : une troponine au-dessus du 99e percentile avec une douleur récente impose un second dosage à 1–3 h en milieu hospitalier (algorithme ESC 0/1 h).' } });
  await db.thread.update({ where: { id: urgent.id }, data: { replyCount: 1, lastActivityAt: answerAt } });
  await db.notification.createMany({
    data: [
      { recipientId: p.martin, kind: 'SPECIALIST_QUESTION', postId: urgent.id, createdAt: urgent.at, read: true },
      { recipientId: p.cardio, kind: 'SPECIALIST_QUESTION', postId: urgent.id, createdAt: urgent.at },
      { recipientId: p.gp, kind: 'ANSWER_TO_QUESTION', postId: answer, createdAt: answerAt, read: true },
    ],
  });
  await db.threadQuestion.update({ where: { threadId: urgent.id }, data: { status: 'SOLVED', helpfulPostId: answer, outcome: 'Adressé aux urgences : second dosage à 45 ng/L, NSTEMI, coronarographie le lendemain.' } });

  const open = await ask(40, 'pediatrics', 'ROUTINE', 'Fièvre isolée à 2 mois : quel bilan en ville ?',
    'Nourrisson de 2 mois, 38,6 °C depuis 6 h, bon état général, pas de point d’appel. Bandelette urinaire négative. Bilan sanguin en ville ou urgences pédiatriques d’emblée ?');
  await db.notification.create({ data: { recipientId: p.dubois, kind: 'SPECIALIST_QUESTION', postId: open.id, createdAt: open.at } });

  await ask(90, 'cardiology', 'ROUTINE', 'Anticoagulation après ablation de FA : combien de temps ?',
    'Femme de 67 ans, CHA2DS2-VASc à 3, ablation de FA il y a 3 mois sans récidive au Holter. Le cardiologue de ville propose d’arrêter l’apixaban : quelles pratiques en Île-de-France ?', 'Île-de-France');
  return 'Ask a specialist: 3 opted-in specialists, a solved urgent question to cardiology (dr.martin’s answer marked helpful), an open question to pediatrics for dr.dubois, an open one to the cardiologists of Île-de-France';
}
