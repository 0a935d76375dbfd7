import type { FormErrors } from '$lib/graphql/errors.ts';

/** What a form action of the thread page answered, for the form it came from. */
export interface ThreadActionResult {
  kind: 'reply' | 'vote' | 'poll' | 'report' | 'edit' | 'bookmark';
  /** The post, poll or reply target ("thread") the form was about. */
  target: string;
  errors?: FormErrors<string>;
  body?: string;
  reason?: string;
}

/** What went through on the thread page, told once after the redirect (see $lib/server/flash.ts). */
export type ThreadDone =
  | { kind: 'reply'; id: string }
  | { kind: 'report'; postId: string }
  | { kind: 'edit'; postId: string }
  | { kind: 'bookmark'; bookmarked: boolean };

/** The flash cookie's value when it is a `ThreadDone`, else null. */
export function asThreadDone(value: unknown): ThreadDone | null {
  if (typeof value !== 'object' || value === null) return null;
  const { kind, id, postId } = value as Record<string, unknown>;
  if (kind === 'reply' && typeof id === 'string') return { kind, id };
  if ((kind === 'report' || kind === 'edit') && typeof postId === 'string') return { kind, postId };
  const { bookmarked } = value as Record<string, unknown>;
  if (kind === 'bookmark' && typeof bookmarked === 'boolean') return { kind, bookmarked };
  return null;
}

/** The action's answer when it belongs to the form of `kind` about `target`, else null. */
export function resultFor(form: unknown, kind: ThreadActionResult['kind'], target: string): ThreadActionResult | null {
  if (typeof form !== 'object' || form === null) return null;
  const result = form as Partial<ThreadActionResult>;
  return result.kind === kind && result.target === target ? (result as ThreadActionResult) : null;
}
