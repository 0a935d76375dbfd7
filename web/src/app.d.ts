import type { ApiClient } from '$lib/graphql/client.ts';
import type { Viewer } from '$lib/graphql/operations.ts';
import type { Locale } from '$lib/i18n/locale.ts';

declare global {
  namespace App {
    interface Locals {
      locale: Locale;
      /** The API client for this request: its session token, locale and visitor address. */
      api: ApiClient;
      /** The signed-in account (`me`, loaded once in the handle hook), or null. */
      viewer: Viewer | null;
      /** This page request's id, sent to the API as X-Request-Id and returned to the browser. */
      requestId: string;
      /** The API could not be reached while loading `me`. */
      apiUnavailable: boolean;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
