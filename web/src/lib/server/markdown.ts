/**
 * The one way a post's markdown becomes HTML, for the pages and for the composer's preview.
 * Bodies are written by strangers: marked turns the markdown into HTML with any raw HTML
 * shown as text, then sanitize-html keeps a short list of tags and attributes. Links go to
 * http, https or mailto only (or a path of this site), and open with rel="noopener noreferrer
 * nofollow"; images only ever come from our own uploads, so that a post cannot make the reader's
 * browser call another server (a tracking pixel would tell it who reads the case, and when).
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** The address of an uploaded image as the web app serves it. */
export const UPLOAD_SRC = /^\/uploads\/[A-Za-z0-9-]+$/;

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // Raw HTML in a post is shown as the text it is, never interpreted.
    html: ({ text }) => escapeHtml(text),
  },
});

const LINK_REL = 'noopener noreferrer nofollow';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'code', 'pre', 'blockquote',
    'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'loading'],
    ol: ['start'],
    th: [{ name: 'align', multiple: false, values: ['left', 'center', 'right'] }],
    td: [{ name: 'align', multiple: false, values: ['left', 'center', 'right'] }],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // A post's headings sit under the page's own h1 and h2.
    h1: 'h3',
    h2: 'h4',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy' } }),
  },
  // An image from anywhere but our uploads goes, whatever its scheme or spelling.
  exclusiveFilter: (frame) => frame.tag === 'img' && !UPLOAD_SRC.test(frame.attribs.src ?? ''),
};

/** The sanitised HTML of a post's markdown body. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source) as string;
  return sanitizeHtml(html, OPTIONS).trim();
}
