/** What a room, a tag, a post or a poll may be: the limits of the discussion, checked at the boundary. */
import { isSpecialtyCode } from '@consilium/db';
import { z } from 'zod';
import type { BadInputReason } from '../../errors.ts';

const rule = (message: string, reason: BadInputReason = 'invalid') => ({ message, params: { reason } });

export const TITLE = { min: 3, max: 200 };
export const BODY_MAX = 20_000;
export const MAX_TAGS = 5;
/** Lower-case letters of any alphabet, accents included ("gériatrie"), digits and hyphens. */
export const TAG = /^[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}-]{1,32}$/u;

export const isRoom = (room: string) => room === 'general' || isSpecialtyCode(room);

export const roomSchema = z.string().trim().refine(isRoom, rule('must be "general" or a specialty code (see the rooms query)'));
export const titleSchema = z.string().trim().min(TITLE.min).max(TITLE.max);
/** Markdown source; whitespace around it is dropped, and an empty or blank body refused. */
export const bodySchema = z.string().trim().min(1).max(BODY_MAX);
export const reasonSchema = z.string().trim().min(3).max(1000);
/** A tag as stored: NFC (one spelling of "é" whatever the keyboard sent), lower-case. */
export const tagSchema = z
  .string()
  .trim()
  .transform((tag) => tag.normalize('NFC').toLowerCase())
  .pipe(z.string().regex(TAG, rule('a tag is 1 to 32 lower-case letters (accents allowed), digits or hyphens')));
export const tagsSchema = z
  .array(tagSchema)
  .refine((tags) => new Set(tags).size <= MAX_TAGS, rule(`at most ${MAX_TAGS} tags`, 'out_of_range'))
  .transform((tags) => [...new Set(tags)])
  .optional()
  .nullable();

export const pollQuestionSchema = z.string().trim().min(1).max(200);
export const pollOptionsSchema = z
  .array(z.string().trim().min(1).max(100))
  .refine((options) => options.length >= 2 && options.length <= 10, rule('a poll has 2 to 10 options', 'out_of_range'))
  .superRefine((options, ctx) => {
    const seen = new Set<string>();
    for (const [i, option] of options.entries()) {
      const key = option.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], ...rule('the same option appears twice') });
      seen.add(key);
    }
  });

/** The first ~140 characters of a markdown body as plain text, for a notification. */
export function excerpt(markdown: string, length = 140): string {
  const text = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[*_~`#>|]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}
