import { describe, expect, it } from 'vitest';
import type { ReverifyReason } from '../reverification.ts';
import { reverificationMail } from './messages.ts';

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
