/** buildApp(): koa + router + graphql-yoga. It never listens: main.ts does, tests call it directly. */
import Router from '@koa/router';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Db } from '@consilium/db';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin } from 'graphql-yoga';
import type { RedisClient } from '@consilium/jobs/redis';
import Koa from 'koa';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import getRawBody from 'raw-body';
import { type Context, type Services } from './context.ts';
import { InputProblems } from './errors.ts';
import { negotiateLanguage } from './language.ts';
import { createRateLimits } from './domain/rate-limits.ts';
import { bearerOf, callerOfAuthorization, isAccessToken } from './domain/access-tokens.ts';
import { accessTokenGuardPlugin } from './http/access-token-guard.ts';
import { createStorage } from './domain/uploads/storage.ts';
import { noReportBuilds, type ReportBuilds } from './domain/reports/builds.ts';
import type { Env } from './env.ts';
import { withRequestId } from './log.ts';
import { clientIp } from './http/client-ip.ts';
import { idempotencyPlugin } from './http/idempotency.ts';
import { createApiMetrics } from './http/metrics.ts';
import { observabilityRoutes, requestIds } from './http/observability.ts';
import { uploadRoutes } from './http/uploads.ts';
import { unavailableCause, unavailableError } from './http/unavailable.ts';
import { reportRoutes } from './http/reports.ts';
import { unsubscribeRoutes } from './http/unsubscribe.ts';
import { schema } from './schema/index.ts';
import { fastPathPlugin } from './fast-path/plugin.ts';
import { createLeanMutations, mediaType } from './http/lean-mutations.ts';
import { createMailer, sendMailAfterAnswer, type Mailer, type SendMail } from '@consilium/jobs/mail';
import type { ReplicaMonitor } from './replica/monitor.ts';
import { READ_PRIMARY_HEADER, readPrimaryUntil, readRoutingPlugin, readYourWritesMs } from './replica/routing.ts';

export interface AppDeps {
  env: Env;
  db: Db;
  redis: RedisClient;
  log: Logger;
  /** Where report builds are queued; without it the worker's sweep alone queues them. */
  reportBuilds?: ReportBuilds;
  /** Where mail goes; SMTP_URL's server when not given. */
  mailer?: Mailer;
  /** How re-verification notices leave; through `mailer`, after the answer, when not given. */
  sendMail?: SendMail;
  /** The read replica's monitor (main.ts makes it when DATABASE_REPLICA_URL is set). */
  replica?: ReplicaMonitor | null;
}

interface ServerContext {
  ip?: string;
  /** Set when the lean path hands yoga a result with errors (http/lean-mutations.ts). */
  lean?: { context: Context; mark: object };
}

/**
 * GraphQL rejects ill-typed input during validation or variable coercion, before any
 * resolver runs; the contract wants those to read as BAD_USER_INPUT too. And a resolver that
 * found several input problems (`InputProblems`) throws one error: the response lists each
 * problem as its own error, at the same path, so a form can show them all at once.
 */
const inputErrorsAreBadUserInput: Plugin = {
  onResultProcess({ result, setResult }) {
    if (Array.isArray(result) || !result || !('errors' in result) || !result.errors) return;
    setResult({
      ...result,
      errors: result.errors.flatMap((error) => {
        if (error.originalError instanceof InputProblems) {
          return error.originalError.problems.map(
            (problem) => new GraphQLError(problem.message, { nodes: error.nodes, path: error.path, extensions: problem.extensions }),
          );
        }
        return !error.extensions?.code && /^Variable "\$|Expected value of type|cannot represent/.test(error.message)
          ? [new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } })]
          : [error];
      }),
    });
  },
};

const ANONYMOUS_OPERATION = /\bsubmitSurveyResponse\b/;

/** One line per limiter and minute while Redis is down, not one per request. */
function redisDownLog(log: Logger) {
  const last = new Map<string, number>();
  return (limiter: string, action: 'refuse' | 'allow') => {
    if (Date.now() - (last.get(limiter) ?? 0) < 60_000) return;
    last.set(limiter, Date.now());
    log.warn({ limiter, action }, action === 'allow' ? 'Redis unreachable: requests go on uncounted by this limit' : 'Redis unreachable: requests under this limit are refused (503)');
  };
}

export function buildApp({ env, db, redis, log, reportBuilds = noReportBuilds, mailer = createMailer(env, log), sendMail = sendMailAfterAnswer(mailer, log), replica = null }: AppDeps) {
  const readYourWrites = readYourWritesMs(env.REPLICA_MAX_LAG_MS, env.REPLICA_CHECK_MS);
  const metrics = createApiMetrics(db, replica);
  const redisDown = redisDownLog(log);
  const services: Services = {
    env,
    db,
    redis,
    log,
    rateLimits: createRateLimits(redis, env.REDIS_PREFIX, env.RATE_LIMIT_SCALE, { onRefused: metrics.rateLimitRefused, onRedisDown: redisDown }),
    storage: createStorage(env),
    reportBuilds,
    mailer,
    sendMail,
    replica,
  };

  const lean = createLeanMutations(schema, { reads: env.GRAPHQL_FAST_PATH, replica });
  /** The context of a GraphQL request, through yoga or the lean path. */
  const requestContext = async (header: (name: string) => string | null, ip: string, query: string): Promise<Context> => {
    // An answer must not meet the session or the address of whoever sends it, even by
    // accident: such a request is served as anonymous, without reading (or touching) a session.
    if (ANONYMOUS_OPERATION.test(query)) {
      const withToken = isAccessToken(bearerOf(header('authorization')));
      return { ...services, viewer: null, ip: 'anonymous', locale: 'fr' as const, readPrimaryUntil: 0, ...(withToken ? { accessTokenRefusal: 'answer' as const } : {}) };
    }
    const caller = await callerOfAuthorization(db, header('authorization'));
    return {
      ...services,
      viewer: caller.viewer,
      ...(caller.accessTokenRefused ? { accessTokenRefusal: 'invalid' as const } : {}),
      ip,
      locale: negotiateLanguage(header('accept-language')),
      userAgent: header('user-agent'),
      readPrimaryUntil: readPrimaryUntil(header(READ_PRIMARY_HEADER), readYourWrites),
    };
  };

  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: false,
    landingPage: false,
    logging: false,
    maskedErrors: {
      isDev: false,
      maskError(error, message) {
        const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
        const unavailable = original instanceof GraphQLError ? null : unavailableCause(original);
        if (unavailable) {
          // A passing outage: one line with its kind, not the driver's message (it names hosts).
          log.warn({ reason: unavailable }, 'a service is unavailable: answered 503');
          const refusal = unavailableError(unavailable);
          return error instanceof GraphQLError ? new GraphQLError(refusal.message, { nodes: error.nodes, path: error.path, extensions: refusal.extensions }) : refusal;
        }
        if (!(original instanceof GraphQLError)) log.error({ err: original }, 'unexpected error in a GraphQL request');
        return maskError(error, message, false);
      },
    },
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: env.GRAPHQL_MAX_DEPTH },
        maxAliases: { n: env.GRAPHQL_MAX_ALIASES },
        maxDirectives: { n: 20 },
        maxTokens: { n: 3000 },
        // A fragment spread is not a level of nesting: counted flat, the web's operations (written
        // with fragments) cost what the same fields written inline cost. A page's size (`first`)
        // still multiplies the cost of what it holds.
        costLimit: { maxCost: env.GRAPHQL_MAX_COST, flattenFragments: true },
        blockFieldSuggestion: { enabled: true },
      }),
      inputErrorsAreBadUserInput,
      metrics.graphql,
      // Before the fast path and any execution: a personal access token runs only its scopes' reads.
      accessTokenGuardPlugin(),
      fastPathPlugin(env.GRAPHQL_FAST_PATH),
      // After the fast path: a routed query that cannot reach the replica runs again, fast or not.
      readRoutingPlugin(replica, readYourWrites),
      idempotencyPlugin({
        redis,
        prefix: env.REDIS_PREFIX,
        secret: env.RATE_LIMIT_KEY_SECRET,
        windowSeconds: env.IDEMPOTENCY_WINDOW_SECONDS,
        isAnonymous: (body) => ANONYMOUS_OPERATION.test(body),
        onRedisDown: () => redisDown('idempotency', 'allow'),
      }),
      // Last: its result, when it hands one back, is the one executed.
      lean.plugin,
    ],
    context: async ({ request, ip, params, lean }) => {
      // A lean execution that had errors, handed back to yoga (http/lean-mutations.ts): its context.
      if (lean) return { ...lean.context, leanMark: lean.mark };
      return requestContext((name) => request.headers.get(name), ip ?? 'unknown', params.query ?? '');
    },
  });

  const router = new Router();
  observabilityRoutes(router, { db, redis, env, metrics, replica });
  uploadRoutes(router, services);
  reportRoutes(router, services);
  unsubscribeRoutes(router, { db, env });
  router.all('/graphql', async (ctx) => {
    let body: Buffer | undefined;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      try {
        body = await getRawBody(ctx.req, { limit: env.MAX_BODY_BYTES, length: ctx.get('content-length') || undefined });
      } catch (err) {
        if ((err as { type?: string }).type !== 'entity.too.large') throw err;
        // The rest of the body is not read: the connection cannot be reused.
        ctx.set('Connection', 'close');
        ctx.status = 413;
        ctx.body = { errors: [{ message: `The request body is larger than ${env.MAX_BODY_BYTES} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] };
        return;
      }
    }
    const ip = clientIp(ctx.req, env.TRUSTED_PROXIES);
    const fetchIt = (leanDone?: ServerContext['lean']) =>
      yoga.fetch(
        new URL(ctx.originalUrl, 'http://api.local'),
        { method: ctx.method, headers: ctx.req.headers as Record<string, string>, body: body && new Uint8Array(body) },
        { ip, ...(leanDone ? { lean: leanDone } : {}) },
      );
    // The three write hot spots and the discussion's compiled reads, once yoga has seen their document valid: without yoga's pipeline.
    const text = body?.toString('utf8');
    // A personal access token too: the context reads it, and the lean path runs the same guard (access-token-guard.ts).
    const leanRequest = ctx.method === 'POST' ? lean.accepts(ctx.req.headers, text) : null;
    type Served = { yoga: Response } | { text: string; viewer: boolean };
    const serve = async (): Promise<Served> => {
      if (!leanRequest) return { yoga: await fetchIt() };
      const started = process.hrtime.bigint();
      let context: Context;
      try {
        context = await requestContext((name) => ctx.get(name) || null, ip ?? 'unknown', text!);
      } catch {
        // The session could not be read (an outage): yoga reads it again and answers as it does.
        return { yoga: await fetchIt() };
      }
      const outcome = await lean.run(leanRequest, context);
      if ('replay' in outcome) return { yoga: await fetchIt({ context, mark: outcome.replay }) };
      metrics.graphqlServed({ operationName: leanRequest.operationName, query: text }, started);
      return { text: outcome.text, viewer: !outcome.read && context.viewer !== null };
    };
    // An answer runs under an id of its own: one the caller sent could be the one the web
    // server logged beside the physician's session.
    const anonymous = ANONYMOUS_OPERATION.test(text ?? ctx.querystring);
    const answerId = anonymous ? randomUUID() : undefined;
    if (answerId) ctx.set('X-Request-Id', answerId);
    const served = await (answerId ? withRequestId(answerId, serve) : serve());
    if ('text' in served) {
      // What yoga answers a result without errors (and readRoutingPlugin's mark after a member's mutation).
      ctx.status = 200;
      ctx.set('Content-Type', `${mediaType(ctx.req.headers.accept)}; charset=utf-8`);
      if (served.viewer) ctx.set(READ_PRIMARY_HEADER, String(Date.now() + readYourWrites));
      ctx.body = served.text;
      return;
    }
    const response = served.yoga;
    ctx.status = response.status;
    response.headers.forEach((value, key) => ctx.set(key, value));
    ctx.body = Buffer.from(await response.arrayBuffer());
  });

  const app = new Koa();
  app.use(requestIds);
  app.use(metrics.http);
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const unavailable = unavailableCause(err);
      if (unavailable) {
        log.warn({ reason: unavailable, path: ctx.path }, 'a service is unavailable: answered 503');
        const { message, extensions } = unavailableError(unavailable);
        const { http, ...rest } = extensions as { http: { status: number; headers: Record<string, string> } };
        ctx.status = http.status;
        for (const [name, value] of Object.entries(http.headers)) ctx.set(name, value);
        ctx.body = { errors: [{ message, extensions: rest }] };
        return;
      }
      log.error({ err, path: ctx.path }, 'unexpected error');
      ctx.status = 500;
      ctx.body = { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
    }
  });
  app.use(router.routes()).use(router.allowedMethods());

  return { app, yoga, services, metrics, lean };
}

export type App = ReturnType<typeof buildApp>;
