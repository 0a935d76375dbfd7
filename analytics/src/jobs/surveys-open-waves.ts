import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import { openDueWave } from '@consilium/jobs/waves';
import { defineJob } from './job.ts';

/**
 * Opens the next wave of every ACTIVE series whose time has come (docs/waves.md): a copy of the
 * previous wave, OPEN from its scheduled time, closing a period later (the closing itself is
 * `surveys:close-due`'s). One wave per series and run: a worker that was down catches up one
 * wave per sweep. Each wave is opened in its own transaction, the series row locked, so that two
 * workers never open the same wave; a second run finds nothing due.
 */
export const surveysOpenWaves = defineJob({
  name: 'surveys:open-waves',
  payload: JOB_PAYLOADS['surveys:open-waves'],
  async handle(_payload, { db, log }) {
    let opened = 0;
    const due = await db.surveySeries.findMany({ where: { status: 'ACTIVE', nextWaveAt: { lte: new Date() } }, select: { id: true }, take: 500 });
    for (const { id } of due) {
      if (await openDueWave(db, id)) opened += 1;
    }
    if (opened > 0) log.info({ job: 'surveys:open-waves', opened }, 'survey waves opened');
    return { opened };
  },
});
