import IntlMessageFormat from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { fr } from './fr.ts';

type Ast = ReturnType<IntlMessageFormat['getAst']>;

/** The names of a message's ICU arguments, with their kind ("name:plural", "email:argument"). */
function placeholders(message: string, locale: string): string[] {
  const found = new Set<string>();
  const kinds = ['literal', 'argument', 'number', 'date', 'time', 'select', 'plural', 'pound', 'tag'];
  const walk = (elements: Ast): void => {
    for (const element of elements) {
      if ('value' in element && typeof element.value === 'string' && element.type !== 0) {
        found.add(`${element.value}:${kinds[element.type]}`);
      }
      if ('options' in element) {
        for (const option of Object.values(element.options)) walk(option.value);
      }
      if ('children' in element) walk(element.children);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...found].sort();
}

describe('message catalogues', () => {
  it('have exactly the same keys in French and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it.each(Object.keys(fr) as (keyof typeof fr)[])('"%s" has the same placeholders in both languages', (key) => {
    expect(placeholders(en[key], 'en')).toEqual(placeholders(fr[key], 'fr'));
  });

  it('has no empty message and no stray straight apostrophe in French', () => {
    for (const [key, message] of Object.entries(fr)) {
      expect(message.trim(), key).not.toBe('');
      expect(message, key).not.toContain("'");
    }
    for (const [key, message] of Object.entries(en)) expect(message.trim(), key).not.toBe('');
  });
});
