import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, instantAt, numberAt } from './connection.ts';

const ID = '6f1c1d1e-8a4b-4c2d-9e3f-0a1b2c3d4e5f';
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function refusal(run: () => unknown) {
  try {
    run();
  } catch (err) {
    return err instanceof GraphQLError ? err.extensions : err;
  }
  return 'accepted';
}

describe('decodeCursor', () => {
  it('reads back what encodeCursor wrote: an instant, a rank', () => {
    const at = new Date('2026-03-01T08:30:00.123Z');
    expect(decodeCursor(encodeCursor(at, ID))).toEqual({ at, id: ID });
    expect(decodeCursor(encodeCursor(0.0607927, ID), numberAt)).toEqual({ at: 0.0607927, id: ID });
  });

  it('takes no cursor as the first page', () => {
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor(null)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it.each([
    ['garbage', '%%%'],
    ['base64 with padding', `${encodeCursor(new Date(), ID)}=`],
    ['base64 of garbage', b64('hello')],
    ['an object', b64({ at: '2026-03-01T08:30:00.000Z', id: ID })],
    ['one element', b64([ID])],
    ['three elements', b64(['2026-03-01T08:30:00.000Z', ID, 1])],
    ['an id that is not a uuid', b64(['2026-03-01T08:30:00.000Z', 'x'])],
    ['an id that is not a string', b64(['2026-03-01T08:30:00.000Z', 7])],
    ['a date that is not an instant', b64(['2026-03-01', ID])],
    ['an impossible date', b64(['2026-02-31T25:00:00.000Z', ID])],
    ['a rank where an instant is due', b64([0.5, ID])],
  ])('refuses %s as BAD_USER_INPUT naming after', (_label, cursor) => {
    expect(refusal(() => decodeCursor(cursor))).toEqual({ code: 'BAD_USER_INPUT', field: 'after', reason: 'invalid' });
  });

  it('reads the sort value with the connection’s own reader', () => {
    expect(instantAt('2026-03-01T08:30:00.000Z')).toEqual(new Date('2026-03-01T08:30:00.000Z'));
    expect(instantAt(1)).toBeUndefined();
    expect(numberAt('0.5')).toBeUndefined();
    expect(numberAt(Number.NaN)).toBeUndefined();
    expect(refusal(() => decodeCursor(encodeCursor('0.5', ID), numberAt))).toMatchObject({ field: 'after' });
  });
});
