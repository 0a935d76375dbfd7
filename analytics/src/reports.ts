/** What the API and tools use of the report code: one source of truth for the figures. */
export { composeReport, DIMENSIONS, HISTOGRAM_BINS } from './aggregate/compose.ts';
export type { ChoiceResult, CrossTab, CrossTabCell, Dimension, HistogramBin, QuestionResult, ReportResult } from './aggregate/compose.ts';
export { computeReport } from './aggregate/build.ts';
export { markReportDue, reportMissesAnAnswer, requireReport } from './aggregate/due.ts';
export { buildReport, reportJobId } from './jobs/reports-build.ts';
export { defaultReportSettings, type ReportSettings } from './jobs/job.ts';
export { enqueueReportBuild, enqueueReportIfDue, reportBuildJobOptions } from './jobs/reports-enqueue-pending.ts';
