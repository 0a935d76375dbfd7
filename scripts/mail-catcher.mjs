/**
 * The development mail catcher `pnpm start` runs in its own process when SMTP_URL is not set:
 * an SMTP server on loopback (smtp-server) that keeps the last mails in memory, and a web inbox
 * that shows them. Nothing leaves the machine. Plain Node, like start.mjs.
 */
import { createServer } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const KEEP = 200;

const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
/** Escaped text whose http(s) addresses become links (the mails' confirmation and reset links). */
const linkify = (text) => escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

function inboxPage(mails) {
  const items = mails
    .map(
      (m) => `<article>
  <h2>${escapeHtml(m.subject || '(no subject)')}</h2>
  <p class="meta">To ${escapeHtml(m.to.join(', '))} · from ${escapeHtml(m.from)} · <time datetime="${m.date.toISOString()}">${m.date.toISOString().replace('T', ' ').slice(0, 19)} UTC</time></p>
  <pre>${linkify(m.text)}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Consilium — development inbox (${mails.length})</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem}article{border:1px solid #ccc;border-radius:6px;padding:0 1rem;margin:1rem 0}
pre{white-space:pre-wrap;word-break:break-word}.meta{color:#555;font-size:.9rem}</style></head>
<body><main><h1>Development inbox</h1><p>Every mail the API sent since <code>pnpm start</code>, newest first (the last ${KEEP}). Reload to see new ones.</p>
${items || '<p>No mail yet.</p>'}</main></body></html>`;
}

/** Starts the SMTP server and the inbox on loopback; resolves with their addresses. */
export async function startMailCatcher({ smtpPort = 1025, httpPort = 1080, host = '127.0.0.1' } = {}) {
  const mails = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.unshift({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: parsed.from?.text ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            date: new Date(),
          });
          mails.length = Math.min(mails.length, KEEP);
          callback();
        })
        .catch(callback);
    },
  });
  const http = createServer((req, res) => {
    if (req.url === '/messages.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(mails));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" }).end(inboxPage(mails));
  });
  // smtp-server's listen() is its net.Server's; errors come out of either.
  const listen = (server, net, port) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => (server.off('error', reject), resolve(net.address().port)));
    });
  const boundSmtp = await listen(smtp, smtp.server, smtpPort);
  const boundHttp = await listen(http, http, httpPort).catch(async (err) => {
    await new Promise((r) => smtp.close(r));
    throw err;
  });
  return {
    smtpUrl: `smtp://${host}:${boundSmtp}`,
    inboxUrl: `http://localhost:${boundHttp}/`,
    close: () => Promise.all([new Promise((r) => smtp.close(r)), new Promise((r) => http.close(r))]),
  };
}

// Run alone (`node scripts/mail-catcher.mjs`) beside an API started some other way; `pnpm start` imports it instead.
if (import.meta.url === `file://${process.argv[1]}`) {
  const catcher = await startMailCatcher({
    smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT) || 1025,
    httpPort: Number(process.env.MAIL_CATCHER_PORT) || 1080,
  });
  console.log(`SMTP on ${catcher.smtpUrl}, inbox at ${catcher.inboxUrl}`);
  const stop = () => void catcher.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
