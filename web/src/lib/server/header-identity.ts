import { HeaderPseudonymQuery } from '$lib/graphql/header.ts';
import { isCurrent } from '$lib/navigation.ts';

/**
 * What the header says about who is reading: on discussion and message pages, the verified physician's
 * pseudonym (a screenshot of a thread must not carry an e-mail); nowhere else anything at all,
 * the e-mail being on the account page only. Null rather than a broken page when the API cannot say.
 */
export async function headerPseudonymFor(locals: App.Locals, path: string): Promise<string | null> {
  const { viewer } = locals;
  if (viewer?.role !== 'PHYSICIAN' || viewer.verificationStatus !== 'VERIFIED' || !(isCurrent('/discussion', path) || isCurrent('/messages', path))) return null;
  try {
    const { me } = await locals.api.request(HeaderPseudonymQuery);
    return me?.pseudonym?.handle ?? null;
  } catch {
    return null;
  }
}
