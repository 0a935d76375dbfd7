/**
 * One header, one language: the API's context, the invoice route and the web app all call
 * negotiateLanguage, and these rows are what each of them answers (language.test.ts checks the
 * function; api/src/http/invoices.int.test.ts holds the GraphQL context and the invoice route to
 * it; web/src/lib/i18n/locale.test.ts holds the web app to the function).
 */
export const ACCEPT_LANGUAGE_TABLE: Array<[string | null | undefined, 'fr' | 'en']> = [
  [undefined, 'fr'],
  [null, 'fr'],
  ['', 'fr'],
  ['   ', 'fr'],
  ['*', 'fr'],
  ['en-GB,en;q=0.9', 'en'],
  ['de-DE', 'fr'],
  ['de-DE,de;q=0.9', 'fr'],
  ['fr-BE', 'fr'],
  ['en;q=0.1, fr;q=0.9', 'fr'],
  ['fr-BE,fr;q=0.9,en;q=0.8', 'fr'],
  ['de-DE,en;q=0.5,fr;q=0.9', 'fr'],
  ['de-DE,en;q=0.5', 'en'],
  ['nl-BE', 'fr'],
  ['nl-BE,nl;q=0.9,fr;q=0.7,en;q=0.5', 'fr'],
  ['en-GB,en;q=0.9,fr;q=0.8', 'en'],
  ['en;q=0.5, fr;q=0.9', 'fr'],
  ['fr;q=0, en', 'en'],
  ['en, fr', 'en'],
  ['EN-us', 'en'],
  ['garbage', 'fr'],
  ['!!;;q=x,,,', 'fr'],
  ['en;q=banana', 'fr'],
];
