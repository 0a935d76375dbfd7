import { describe, expect, it } from 'vitest';
import { maskUrl } from './services.ts';
import { isRedisUrl, parseRedisUrl, queuePrefix } from './redis.ts';

describe('REDIS_URL', () => {
  it('reads one server as ioredis does', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379')).toEqual({ kind: 'server', url: 'redis://127.0.0.1:6379' });
    expect(queuePrefix('redis://127.0.0.1:6379', 'consilium')).toBe('consilium');
  });

  it('reads a cluster\'s seed nodes, credentials and TLS, and puts the queue prefix in a hash tag', () => {
    expect(parseRedisUrl('rediss+cluster://ops:s%40cret@10.0.0.1:7000,10.0.0.2:7001,[::1]:7002')).toEqual({
      kind: 'cluster',
      nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7001 }, { host: '::1', port: 7002 }],
      username: 'ops',
      password: 's@cret',
      tls: true,
    });
    expect(queuePrefix('redis+cluster://127.0.0.1:7000', 'consilium')).toBe('{consilium}');
  });

  it('names what is wrong', () => {
    expect(() => parseRedisUrl('redis+cluster://127.0.0.1:7000,127.0.0.1')).toThrow(/"127.0.0.1" is not a host:port/);
    expect(() => parseRedisUrl('http://127.0.0.1:6379')).toThrow(/scheme must be redis/);
    expect(isRedisUrl('not a url')).toBe(false);
  });

  it('masks a cluster\'s password in what it prints', () => {
    expect(maskUrl('redis+cluster://ops:secret@10.0.0.1:7000,10.0.0.2:7001')).toBe('redis+cluster://ops:***@10.0.0.1:7000,10.0.0.2:7001');
    expect(maskUrl('redis+cluster://10.0.0.1:7000,10.0.0.2:7001')).toBe('redis+cluster://10.0.0.1:7000,10.0.0.2:7001');
  });
});
