import type { passkeysFr } from './passkeys.fr.ts';

/** English messages of passkeys: the account page's section and the login page's button (#14, point 2). */
export const passkeysEn: Record<keyof typeof passkeysFr, string> = {
  'passkeys.title': 'Passkeys',
  'passkeys.lead':
    'A passkey signs you in with your device’s screen lock (fingerprint, face or PIN), without a password, and counts as two factors. Consilium keeps only its name and the days it was added and used.',
  'passkeys.none': 'No passkey yet.',
  'passkeys.addedOn': 'Added on {day}',
  'passkeys.lastUsedOn': 'used on {day}',
  'passkeys.neverUsed': 'not used yet',
  'passkeys.name': 'Name of the passkey',
  'passkeys.nameHint': 'For instance “Practice laptop” or “Phone”.',
  'passkeys.add': 'Add a passkey',
  'passkeys.adding': 'Follow your device’s prompts…',
  'passkeys.newName': 'New name for “{name}”',
  'passkeys.rename': 'Rename',
  'passkeys.remove': 'Remove',
  'passkeys.removeLabel': 'Remove the passkey “{name}”',
  'passkeys.added': 'The passkey was added. You can use it next time you sign in.',
  'passkeys.renamed': 'The passkey was renamed.',
  'passkeys.removed': 'The passkey was removed. Remove it from your device too if you no longer use it.',
  'passkeys.problem.unsupported':
    'This browser cannot use passkeys (or JavaScript is off). Try a recent Chrome, Safari, Firefox or Edge, or sign in with your password.',
  'passkeys.problem.cancelled': 'The passkey request was cancelled or timed out. Nothing changed; you can try again.',
  'passkeys.problem.exists': 'This device already holds a passkey for your account.',
  'passkeys.problem.failed': 'The passkey could not be used. Try again.',
  'reason.response.invalid': 'The passkey could not be verified. Try again.',
  'reason.response.out_of_range': 'Your account already has the most passkeys it can hold: remove one first.',
  'reason.id.last_factor': 'This is your last second factor: an administrator must keep one. Add another passkey first.',
  'reason.passkey_refused': 'This passkey is not recognised here. It may have been removed from your account: sign in with your password.',
  'login.passkey': 'Sign in with a passkey',
  'login.passkeyLead': 'No e-mail or password: your device asks for its screen lock.',
  'login.or': 'or with your password',
};
