import { describe, expect, it } from 'vitest';
import { notificationPush } from './message.ts';

describe('notificationPush', () => {
  it('counts every kind, in the account’s language, with the link to the list', () => {
    expect(notificationPush({ REPLY_TO_THREAD: 2, MENTION: 1 }, 'en')).toEqual({
      title: 'Consilium: 3 new notifications',
      body: '2 answers to your threads, 1 mention',
      url: '/notifications',
    });
    expect(notificationPush({ REPLY_TO_POST: 1 }, 'fr')).toEqual({ title: 'Consilium: 1 nouvelle notification', body: '1 réponse à votre message', url: '/notifications' });
  });

  it('leaves out the kinds with nothing new', () => {
    expect(notificationPush({ REPLY_TO_THREAD: 0, MENTION: 4 }, 'en').body).toBe('4 mentions');
  });
});
