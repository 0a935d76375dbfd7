/**
 * The read replica's health, as each API process sees it (docs/deployment.md, "Read replicas").
 *
 * Every REPLICA_CHECK_MS the process reads the primary's WAL position and the replica's replay
 * position. The replica's lag is the age of the newest primary position it has replayed: "the
 * replica holds everything the primary had committed `lag` ms ago". Unlike
 * `now() - pg_last_xact_replay_timestamp()`, this is right when nothing is written (an idle primary
 * is not a lagging replica) and when the replica stopped receiving WAL altogether (a cut link looks
 * like a replica that replayed all it received). The replica serves reads while its last check
 * succeeded, it is still a standby, and its lag is at most REPLICA_MAX_LAG_MS.
 */
import { Prisma, queryRows, type Db } from '@consilium/db';
import type { Logger } from 'pino';

export type ReplicaStatus = 'ok' | 'lagging' | 'down' | 'starting';

/** Why a query that could have read the replica read the primary. */
export type PrimaryReason = 'recent-write' | 'lagging' | 'down' | 'failed-over';

export interface ReplicaCounts {
  /** Queries served by the replica. */
  replica: number;
  /** Replica-eligible queries served by the primary, by reason. */
  primary: Record<PrimaryReason, number>;
}

export interface ReplicaMonitor {
  /** The replica's client: for the queries `usable()` allows. */
  readonly db: Db;
  /** Whether a replica-eligible query may read the replica now. */
  usable(): boolean;
  /** The replica as last measured, for /readyz and metrics. */
  state(): { status: ReplicaStatus; lagMs: number | null };
  /** Marks the replica down at once (a routed query failed to reach it); the next check may bring it back. */
  markDown(): void;
  readonly counts: ReplicaCounts;
  close(): Promise<void>;
}

interface Sample {
  at: number;
  lsn: bigint;
}

/** 'A1/3F000060' → 0xA13F000060. */
export function parseLsn(text: string): bigint {
  const [hi, lo] = text.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

export interface ReplicaMonitorOptions {
  primary: Db;
  replica: Db;
  maxLagMs: number;
  checkMs: number;
  log: Logger;
}

export function createReplicaMonitor({ primary, replica, maxLagMs, checkMs, log }: ReplicaMonitorOptions): ReplicaMonitor {
  let status: ReplicaStatus = 'starting';
  let lagMs: number | null = null;
  let checkedAt = 0;
  // The primary's positions over the last few lag budgets, oldest first.
  let samples: Sample[] = [];
  const counts: ReplicaCounts = { replica: 0, primary: { 'recent-write': 0, lagging: 0, down: 0, 'failed-over': 0 } };

  function become(next: ReplicaStatus) {
    if (next === status) return;
    // The transitions only: a replica down for an hour writes two lines, not 7,200.
    if (next === 'ok') log.info({ lagMs }, 'read replica serving reads');
    else log.warn({ lagMs, status: next }, 'read replica not serving reads: the primary serves them');
    status = next;
  }

  async function check() {
    const at = Date.now();
    const [head, standby] = await Promise.allSettled([
      queryRows<{ lsn: string }>(primary, Prisma.sql`SELECT pg_current_wal_lsn()::text AS lsn`),
      queryRows<{ recovering: boolean; replayed: string | null }>(replica, Prisma.sql`SELECT pg_is_in_recovery() AS recovering, pg_last_wal_replay_lsn()::text AS replayed`),
    ]);
    if (head.status === 'fulfilled') {
      samples.push({ at, lsn: parseLsn(head.value[0]!.lsn) });
      samples = samples.filter((s) => s.at >= at - 4 * maxLagMs - 2 * checkMs);
    }
    if (standby.status === 'rejected' || !standby.value[0]!.recovering || standby.value[0]!.replayed === null) {
      // Unreachable, or promoted (no longer following this primary): never read from it.
      lagMs = null;
      become('down');
      return;
    }
    checkedAt = at;
    const replayed = parseLsn(standby.value[0]!.replayed);
    const caughtUp = samples.filter((s) => s.lsn <= replayed).at(-1);
    // Behind every sample still kept: at least as old as the oldest.
    lagMs = caughtUp ? at - caughtUp.at : samples.length > 0 ? at - samples[0]!.at : null;
    become(lagMs !== null && lagMs <= maxLagMs ? 'ok' : 'lagging');
  }

  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    check()
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'read replica check failed'))
      .finally(() => (running = false));
  }, checkMs);
  timer.unref();
  void check().catch(() => {});

  // A check that has not come back for three intervals counts as down (a replica that hangs).
  const state = () => ({ status: status === 'ok' && Date.now() - checkedAt > 3 * checkMs ? ('down' as const) : status, lagMs });

  return {
    db: replica,
    usable: () => state().status === 'ok',
    state,
    markDown() {
      lagMs = null;
      become('down');
    },
    counts,
    async close() {
      clearInterval(timer);
      await replica.$disconnect();
    },
  };
}
