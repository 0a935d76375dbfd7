import { env } from '$lib/server/env.ts';
import { readJson } from '$lib/server/json-api.ts';
import { relayAnswers } from '$lib/server/relay.ts';
import type { RequestHandler } from './$types';

/**
 * The anonymous relay: the physician's browser posts survey answers here with no cookie, and
 * this forwards them to the API carrying nothing about who sent them (see `relay.ts`). The
 * handle hook does not look for a session on this path either.
 */
export const POST: RequestHandler = async ({ request }) => relayAnswers(await readJson(request), { apiUrl: env.apiUrl });
