/**
 * The words of a push: how many new notifications, of which kinds, in the account's language.
 * Counts only: no title, body, pseudonym, group or room can reach the push service.
 */
export type Language = 'fr' | 'en';
export type NotificationCounts = Partial<Record<(typeof KINDS)[number], number>>;

const WORDS = {
  en: {
    total: (n: number) => (n === 1 ? '1 new notification' : `${n} new notifications`),
    REPLY_TO_THREAD: (n: number) => (n === 1 ? '1 answer to your thread' : `${n} answers to your threads`),
    REPLY_TO_POST: (n: number) => (n === 1 ? '1 reply to your post' : `${n} replies to your posts`),
    MENTION: (n: number) => (n === 1 ? '1 mention' : `${n} mentions`),
    SPECIALIST_QUESTION: (n: number) => (n === 1 ? '1 question for your specialty' : `${n} questions for your specialty`),
    WATCHED_ACTIVITY: (n: number) => (n === 1 ? '1 new post in what you watch' : `${n} new posts in what you watch`),
    ANSWER_TO_QUESTION: (n: number) => (n === 1 ? '1 new answer to your question' : `${n} new answers to your questions`),
  },
  fr: {
    total: (n: number) => (n === 1 ? '1 nouvelle notification' : `${n} nouvelles notifications`),
    REPLY_TO_THREAD: (n: number) => (n === 1 ? '1 réponse à votre discussion' : `${n} réponses à vos discussions`),
    REPLY_TO_POST: (n: number) => (n === 1 ? '1 réponse à votre message' : `${n} réponses à vos messages`),
    MENTION: (n: number) => (n === 1 ? '1 mention' : `${n} mentions`),
    SPECIALIST_QUESTION: (n: number) => (n === 1 ? '1 question posée à votre spécialité' : `${n} questions posées à votre spécialité`),
    WATCHED_ACTIVITY: (n: number) => (n === 1 ? '1 nouveau message dans ce que vous surveillez' : `${n} nouveaux messages dans ce que vous surveillez`),
    ANSWER_TO_QUESTION: (n: number) => (n === 1 ? '1 nouvelle réponse à votre question' : `${n} nouvelles réponses à vos questions`),
  },
} as const;

const KINDS = ['ANSWER_TO_QUESTION', 'REPLY_TO_THREAD', 'REPLY_TO_POST', 'MENTION', 'SPECIALIST_QUESTION', 'WATCHED_ACTIVITY'] as const;

/** "3 new notifications" / "2 answers to your threads, 1 mention", with the link to the list. */
export function notificationPush(counts: NotificationCounts, language: Language): { title: string; body: string; url: string } {
  const words = WORDS[language];
  const total = KINDS.reduce((sum, k) => sum + (counts[k] ?? 0), 0);
  const parts = KINDS.filter((k) => (counts[k] ?? 0) > 0).map((k) => words[k](counts[k]!));
  return { title: `Consilium: ${words.total(total)}`, body: parts.join(', '), url: '/notifications' };
}
