import { describe, expect, it } from 'vitest';
import { countryName, endOfParisDay, formatBytes, formatDate, formatDateTime, formatEuros, formatParisDay, formatRelative, parisDay } from './format.ts';

describe('formatDate', () => {
  it('writes the calendar date of a UTC midnight, whatever the zone', () => {
    expect(formatDate('2026-11-01T00:00:00.000Z', 'fr')).toBe('1 novembre 2026');
    expect(formatDate('2026-11-01T00:00:00.000Z', 'en')).toBe('1 November 2026');
  });

  it('gives back what it cannot read', () => {
    expect(formatDate('soon', 'fr')).toBe('soon');
  });
});

describe('formatDateTime', () => {
  it('writes Paris time and names the zone', () => {
    const winter = formatDateTime('2026-11-23T13:05:00Z', 'fr');
    expect(winter).toContain('23 novembre 2026');
    expect(winter).toContain('14:05');
    expect(winter).toContain('UTC+1');
    const summer = formatDateTime('2026-07-01T13:05:00Z', 'en');
    expect(summer).toContain('1 July 2026');
    expect(summer).toContain('15:05');
  });

  it('has a short form for tables whose month no reader can take for the day', () => {
    expect(formatDateTime('2026-11-23T13:05:00Z', 'fr', 'short')).toMatch(/^23 nov\. 2026.*14:05/);
    const english = formatDateTime('2026-12-05T13:05:00Z', 'en', 'short');
    expect(english).toMatch(/^5 Dec 2026.*14:05/);
    expect(english).not.toContain('/');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');

  it('says how long ago in the largest unit, in the reader’s language', () => {
    expect(formatRelative('2026-12-02T11:00:00Z', 'en', now)).toBe('3 days ago');
    expect(formatRelative('2026-12-02T11:00:00Z', 'fr', now)).toBe('il y a 3 jours');
    expect(formatRelative('2026-12-04T11:00:00Z', 'en', now)).toBe('yesterday');
    expect(formatRelative('2026-12-05T09:30:00Z', 'fr', now)).toBe('il y a 2 heures');
    expect(formatRelative('2026-12-05T11:59:40Z', 'en', now)).toBe('now');
    expect(formatRelative('2026-09-01T12:00:00Z', 'en', now)).toBe('3 months ago');
  });

  it('says when, for what is still to come', () => {
    expect(formatRelative('2026-12-07T12:00:00Z', 'en', now)).toBe('in 2 days');
  });

  it('gives back what it cannot read', () => {
    expect(formatRelative('soon', 'fr', now)).toBe('soon');
  });
});

describe('countryName', () => {
  it('names the country in the reader’s language', () => {
    expect(countryName('BE', 'fr')).toBe('Belgique');
    expect(countryName('GB', 'en')).toBe('United Kingdom');
    expect(countryName('FR', 'en')).toBe('France');
  });

  it('falls back to the code', () => {
    expect(countryName('not a code', 'fr')).toBe('not a code');
  });
});

describe('formatEuros', () => {
  it('writes euros the reader’s way', () => {
    expect(formatEuros(1550, 'fr')).toBe('15,50\u00a0€');
    expect(formatEuros(1550, 'en')).toBe('€15.50');
    expect(formatEuros(0, 'en')).toBe('€0.00');
  });
});

describe('Paris days', () => {
  it('reads the calendar day of an instant in Paris', () => {
    expect(parisDay('2026-11-23T23:30:00Z')).toBe('2026-11-24');
    expect(parisDay('2026-07-01T21:00:00Z')).toBe('2026-07-01');
    expect(parisDay('nonsense')).toBe('');
  });

  it('ends a day at 23:59:59 Paris time, summer and winter', () => {
    expect(endOfParisDay('2026-11-23')).toBe('2026-11-23T22:59:59.000Z');
    expect(endOfParisDay('2026-07-01')).toBe('2026-07-01T21:59:59.000Z');
    expect(parisDay(endOfParisDay('2026-03-29')!)).toBe('2026-03-29');
  });

  it('refuses what is not a day', () => {
    expect(endOfParisDay('')).toBeNull();
    expect(endOfParisDay('2026-02-30')).toBeNull();
    expect(endOfParisDay('23/11/2026')).toBeNull();
  });

  it('writes the day in words', () => {
    expect(formatParisDay('2026-11-23T22:59:59.000Z', 'fr')).toBe('23 novembre 2026');
  });
});

describe('formatBytes', () => {
  it('writes an upload limit in mebibytes with the locale\'s unit and decimal mark', () => {
    expect(formatBytes(10 * 1024 * 1024, 'fr')).toMatch(/^10\sMo$/);
    expect(formatBytes(10 * 1024 * 1024, 'en')).toBe('10 MB');
    expect(formatBytes(2.5 * 1024 * 1024, 'fr')).toMatch(/^2,5\sMo$/);
  });

  it('falls back to kibibytes under one mebibyte', () => {
    expect(formatBytes(512 * 1024, 'en')).toBe('512 kB');
  });
});
