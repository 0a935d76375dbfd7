import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { unavailableCause, unavailableError } from './unavailable.ts';

/** Errors shaped as the drivers throw them (node-postgres, Prisma's pg adapter, ioredis). */
const withCode = (message: string, code: string, extra: object = {}) => Object.assign(new Error(message), { code, ...extra });

describe('unavailableCause', () => {
  it('knows PostgreSQL out of reach, going down or starting up, and the pool with no connection to give', () => {
    expect(unavailableCause(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe('database_unreachable');
    expect(unavailableCause(withCode('terminating connection due to administrator command', '57P01'))).toBe('database_unreachable');
    expect(unavailableCause(withCode('the database system is starting up', '57P03'))).toBe('database_unreachable');
    expect(unavailableCause(new Error('Connection terminated unexpectedly'))).toBe('database_unreachable');
    expect(unavailableCause(withCode("Can't reach database server at 127.0.0.1:5432", 'P1001'))).toBe('database_unreachable');
    expect(unavailableCause(new Error('timeout exceeded when trying to connect'))).toBe('database_busy');
  });

  it('finds a cancelled statement inside the error Prisma wraps around the adapter’s', () => {
    const wrapped = withCode('Raw query failed', 'P2010', { meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57014' } } } });
    expect(unavailableCause(wrapped)).toBe('statement_timeout');
    expect(unavailableCause(new GraphQLError('x', { originalError: withCode('canceling statement due to statement timeout', '57014') }))).toBe('statement_timeout');
  });

  it('knows Redis out of reach', () => {
    expect(unavailableCause(Object.assign(new Error('Reached the max retries per request limit (which is 2).'), { name: 'MaxRetriesPerRequestError' }))).toBe('redis_unreachable');
    expect(unavailableCause(new Error('Connection is closed.'))).toBe('redis_unreachable');
  });

  it('leaves bugs and refusals alone: they stay 500s (logged) or what they are', () => {
    expect(unavailableCause(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeNull();
    expect(unavailableCause(withCode('duplicate key value violates unique constraint', '23505'))).toBeNull();
    expect(unavailableCause(null)).toBeNull();
  });
});

describe('unavailableError', () => {
  it('is a 503 with Retry-After and a code, and no word of the cause beyond its kind', () => {
    const error = unavailableError('statement_timeout');
    expect(error.extensions).toMatchObject({ code: 'TIMEOUT', reason: 'statement_timeout', http: { status: 503, headers: { 'retry-after': '5' } } });
    expect(unavailableError('database_unreachable').extensions.code).toBe('SERVICE_UNAVAILABLE');
  });
});
