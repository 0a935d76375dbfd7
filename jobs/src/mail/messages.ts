/**
 * Every mail Consilium sends, in French and English — from the API, the worker and the CLI alike.
 * A mail names the account's own address at most: never a pseudonym, a post or an answer
 * (docs/threat-model.md).
 */
import type { Language } from '@consilium/db';
import type { ReverifyReason } from '../reverification.ts';

export interface MailText {
  subject: string;
  text: string;
}

const SIGNATURE = { fr: '— Consilium', en: '— Consilium' } as const;

const withSignature = (language: Language, lines: string[]): string => [...lines, '', SIGNATURE[language]].join('\n');

export function confirmationMail(language: Language, link: string, hours: number): MailText {
  return language === 'fr'
    ? {
        subject: 'Confirmez votre adresse e-mail',
        text: withSignature('fr', [
          'Bonjour,',
          '',
          'Pour confirmer que cette adresse est bien la vôtre, ouvrez ce lien :',
          link,
          '',
          `Le lien sert une seule fois et expire dans ${hours} heures.`,
          'Si vous n’avez pas créé de compte Consilium, ignorez ce message.',
        ]),
      }
    : {
        subject: 'Confirm your e-mail address',
        text: withSignature('en', [
          'Hello,',
          '',
          'To confirm that this address is yours, open this link:',
          link,
          '',
          `The link works once and expires in ${hours} hours.`,
          'If you did not create a Consilium account, ignore this message.',
        ]),
      };
}

export function resetMail(language: Language, link: string, minutes: number): MailText {
  return language === 'fr'
    ? {
        subject: 'Réinitialiser votre mot de passe',
        text: withSignature('fr', [
          'Bonjour,',
          '',
          'Quelqu’un a demandé à réinitialiser le mot de passe du compte Consilium de cette adresse.',
          'Pour choisir un nouveau mot de passe, ouvrez ce lien :',
          link,
          '',
          `Le lien sert une seule fois et expire dans ${minutes} minutes. Choisir un nouveau mot de passe déconnecte tous vos appareils.`,
          'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.',
        ]),
      }
    : {
        subject: 'Reset your password',
        text: withSignature('en', [
          'Hello,',
          '',
          'Someone asked to reset the password of the Consilium account of this address.',
          'To choose a new password, open this link:',
          link,
          '',
          `The link works once and expires in ${minutes} minutes. Choosing a new password signs out all your devices.`,
          'If you did not ask for this, ignore this message: your password stays as it is.',
        ]),
      };
}

export function changeConfirmationMail(language: Language, link: string, hours: number): MailText {
  return language === 'fr'
    ? {
        subject: 'Confirmez votre nouvelle adresse e-mail',
        text: withSignature('fr', [
          'Bonjour,',
          '',
          'Vous avez demandé que votre compte Consilium utilise désormais cette adresse. Pour le confirmer, ouvrez ce lien :',
          link,
          '',
          `Le lien sert une seule fois et expire dans ${hours} heures. Jusque-là, votre ancienne adresse reste celle du compte.`,
          'Si vous n’avez rien demandé, ignorez ce message.',
        ]),
      }
    : {
        subject: 'Confirm your new e-mail address',
        text: withSignature('en', [
          'Hello,',
          '',
          'You asked for your Consilium account to use this address from now on. To confirm, open this link:',
          link,
          '',
          `The link works once and expires in ${hours} hours. Until then, your old address stays the account's.`,
          'If you did not ask for this, ignore this message.',
        ]),
      };
}

export function addressChangedMail(language: Language, newEmail: string, resetLink: string): MailText {
  return language === 'fr'
    ? {
        subject: 'L’adresse e-mail de votre compte a changé',
        text: withSignature('fr', [
          'Bonjour,',
          '',
          `Votre compte Consilium utilise désormais l’adresse ${newEmail} ; cette adresse-ci ne permet plus de s’y connecter.`,
          'Si ce n’est pas vous, écrivez-nous en répondant à ce message et changez votre mot de passe :',
          resetLink,
        ]),
      }
    : {
        subject: 'Your account’s e-mail address has changed',
        text: withSignature('en', [
          'Hello,',
          '',
          `Your Consilium account now uses the address ${newEmail}; this address no longer signs in to it.`,
          'If this was not you, reply to this message and change your password:',
          resetLink,
        ]),
      };
}

const REVERIFY_WHY: Record<ReverifyReason, Record<Language, string>> = {
  REGISTRY_MISSING: { fr: 'le registre ne mentionne plus votre numéro', en: 'the registry no longer lists your number' },
  REGISTRY_SPECIALTY: { fr: 'le registre indique une autre spécialité', en: 'the registry shows another specialty' },
  AGE: { fr: 'votre vérification a atteint l’âge où elle est renouvelée', en: 'your verification has reached the age at which it is renewed' },
  ADMIN_REQUEST: { fr: 'un administrateur l’a demandé', en: 'an administrator asked for it' },
};

/** Tells a physician that their credential is being re-verified, and where to follow it. */
export function reverificationMail(language: Language, reason: ReverifyReason, credentialPage: string): MailText {
  const why = REVERIFY_WHY[reason][language];
  return language === 'fr'
    ? {
        subject: 'Nouvelle vérification de votre justificatif d’exercice',
        text: withSignature('fr', [
          'Bonjour,',
          '',
          `Votre justificatif d’exercice est en cours de nouvelle vérification : ${why}.`,
          'Votre compte reste actif pendant l’examen ; un administrateur confirmera ou retirera la vérification.',
          'Vous pouvez suivre son état sur cette page :',
          credentialPage,
        ]),
      }
    : {
        subject: 'Your medical credential is being re-verified',
        text: withSignature('en', [
          'Hello,',
          '',
          `Your medical credential is being re-verified: ${why}.`,
          'Your account stays active during the review; an administrator will confirm or revoke the verification.',
          'You can follow its state on this page:',
          credentialPage,
        ]),
      };
}

/** What a notification mail counts: a kind of notification and how many (never which thread or who). */
export interface NotificationCount {
  kind: string;
  /** Specialist questions only: urgent ones get their own line. */
  urgent?: boolean;
  count: number;
  /** Answers to the recipient's questions: to how many questions ("to your question" or "to your questions"). */
  questions?: number;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many).replace('{n}', String(n));

/**
 * One line per kind. Counts and kinds only: no title, body, pseudonym, room, tag or group
 * (docs/pseudonyms.md, "What the mail provider can learn"). An unknown kind is "other activity".
 */
const COUNT_LINE: Record<string, Record<Language, (n: number) => string>> = {
  REPLY_TO_THREAD: {
    fr: (n) => plural(n, '{n} nouvelle réponse à l’un de vos sujets', '{n} nouvelles réponses à vos sujets'),
    en: (n) => plural(n, '{n} new reply to one of your threads', '{n} new replies to your threads'),
  },
  REPLY_TO_POST: {
    fr: (n) => plural(n, '{n} réponse à l’un de vos messages', '{n} réponses à vos messages'),
    en: (n) => plural(n, '{n} reply to one of your posts', '{n} replies to your posts'),
  },
  MENTION: {
    fr: (n) => plural(n, '{n} mention de votre pseudonyme', '{n} mentions de votre pseudonyme'),
    en: (n) => plural(n, '{n} mention of your pseudonym', '{n} mentions of your pseudonym'),
  },
  WATCHED_ACTIVITY: {
    fr: (n) => plural(n, '{n} nouveau message dans ce que vous surveillez', '{n} nouveaux messages dans ce que vous surveillez'),
    en: (n) => plural(n, '{n} new post in what you watch', '{n} new posts in what you watch'),
  },
  // Which question, or who answered, is never said: only whether one or several of theirs.
  ANSWER_TO_QUESTION: {
    fr: (n) => plural(n, '{n} nouvelle réponse à votre question', '{n} nouvelles réponses à votre question'),
    en: (n) => plural(n, '{n} new answer to your question', '{n} new answers to your question'),
  },
  ANSWER_TO_QUESTIONS: {
    fr: (n) => plural(n, '{n} nouvelle réponse à vos questions', '{n} nouvelles réponses à vos questions'),
    en: (n) => plural(n, '{n} new answer to your questions', '{n} new answers to your questions'),
  },
  // "Your specialty", never its name nor the question's: the address alone says who reads it.
  SPECIALIST_QUESTION: {
    fr: (n) => plural(n, '{n} question posée à votre spécialité', '{n} questions posées à votre spécialité'),
    en: (n) => plural(n, '{n} question for your specialty', '{n} questions for your specialty'),
  },
  URGENT_SPECIALIST_QUESTION: {
    fr: (n) => plural(n, '{n} question urgente posée à votre spécialité', '{n} questions urgentes posées à votre spécialité'),
    en: (n) => plural(n, '{n} urgent question for your specialty', '{n} urgent questions for your specialty'),
  },
};
const OTHER: Record<Language, (n: number) => string> = {
  fr: (n) => plural(n, '{n} autre notification', '{n} autres notifications'),
  en: (n) => plural(n, '{n} other notification', '{n} other notifications'),
};

export type NotificationMailKind = 'immediate' | 'daily' | 'weekly';

const NOTIFICATION_SUBJECT: Record<NotificationMailKind, Record<Language, string>> = {
  immediate: { fr: 'Consilium : du nouveau à lire', en: 'Consilium: something new to read' },
  daily: { fr: 'Consilium : votre résumé du jour', en: 'Consilium: your daily summary' },
  weekly: { fr: 'Consilium : votre résumé de la semaine', en: 'Consilium: your weekly summary' },
};

/**
 * A notification mail (immediate or digest): counts by kind, a link to the notifications page
 * and one to stop these mails. Nothing in it comes from a post, a thread or a pseudonym.
 */
export function notificationMail(language: Language, kind: NotificationMailKind, counts: NotificationCount[], links: { notifications: string; unsubscribe: string; preferences: string }): MailText {
  const keyOf = (c: NotificationCount) => (c.urgent ? `URGENT_${c.kind}` : c.kind === 'ANSWER_TO_QUESTION' && (c.questions ?? 1) > 1 ? 'ANSWER_TO_QUESTIONS' : c.kind);
  const lineOf = (c: NotificationCount) => COUNT_LINE[keyOf(c)]?.[language] ?? OTHER[language];
  const lines = counts.filter((c) => c.count > 0).map((c) => `- ${lineOf(c)(c.count)}`);
  return language === 'fr'
    ? {
        subject: NOTIFICATION_SUBJECT[kind].fr,
        text: withSignature('fr', [
          'Bonjour,',
          '',
          kind === 'immediate' ? 'Vous avez du nouveau sur Consilium :' : 'Depuis votre dernier résumé :',
          ...lines,
          '',
          'Pour les lire (après connexion) :',
          links.notifications,
          '',
          `Choisir la fréquence de ces e-mails : ${links.preferences}`,
          `Ne plus recevoir ces e-mails : ${links.unsubscribe}`,
        ]),
      }
    : {
        subject: NOTIFICATION_SUBJECT[kind].en,
        text: withSignature('en', [
          'Hello,',
          '',
          kind === 'immediate' ? 'There is something new for you on Consilium:' : 'Since your last summary:',
          ...lines,
          '',
          'To read them (after signing in):',
          links.notifications,
          '',
          `Choose how often these mails come: ${links.preferences}`,
          `Stop these mails: ${links.unsubscribe}`,
        ]),
      };
}
