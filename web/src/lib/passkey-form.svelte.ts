/**
 * The state of a form that runs a passkey ceremony before it posts (the login page's "Sign in
 * with a passkey", the account page's "Add a passkey"): whether the browser can, whether a
 * ceremony is running, what went wrong — and the submit handler that runs the ceremony, puts the
 * signed answer in the form's `response` field and posts the form. Until the page is hydrated the
 * button stays disabled: a form posted without an answer would only be refused.
 */
import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { onMount } from 'svelte';
import { runCeremony, type PasskeyProblem } from './passkeys.ts';

/** Call during a component's initialisation (it registers an `onMount`). */
export function passkeyForm(kind: 'register' | 'authenticate', optionsUrl: string) {
  let ready = $state(false);
  let supported = $state(true);
  let busy = $state(false);
  let problem: PasskeyProblem | null = $state(null);

  onMount(() => {
    supported = browserSupportsWebAuthn();
    ready = true;
  });

  return {
    get ready() {
      return ready;
    },
    get supported() {
      return supported;
    },
    get busy() {
      return busy;
    },
    get problem() {
      return problem;
    },
    /** The form's `onsubmit`: checks the form's own fields, runs the ceremony, then posts. */
    async submit(event: SubmitEvent) {
      event.preventDefault();
      const form = event.currentTarget as HTMLFormElement;
      if (!form.reportValidity()) return;
      busy = true;
      problem = null;
      const result = await runCeremony(kind, optionsUrl);
      if (!result.ok) {
        problem = result.problem;
        busy = false;
        return;
      }
      (form.elements.namedItem('response') as HTMLInputElement).value = result.response;
      form.submit();
    },
  };
}
