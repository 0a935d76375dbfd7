/**
 * Files the API serves outside GraphQL, passed through the web app because the browser cannot
 * reach the API: invoices (with the session's token) and the report's CSV export (its signed,
 * expiring link is the credential: nothing of the session goes with it).
 */

/** An invoice's file name: the order's id, then .pdf or .html. */
export const INVOICE_FILE = /^[A-Za-z0-9_-]{1,100}\.(pdf|html)$/;
/** A report file's name: the survey's id, then .csv, .xlsx, .fr.pdf, .en.pdf or .respondents.zip. */
export const REPORT_FILE = /^[A-Za-z0-9_-]{1,100}\.(csv|xlsx|fr\.pdf|en\.pdf|respondents\.zip)$/;

/** The API's answer headers a download needs; nothing else (cookies, say) comes through. */
const PASSED_HEADERS = ['content-type', 'content-disposition', 'content-length', 'content-security-policy', 'last-modified'];

export interface FileRequest {
  /** The API's GraphQL URL: its origin serves the files. */
  apiUrl: string;
  /** The path on the API, with its query string ("/reports/x.csv?expires=…&sig=…"). */
  path: string;
  /** The session token, for the routes that need one. */
  token: string | null;
  /** The language the file is asked in (invoices are written in French or English). */
  acceptLanguage?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** What the API answered: the file, or the status to show the error page with. */
export type FileAnswer = { ok: true; response: Response } | { ok: false; status: number };

/** Fetches a file from the API and answers with it, its type and its download name. */
export async function forwardFile(request: FileRequest): Promise<FileAnswer> {
  const url = new URL(request.path, request.apiUrl);
  const headers: Record<string, string> = {};
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.acceptLanguage) headers['accept-language'] = request.acceptLanguage;
  let answer: Response;
  try {
    answer = await (request.fetch ?? fetch)(url, {
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
    });
  } catch (cause) {
    const reason = cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : String(cause);
    console.error(`[web] API unreachable at ${url.origin}: ${reason}`);
    return { ok: false, status: 503 };
  }
  if (!answer.ok) {
    await answer.body?.cancel();
    // A redirect or anything unexpected is no file: told as the API being unavailable.
    return { ok: false, status: [401, 403, 404].includes(answer.status) ? answer.status : 503 };
  }
  const passed = new Headers({ 'cache-control': 'private, no-store' });
  for (const name of PASSED_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) passed.set(name, value);
  }
  return { ok: true, response: new Response(answer.body, { status: 200, headers: passed }) };
}
