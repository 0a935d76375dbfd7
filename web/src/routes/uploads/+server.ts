import { env } from '$lib/server/env.ts';
import { SESSION_COOKIE } from '$lib/server/session.ts';
import { proxyUpload, uploadProblem, uploadRequestLimit } from '$lib/server/uploads.ts';
import type { RequestHandler } from './$types';

/** A case image from the composer, on to the API with the session (verified physicians). */
export const POST: RequestHandler = async (event) => {
  const { viewer, apiUnavailable } = event.locals;
  const token = event.cookies.get(SESSION_COOKIE);
  if (!viewer || !token) {
    if (apiUnavailable) return uploadProblem(503, 'API_UNAVAILABLE', 'The image service cannot be reached.');
    return uploadProblem(401, 'UNAUTHENTICATED', 'Log in first.');
  }
  if (viewer.role !== 'PHYSICIAN' || viewer.verificationStatus !== 'VERIFIED') {
    return uploadProblem(403, 'FORBIDDEN', 'Only verified physicians may post images.');
  }
  return proxyUpload(event.request, {
    apiUrl: env.apiUrl,
    token,
    locale: event.locals.locale,
    clientAddress: event.getClientAddress(),
    maxBytes: uploadRequestLimit(env.uploadMaxBytes),
  });
};
