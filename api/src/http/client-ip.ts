import type { IncomingMessage } from 'node:http';

/**
 * The caller's address. X-Forwarded-For is believed only when the direct peer is a trusted
 * proxy (the web server), and then the rightmost address not itself a trusted proxy wins:
 * a client can prepend anything to the header, but not append.
 */
export function clientIp(req: IncomingMessage, trusted: readonly string[]): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  if (!trusted.includes(peer) || !forwarded) return peer;
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded).split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trusted.includes(hops[i]!)) return hops[i]!;
  }
  return hops[0] ?? peer;
}
