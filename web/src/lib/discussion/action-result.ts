import type { FormErrors } from '$lib/graphql/errors.ts';

/** What a form action of the thread page answered, for the form it came from. */
export interface ThreadActionResult {
  kind: 'reply' | 'vote' | 'poll' | 'report';
  /** The post, poll or reply target ("thread") the form was about. */
  target: string;
  errors?: FormErrors<string>;
  body?: string;
  reason?: string;
  replied?: string;
  reported?: boolean;
}

/** The action's answer when it belongs to the form of `kind` about `target`, else null. */
export function resultFor(form: unknown, kind: ThreadActionResult['kind'], target: string): ThreadActionResult | null {
  if (typeof form !== 'object' || form === null) return null;
  const result = form as Partial<ThreadActionResult>;
  return result.kind === kind && result.target === target ? (result as ThreadActionResult) : null;
}
