import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

const REL = 'rel="noopener noreferrer nofollow"';

const SAFE_TAGS = new Set(['p', 'br', 'hr', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);

/**
 * What no rendered body may ever contain, whatever was written: every real tag (escaped text
 * starts with "&lt;", a tag with "<") is an allowed one, with no handler, and its href or src
 * is a safe address.
 */
function expectInert(html: string): void {
  for (const [tag, name = '', attributes = ''] of html.matchAll(/<([a-zA-Z0-9]+)([^>]*)>/g)) {
    expect(SAFE_TAGS.has(name.toLowerCase()), tag).toBe(true);
    const names = attributes.replace(/"[^"]*"/g, '""');
    expect(names, tag).not.toMatch(/(^|\s)on[a-z]+\s*=/i);
    for (const [, attr, value = ''] of attributes.matchAll(/\s(href|src)="([^"]*)"/g)) {
      if (attr === 'src') expect(value, tag).toMatch(/^\/uploads\/[A-Za-z0-9-]+$/);
      else expect(value, tag).toMatch(/^(https?:\/\/|mailto:|\/(?!\/))/);
    }
  }
}

describe('renderMarkdown', () => {
  it('renders the markdown physicians write', () => {
    const html = renderMarkdown('# Case\n\n**ECG** _normal_ `QTc 430` ~~no~~\n\n> quoted\n\n- a\n- b\n\n1. one');
    expect(html).toBe(
      '<h3>Case</h3>\n<p><strong>ECG</strong> <em>normal</em> <code>QTc 430</code> <del>no</del></p>\n' +
        '<blockquote>\n<p>quoted</p>\n</blockquote>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol>\n<li>one</li>\n</ol>',
    );
  });

  it('keeps tables with their alignment', () => {
    const html = renderMarkdown('| a | b |\n|:-|-:|\n| 1 | 2 |');
    expect(html).toContain('<th align="left">a</th>');
    expect(html).toContain('<td align="right">2</td>');
  });

  it('gives every link rel="noopener noreferrer nofollow"', () => {
    expect(renderMarkdown('[guide](https://www.has-sante.fr/x)')).toBe(`<p><a href="https://www.has-sante.fr/x" ${REL}>guide</a></p>`);
    expect(renderMarkdown('see https://example.org')).toBe(`<p>see <a href="https://example.org" ${REL}>https://example.org</a></p>`);
    expect(renderMarkdown('[write](mailto:a@b.fr)')).toBe(`<p><a href="mailto:a@b.fr" ${REL}>write</a></p>`);
  });

  it('shows our uploaded images and nothing else', () => {
    expect(renderMarkdown('![ECG](/uploads/3f2a-bc19)')).toBe('<p><img src="/uploads/3f2a-bc19" alt="ECG" loading="lazy" /></p>');
    for (const src of ['https://evil.example/p.png', '//evil.example/p.png', 'http://127.0.0.1/x', '/uploads/../logout', '/uploads/a?b', 'data:image/png;base64,AAAA']) {
      const html = renderMarkdown(`![pixel](${src})`);
      expect(html, src).toBe('<p></p>');
    }
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['an onerror handler', 'x <img src=x onerror=alert(1)> y', '<p>x &lt;img src=x onerror=alert(1)&gt; y</p>'],
    ['an svg onload', '<svg onload=alert(1)>', '&lt;svg onload=alert(1)&gt;'],
    ['an iframe', '<iframe src="javascript:alert(1)"></iframe>', '&lt;iframe src="javascript:alert(1)"&gt;&lt;/iframe&gt;'],
    ['an object', '<object data="x.swf"></object>', '<p>&lt;object data="x.swf"&gt;&lt;/object&gt;</p>'],
    ['a style block', '<style>body{display:none}</style>', '&lt;style&gt;body{display:none}&lt;/style&gt;'],
    ['a raw link', '<a href="javascript:alert(1)">x</a>', '<p>&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;</p>'],
    ['an inline body onload', 'hi <body onload=alert(1)>', '<p>hi &lt;body onload=alert(1)&gt;</p>'],
  ])('shows raw HTML (%s) as text', (_name, source, expected) => {
    const html = renderMarkdown(source);
    expect(html).toBe(expected);
    expectInert(html);
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x]( javascript:alert(1))',
    '[x](<javascript:alert(1)>)',
    '[x](&#106;avascript:alert(1))',
    '[x](&#x6A;avascript&colon;alert(1))',
    '[x](jav&#x09;ascript:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](vbscript:msgbox(1))',
    '[x][r]\n\n[r]: javascript:alert(1)',
  ])('drops the target of a dangerous link: %s', (source) => {
    const html = renderMarkdown(source);
    expect(html).toBe(`<p><a ${REL}>x</a></p>`);
    expectInert(html);
  });

  it('keeps a link title from breaking out of its attribute', () => {
    const html = renderMarkdown('[t](https://example.org "x\\" onmouseover=\\"alert(1)")');
    expect(html).toBe(`<p><a href="https://example.org" title="x&quot; onmouseover=&quot;alert(1)" ${REL}>t</a></p>`);
    expectInert(html);
  });

  it('keeps an image title from breaking out of its attribute', () => {
    const html = renderMarkdown('![a](/uploads/abc "t\\" onerror=\\"alert(1)")');
    expect(html).toBe('<p><img src="/uploads/abc" alt="a" title="t&quot; onerror=&quot;alert(1)" loading="lazy" /></p>');
    expectInert(html);
  });

  it('leaves code as code', () => {
    expect(renderMarkdown('```\n<script>alert(1)</script>\n```')).toBe('<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>');
  });
});
