import type { VerificationStatus } from '$lib/graphql/operations.ts';
import type { MessageKey } from '$lib/i18n/translator.ts';

/**
 * The link to the credential page for a physician the verified pages are closed to: to submit a
 * licence (or a corrected one) when there is nothing to view, and only otherwise to view the
 * licence and its verification receipt; offering a receipt to someone who never submitted misleads.
 */
export function credentialCta(status: VerificationStatus | null | undefined): MessageKey {
  if (!status || status === 'UNSUBMITTED') return 'verification.cta.UNSUBMITTED';
  if (status === 'REJECTED') return 'verification.cta.REJECTED';
  return 'verification.cta.view';
}
