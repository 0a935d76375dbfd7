import { describe, expect, it } from 'vitest';
import type { ReverifyReason } from '../reverification.ts';
import { notificationMail, reverificationMail } from './messages.ts';

const REASONS: ReverifyReason[] = ['REGISTRY_MISSING', 'REGISTRY_SPECIALTY', 'AGE', 'ADMIN_REQUEST'];

describe('reverificationMail', () => {
  it('says why in one language only, with the credential page, for every reason', () => {
    for (const reason of REASONS) {
      const fr = reverificationMail('fr', reason, 'https://consilium.example/credential');
      const en = reverificationMail('en', reason, 'https://consilium.example/credential');
      expect(fr.text).toMatch(/^Bonjour,/);
      expect(en.text).toMatch(/^Hello,/);
      for (const mail of [fr, en]) expect(mail.text).toContain('\nhttps://consilium.example/credential\n');
      expect(fr.text).not.toMatch(/Hello|registry|administrator/);
      expect(en.text).not.toMatch(/Bonjour|registre|administrateur/);
      // Each reason its own words.
      expect(new Set(REASONS.map((r) => reverificationMail('en', r, '').text)).size).toBe(REASONS.length);
    }
  });
});

describe('notificationMail: answers to the recipient\'s questions', () => {
  const links = { notifications: 'https://c.test/notifications', unsubscribe: 'https://c.test/u', preferences: 'https://c.test/p' };
  it('says "your question" for answers to one question and "your questions" for several, in each language', () => {
    const line = (language: 'fr' | 'en', count: number, questions: number) =>
      notificationMail(language, 'daily', [{ kind: 'ANSWER_TO_QUESTION', count, questions }], links).text.split('\n').find((l) => l.startsWith('- '));
    expect(line('en', 1, 1)).toBe('- 1 new answer to your question');
    expect(line('en', 2, 1)).toBe('- 2 new answers to your question');
    expect(line('en', 3, 2)).toBe('- 3 new answers to your questions');
    expect(line('fr', 2, 1)).toBe('- 2 nouvelles réponses à votre question');
    expect(line('fr', 3, 2)).toBe('- 3 nouvelles réponses à vos questions');
  });
});
