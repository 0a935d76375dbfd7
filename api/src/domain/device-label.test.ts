import { describe, expect, it } from 'vitest';
import { deviceLabel } from './sessions.ts';

describe('deviceLabel', () => {
  it('names the browser and the system only, never a version', () => {
    expect(deviceLabel('Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0')).toBe('Firefox on Android');
    expect(deviceLabel('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe('Safari on iOS');
    expect(deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0')).toBe('Microsoft Edge on Windows');
  });

  it('says nothing for a missing or meaningless agent, and stays short for a long one', () => {
    expect(deviceLabel(null)).toBeNull();
    expect(deviceLabel('')).toBeNull();
    expect(deviceLabel('x')).toBeNull();
    expect((deviceLabel(`Mozilla/5.0 (X11; Linux x86_64) ${'A'.repeat(5000)} Firefox/130.0`) ?? '').length).toBeLessThanOrEqual(64);
  });
});
