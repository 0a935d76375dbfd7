import type { reverifyFr } from './reverify.fr.ts';

/** English messages of credential re-verification (issue #14, point 5); the same keys as `reverify.fr.ts`. */
export const reverifyEn: Record<keyof typeof reverifyFr, string> = {
  'queue.tab.REVERIFY': 'To re-verify',
  'queue.confirm': 'Confirm verification',
  'queue.reverify': 'Ask for re-verification',
  'queue.reverifyReason': 'Reason for re-verification',
  'queue.done.confirm': 'Verification of licence {registry} {number} confirmed.',
  'queue.done.reverify': 'Licence {registry} {number} put under re-verification.',
  'reverify.reason.REGISTRY_MISSING': 'The registry no longer lists this number',
  'reverify.reason.REGISTRY_SPECIALTY': 'The registry shows another specialty',
  'reverify.reason.AGE': 'Verification has grown old',
  'reverify.reason.ADMIN_REQUEST': 'Asked for by an administrator',
  'reverify.since': 'since {date}',
  'reverify.note': 'Reason:',
  'reverify.registryNow': '{registry} registry now',
  'reverify.before': 'Below, what the registry said when the licence was verified.',
  'reverify.holder':
    'Your licence is being re-verified ({reason}). Your access stays open during the review; an administrator will confirm or revoke the verification.',
};
