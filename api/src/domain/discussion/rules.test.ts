import { describe, expect, it } from 'vitest';
import { tagSchema } from './rules.ts';

describe('tagSchema', () => {
  it('accepts accented tags in one spelling: NFC and lower-case', () => {
    expect(tagSchema.parse('gériatrie')).toBe('gériatrie');
    // "e" followed by a combining acute accent, as some keyboards send it, is the same tag.
    expect(tagSchema.parse('Ge\u0301riatrie')).toBe('gériatrie');
    expect(tagSchema.parse(' ÉCG-2 ')).toBe('écg-2');
  });

  it('refuses spaces, punctuation and overlong tags', () => {
    for (const tag of ['no spaces', 'a,b', '#ecg', '', 'x'.repeat(33)]) expect(tagSchema.safeParse(tag).success).toBe(false);
  });
});
