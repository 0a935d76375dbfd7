import IntlMessageFormat from 'intl-messageformat';
import { en } from './en.ts';
import { fr } from './fr.ts';
import type { Locale } from './locale.ts';

export type MessageKey = keyof typeof fr;
export type MessageValues = Record<string, string | number | Date>;

export const catalogs: Record<Locale, Record<MessageKey, string>> = { fr, en };

export interface Translator {
  readonly locale: Locale;
  /** The message `key` in this locale, with ICU placeholders filled from `values`. */
  t(key: MessageKey, values?: MessageValues): string;
  /** Whether `key` names a message (for keys built from API codes). */
  has(key: string): key is MessageKey;
}

// Compiled messages only: immutable and shared by every request, whatever its locale.
const compiled = new Map<string, IntlMessageFormat>();

function format(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const id = `${locale}:${key}`;
  let message = compiled.get(id);
  if (!message) {
    message = new IntlMessageFormat(catalogs[locale][key], locale);
    compiled.set(id, message);
  }
  return String(message.format(values));
}

const translators: Record<Locale, Translator> = {
  fr: makeTranslator('fr'),
  en: makeTranslator('en'),
};

function makeTranslator(locale: Locale): Translator {
  return {
    locale,
    t: (key, values) => format(locale, key, values),
    has: (key): key is MessageKey => Object.hasOwn(catalogs[locale], key),
  };
}

export function getTranslator(locale: Locale): Translator {
  return translators[locale];
}
