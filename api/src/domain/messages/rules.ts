/** What a private message may be: checked at the boundary, as a post's body is. */
import { z } from 'zod';

export const MESSAGE_MAX = 5000;
/** Markdown source; whitespace around it is dropped, and an empty or blank body refused. */
export const messageBodySchema = z.string().trim().min(1).max(MESSAGE_MAX);
