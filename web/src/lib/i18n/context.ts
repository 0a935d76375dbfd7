import { createContext } from 'svelte';
import type { MessageKey, Translator } from './translator.ts';

// Per component tree, hence per request on the server: no module-level locale.
const [getContext, setContext] = createContext<() => Translator>();

/** Called once by the root layout with a getter, so that a locale change re-renders. */
export function setI18n(current: () => Translator): void {
  setContext(current);
}

/** The translator of the page being rendered; read `.t` in markup to stay reactive. */
export function getI18n(): Translator {
  const current = getContext();
  return {
    get locale() {
      return current().locale;
    },
    t: (key, values) => current().t(key, values),
    has: (key): key is MessageKey => current().has(key),
  };
}
