/**
 * `pnpm bench:tokens`: the cost of survey tokens (RFC 9474 RSABSSA-SHA384-PSS-Randomized,
 * RSA-2048) on this machine, one core: the library's signer (JavaScript big integers) against
 * ours (OpenSSL with CRT, then the RFC's s^e = m check), and the other steps of a token's life;
 * then end to end: `issueSurveyToken` through the API over HTTP on loopback (session check,
 * eligibility, signing, the issue recorded), BENCH_TOKENS physicians (default 2,000) at once
 * into one survey (BENCH_TOKENS_ONLY_API=1: that part only); and the issue's write alone
 * (BENCH_TOKENS issues per run, 3 interleaved rounds): today's one statement counted on a place
 * shard, against the transaction before it (insert, then the survey's row counted), kept here as
 * the reference.
 */
import { RSABSSA } from '@cloudflare/blindrsa-ts';
import { cpus, loadavg } from 'node:os';
import { recordIssue } from '../src/domain/surveys/tokens.ts';
import { blindedLooking, CONNECTIONS, issueTokens, openBenchSurvey, peerSummary, perRequest, physiciansWithSessions, post, report, sameBody, startApi, tokenBody } from './api-harness.ts';
import { fromBase64url } from '../src/domain/blind-signatures/base64url.ts';
import { finalizeToken, importSuitePublicKey, prepareAndBlind, type BlindedToken, type Token } from '../src/domain/blind-signatures/client.ts';
import { cachedPrivateKey, generateSurveyKey, importPublicKey, unsealPrivateKey } from '../src/domain/blind-signatures/keys.ts';
import { blindSign, blindSignBase64url, verifyTokenBase64url } from '../src/domain/blind-signatures/signer.ts';

const MIN_SECONDS = 2;
const TARGET_PER_SECOND = 200;
const POOL = 32;
const SECRET = 'bench-only-survey-key-secret-not-for-production';

interface Result {
  name: string;
  iterations: number;
  seconds: number;
}

/** Runs `op` (after one warm-up call) until at least MIN_SECONDS have passed. */
async function measure(name: string, op: (i: number) => unknown): Promise<Result> {
  await op(0);
  let iterations = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    await op(iterations++);
    elapsed = (performance.now() - started) / 1000;
  } while (elapsed < MIN_SECONDS);
  process.stderr.write(`  ${name}: ${iterations} in ${elapsed.toFixed(2)} s\n`);
  return { name, iterations, seconds: elapsed };
}

const perSecond = (r: Result) => r.iterations / r.seconds;
const msPerOp = (r: Result) => (r.seconds * 1000) / r.iterations;

function table(results: Result[]): string {
  const rows = results.map((r) => [r.name, r.iterations.toLocaleString('en'), msPerOp(r).toFixed(3), Math.round(perSecond(r)).toLocaleString('en')]);
  const head = ['operation (RSA-2048, one core)', 'iterations', 'ms/op', 'ops/s'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main() {
  if (process.env.BENCH_TOKENS_ONLY_API === '1') return endToEnd();
  const library = RSABSSA.SHA384.PSS.Randomized();
  const stored = await generateSurveyKey(SECRET);
  const privateKey = cachedPrivateKey('bench', stored.sealedPrivateKey, SECRET);
  const publicKey = importPublicKey(stored.publicKey);
  const libraryKey = await crypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), { name: 'RSA-PSS', hash: 'SHA-384' }, true, ['sign']);

  process.stderr.write(`Preparing ${POOL} blinded messages and tokens…\n`);
  const blinded: BlindedToken[] = [];
  for (let i = 0; i < POOL; i++) blinded.push(await prepareAndBlind(stored.publicKey));
  const blindedBytes = blinded.map((b) => fromBase64url(b.blindedMessage));
  const blindSignatures = blinded.map((b) => blindSignBase64url(privateKey, b.blindedMessage));
  const tokens: Token[] = [];
  for (let i = 0; i < POOL; i++) tokens.push(await finalizeToken(stored.publicKey, blinded[i]!, blindSignatures[i]!));

  // Both signers must agree before their speeds mean anything.
  const theirs = await library.blindSign(libraryKey, blindedBytes[0]!);
  if (Buffer.compare(theirs, blindSign(privateKey, blindedBytes[0]!)) !== 0) throw new Error('The two signers disagree.');
  if (!tokens.every((t) => verifyTokenBase64url(publicKey, t))) throw new Error('A token failed verification.');

  const pick = <T>(pool: T[], i: number) => pool[i % POOL]!;
  process.stderr.write('Measuring (each at least 2 s)…\n');
  const librarySign = await measure('library blindSign (JS big integers)', (i) => library.blindSign(libraryKey, pick(blindedBytes, i)));
  const ourSign = await measure('our blindSign (OpenSSL CRT + s^e check)', (i) => blindSign(privateKey, pick(blindedBytes, i)));
  const ourIssue = await measure('our issue path (cached key, base64url in/out)', (i) =>
    blindSignBase64url(cachedPrivateKey('bench', stored.sealedPrivateKey, SECRET), pick(blinded, i).blindedMessage),
  );
  const unseal = await measure('unseal a private key (cache miss)', () => unsealPrivateKey(stored.sealedPrivateKey, SECRET));
  const verify = await measure('our verifyToken (base64url in)', (i) => verifyTokenBase64url(publicKey, pick(tokens, i)));
  const clientBlind = await measure('client prepare + blind (library)', () => prepareAndBlind(stored.publicKey));
  const clientFinalize = await measure('client finalize (library, verifies)', (i) =>
    finalizeToken(stored.publicKey, pick(blinded, i), pick(blindSignatures, i)),
  );
  const libraryVerify = await measure('library verify (WebCrypto, key import included)', async (i) => {
    const key = await importSuitePublicKey(stored.publicKey);
    return library.verify(key, fromBase64url(pick(tokens, i).signature), fromBase64url(pick(tokens, i).message));
  });

  const ours = perSecond(ourSign);
  console.log(`\nSurvey tokens — ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}, OpenSSL ${process.versions.openssl}\n`);
  console.log(table([librarySign, ourSign, ourIssue, unseal, verify, clientBlind, clientFinalize, libraryVerify]));
  console.log(`\nTokens issued per second, one core: library ${perSecond(librarySign).toFixed(1)}, ours ${Math.round(ours)}`);
  console.log(`Speed-up of our signer over the library's: ×${(ours / perSecond(librarySign)).toFixed(0)}`);
  console.log(`Target ≥ ${TARGET_PER_SECOND} tokens/s per core: ${ours >= TARGET_PER_SECOND ? 'met' : 'NOT MET'}`);
  if (ours < TARGET_PER_SECOND) process.exitCode = 1;
  await endToEnd();
}

async function endToEnd() {
  const n = Number(process.env.BENCH_TOKENS ?? 2000);
  if (n <= 0) return;
  process.stderr.write(`\nEnd to end: ${n} verified physicians with sessions…\n`);
  const api = await startApi();
  const { survey } = await openBenchSurvey(api, 1_000_000);
  const sessions = await physiciansWithSessions(api, n);
  const { result, issued, spent } = await issueTokens(api, survey.id, sessions);
  console.log(`\nissueSurveyToken through the API on loopback, ${CONNECTIONS} connections, PostgreSQL on this machine (${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)})`);
  report('issueSurveyToken', result, issued, spent);

  // The API against the hand-written peer (peers/write-baseline.ts), interleaved: BENCH_PEER_ROUNDS
  // rounds (default 2), each side issuing the same physicians' tokens into a survey of its own.
  const peerRounds = Number(process.env.BENCH_PEER_ROUNDS ?? 2);
  let short = 0;
  if (peerRounds > 0) {
    const peer = await api.peer();
    const [checker] = await physiciansWithSessions(api, 1, 'check');
    const blinded = blindedLooking();
    const checks = await Promise.all([openBenchSurvey(api, 1_000_000), openBenchSurvey(api, 1_000_000)]);
    sameBody('issueSurveyToken', await post(api.url, tokenBody(checks[0].survey.id, blinded), { authorization: `Bearer ${checker}` }), await post(peer.tokenUrl, tokenBody(checks[1].survey.id, blinded), { authorization: `Bearer ${checker}` }));
    const rounds = { api: [] as ReturnType<typeof perRequest>[], peer: [] as ReturnType<typeof perRequest>[] };
    for (let round = 0; round < peerRounds; round++) {
      for (const side of round % 2 === 0 ? (['peer', 'api'] as const) : (['api', 'peer'] as const)) {
        const { survey: target } = await openBenchSurvey(api, 1_000_000);
        const run = await issueTokens(api, target.id, sessions, side === 'api' ? api : { url: peer.tokenUrl, cpu: peer.cpu });
        if (run.issued !== n) short++;
        report(`${side} tokens`, run.result, run.issued, run.spent);
        rounds[side].push(perRequest(run.result, run.issued, run.spent));
      }
    }
    peerSummary('issueSurveyToken', rounds);
  }

  // The issue's write alone, for accounts with no token yet, over CONNECTIONS callers.
  const writeRun = async (kind: 'shards' | 'surveyRow') => {
    const { survey: target } = await openBenchSurvey(api, 1_000_000);
    const accounts = await api.db.account.createManyAndReturn({
      data: Array.from({ length: n }, (_, i) => ({ email: `bench-w-${kind}-${target.id.slice(0, 8)}-${i}@example.org`, passwordHash: 'x', role: 'PHYSICIAN' as const })),
      select: { id: true },
    });
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
      while (next < n) {
        const accountId = accounts[next++]!.id;
        if (kind === 'shards') await recordIssue(api.db, target.id, accountId);
        else await api.db.$transaction([
          api.db.surveyTokenIssue.create({ data: { surveyId: target.id, accountId } }),
          api.db.survey.update({ where: { id: target.id }, data: { tokensIssued: { increment: 1 } } }),
        ]);
      }
    }));
    const rate = n / ((performance.now() - started) / 1000);
    if ((await api.db.surveyTokenIssue.count({ where: { surveyId: target.id } })) !== n) throw new Error('an issue was lost');
    return rate;
  };
  const rates = { shards: [] as number[], surveyRow: [] as number[] };
  const writeRounds = Number(process.env.BENCH_WRITE_ROUNDS ?? 3);
  for (let round = 0; round < writeRounds; round++) {
    for (const kind of round % 2 === 0 ? (['surveyRow', 'shards'] as const) : (['shards', 'surveyRow'] as const)) rates[kind].push(await writeRun(kind));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  if (writeRounds > 0) console.log(`\nThe issue's write alone, ${n} issues per run into one survey, ${CONNECTIONS} callers (pool of 10), 3 interleaved rounds (load ${loadavg()[0]!.toFixed(2)}):`);
  if (writeRounds > 0) console.log(`  one statement, a place shard (today)   ${rates.shards.map((r) => r.toFixed(0)).join(', ')} issues/s, median ${median(rates.shards).toFixed(0)}`);
  if (writeRounds > 0) console.log(`  transaction, the survey's row (before) ${rates.surveyRow.map((r) => r.toFixed(0)).join(', ')} issues/s, median ${median(rates.surveyRow).toFixed(0)}`);
  if (writeRounds > 0) console.log(`  ratio ${(median(rates.shards) / median(rates.surveyRow)).toFixed(2)}×`);
  await api.close();
  if (short > 0) {
    console.log(`${short} runs against the peer recorded fewer tokens than sent`);
    process.exitCode = 1;
  }
  if (issued !== n) {
    console.log(`tokens recorded: ${issued}/${n}`);
    process.exitCode = 1;
  }
}

await main();
