import { signInOptions } from '$lib/server/passkeys.ts';
import type { RequestHandler } from './$types';

/** Options for signing in with any passkey of this site. */
export const POST: RequestHandler = (event) => signInOptions(event);
