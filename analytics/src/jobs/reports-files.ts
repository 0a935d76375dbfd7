import { JOB_PAYLOADS } from '@consilium/jobs/payloads';
import type { ReportResult } from '@consilium/jobs/report-result';
import type { Db } from '@consilium/db';
import { RESPONDENT_FILE, respondentFile } from '../files/respondent-file.ts';
import { SURVEY_TEXTS_SELECT } from '@consilium/db/survey-text';
import { localiseReport } from '@consilium/jobs/report-language';
import { surveyTrend } from '../files/trend.ts';
import { defineJob } from './job.ts';

export const PDF_FILES = { fr: 'report-fr.pdf', en: 'report-en.pdf' } as const;

async function store(db: Db, surveyId: string, name: string, content: Buffer): Promise<void> {
  await db.reportFile.upsert({
    where: { surveyId_name: { surveyId, name } },
    create: { surveyId, name, content: new Uint8Array(content) },
    update: { content: new Uint8Array(content), builtAt: new Date() },
  });
}

export type FilesOutcome = { built: string[] } | { built: false; reason: 'not ready' };

/**
 * Builds a READY report's files and stores them (`report_file`): the PDF in French and in English,
 * and the respondent-level file when a PAID order includes it — with free texts only if that order
 * asked for them and the survey told its physicians (`texts_to_client`). A file already built since
 * the report was is not built again, so a duplicate delivery does nothing.
 */
export async function buildReportFiles(db: Db, surveyId: string): Promise<FilesOutcome> {
  const report = await db.report.findUnique({
    where: { surveyId },
    select: {
      status: true, result: true, k: true, epsilon: true, generatedAt: true,
      files: { select: { name: true, builtAt: true } },
      survey: {
        select: {
          ...SURVEY_TEXTS_SELECT, openedAt: true, closedAt: true, targetSpecialties: true, targetCountries: true, minYearsInPractice: true, textsToClient: true,
          organization: { select: { name: true } }, createdBy: { select: { language: true } },
          orders: { where: { status: 'PAID', respondentFile: true }, select: { respondentTexts: true } },
        },
      },
    },
  });
  if (!report || report.status !== 'READY' || !report.result) return { built: false, reason: 'not ready' };
  const fresh = (name: string) => report.files.some((f) => f.name === name && (!report.generatedAt || f.builtAt >= report.generatedAt));
  const { survey } = report;
  const built: string[] = [];
  // Loaded on first need: the canvas's native library and chart.js stay out of a worker that builds no PDF.
  const { reportPdf } = await import('../files/report-pdf.ts');
  for (const lang of ['fr', 'en'] as const) {
    if (fresh(PDF_FILES[lang])) continue;
    // Labelled in the PDF's language when the survey has it (docs/survey-languages.md).
    const { title, result } = localiseReport(report.result as unknown as ReportResult, survey, lang);
    const trend = await surveyTrend(db, surveyId, lang);
    const pdf = await reportPdf({
      title, client: survey.organization.name, openedAt: survey.openedAt, closedAt: survey.closedAt, builtAt: report.generatedAt ?? new Date(),
      targeting: { specialties: survey.targetSpecialties, countries: survey.targetCountries, minYearsInPractice: survey.minYearsInPractice },
      result, lang, trend,
    });
    await store(db, surveyId, PDF_FILES[lang], pdf);
    built.push(PDF_FILES[lang]);
  }
  // Never under differential privacy: exact rows would escape the noise (orders refuse it too).
  if (survey.orders.length > 0 && report.epsilon === null && !fresh(RESPONDENT_FILE)) {
    const texts = survey.textsToClient && survey.orders.some((o) => o.respondentTexts);
    await store(db, surveyId, RESPONDENT_FILE, await respondentFile(db, surveyId, { k: report.k, texts, lang: survey.createdBy.language }));
    built.push(RESPONDENT_FILE);
  }
  return { built };
}

/** Builds a READY report's files; queued when the report is built, and by the sweep for any missing. */
export const reportsFiles = defineJob({
  name: 'reports:files',
  payload: JOB_PAYLOADS['reports:files'],
  async handle({ surveyId }, { db, log }) {
    const outcome = await buildReportFiles(db, surveyId);
    if (outcome.built && outcome.built.length > 0) log.info({ job: 'reports:files', surveyId, files: outcome.built }, 'report files built');
    return outcome;
  },
});
