/**
 * Quote-reply: a passage of a post (the reader's selection, or the whole post's text) as a
 * markdown blockquote ending with a link to the quoted post, to start a reply with.
 */

/** The longest passage quoted; longer selections are cut at a word. */
export const MAX_QUOTE = 1000;

function shorten(text: string): string {
  if (text.length <= MAX_QUOTE) return text;
  const cut = text.slice(0, MAX_QUOTE);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_QUOTE / 2)).trimEnd()}…`;
}

/**
 * `text` quoted as markdown: each line behind "> ", then "> — [@handle](link)", then a blank
 * line for the answer. Blank lines inside stay inside the quote.
 */
export function quoteMarkdown(text: string, handle: string, href: string): string {
  const body = shorten(text.replace(/\r\n?/g, '\n').trim()).replace(/\n{3,}/g, '\n\n');
  if (body === '') return '';
  const lines = body.split('\n').map((line) => (line.trim() === '' ? '>' : `> ${line}`));
  return `${lines.join('\n')}\n>\n> — [@${handle}](${href})\n\n`;
}

/** Adds a quote to what is already written: after it, separated by a blank line. */
export function appendQuote(current: string, quote: string): string {
  if (current.trim() === '') return quote;
  return `${current.replace(/\s+$/, '')}\n\n${quote}`;
}
