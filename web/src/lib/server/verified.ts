import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { Viewer } from '$lib/graphql/operations.ts';
import { requireViewer } from './guards.ts';

/**
 * A verified physician, for the discussion's pages: other physicians go to the feed, which
 * tells them why it is closed to them; other roles get 403. The API refuses them too.
 */
export function requireVerifiedPhysician(event: Pick<RequestEvent, 'locals' | 'url'>): Viewer {
  const viewer = requireViewer(event, ['PHYSICIAN']);
  if (viewer.verificationStatus !== 'VERIFIED') redirect(303, '/discussion');
  return viewer;
}
