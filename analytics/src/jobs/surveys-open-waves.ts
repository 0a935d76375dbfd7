import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import { sealedUnder } from '@consilium/jobs/survey-key-seal';
import { prepareWaveKeys } from '@consilium/jobs/survey-keys';
import { openDueWave } from '@consilium/jobs/waves';
import { defineJob } from './job.ts';

/**
 * Opens the next wave of every ACTIVE series whose time has come (docs/waves.md): a copy of the
 * previous wave, OPEN from its scheduled time, closing a period later (the closing itself is
 * `surveys:close-due`'s). One wave per series and run: a worker that was down catches up one
 * wave per sweep. Each wave is opened in its own transaction, the series row locked, so that two
 * workers never open the same wave; a second run finds nothing due.
 *
 * With SURVEY_KEY_SECRET (`surveyKeys`), the sweep also makes the opened wave's keys, after the
 * opening's transaction (RSA pairs take tens of milliseconds each; the series lock is not held for
 * them): the key labels of the physicians eligible at the opening, and the receipt key. Without
 * it, or if that fails, the API's `prepareSurveyKeys` makes them on the first physician's visit.
 */
export const surveysOpenWaves = defineJob({
  name: 'surveys:open-waves',
  payload: JOB_PAYLOADS['surveys:open-waves'],
  async handle(_payload, { db, log, surveyKeys }) {
    let opened = 0;
    let keyed = 0;
    const due = await db.surveySeries.findMany({ where: { status: 'ACTIVE', nextWaveAt: { lte: new Date() } }, select: { id: true }, take: 500 });
    for (const { id } of due) {
      const wave = await openDueWave(db, id);
      if (!wave) continue;
      opened += 1;
      if (!surveyKeys) continue;
      try {
        // Keys sealed under another secret than the API's would be keys no one can sign with.
        const previous = await db.survey.findFirst({ where: { seriesId: id, receiptSealedKey: { not: null } }, orderBy: { waveNumber: 'desc' }, select: { receiptSealedKey: true } });
        if (previous && !sealedUnder(previous.receiptSealedKey!, surveyKeys.secret)) throw new Error('SURVEY_KEY_SECRET is not the API’s: an earlier wave’s key does not open under it');
        await prepareWaveKeys(db, surveyKeys.secret, wave, surveyKeys.k);
        keyed += 1;
      } catch (error) {
        // The wave is open either way; the API's fallback makes its keys on first need.
        log.error({ job: 'surveys:open-waves', surveyId: wave, err: error }, 'wave keys not made');
      }
    }
    if (opened > 0) log.info({ job: 'surveys:open-waves', opened, keyed }, 'survey waves opened');
    return { opened, keyed };
  },
});
