import { registrationOptions } from '$lib/server/passkeys.ts';
import type { RequestHandler } from './$types';

/** Options for adding a passkey to the signed-in account (its challenge is bound to the session). */
export const POST: RequestHandler = (event) => registrationOptions(event);
