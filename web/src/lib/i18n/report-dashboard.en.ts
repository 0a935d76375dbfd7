import type { reportDashboardFr } from './report-dashboard.fr.ts';

/** English messages of the report preview and the report's summary: the same keys and placeholders as `report-dashboard.fr.ts`. */
export const reportDashboardEn: Record<keyof typeof reportDashboardFr, string> = {
  'reason.nothing_publishable':
    'This report would publish no figure: each would describe fewer than k respondents, or be withheld to protect one that does. It cannot be ordered.',

  'preview.title': 'What the report will publish',
  'preview.lead': 'A free preview, worked out from the report itself: counts are rounded; the report gives the exact figures.',
  'preview.nothing.title': 'This report would publish nothing',
  'preview.nothing.few':
    'With fewer than {k} respondents, every question has fewer than {k} answers: every figure would be withheld. The report cannot be ordered.',
  'preview.nothing.built':
    'Every figure would describe fewer than {k} respondents, or be withheld so that a withheld figure cannot be worked out. The report cannot be ordered.',
  'preview.unknown':
    'The detailed preview will be ready once the report is computed, by {date} at the latest: late answers may still arrive until then. You can order now or wait for the preview.',
  'preview.unknownSoon': 'The detailed preview will be ready in a few minutes, once the report is computed. Reload the page, or order now.',
  'preview.figures':
    '{published, plural, one {# figure published} other {# figures published}}, {withheld, plural, =0 {none withheld} one {# withheld} other {# withheld}} (threshold k = {k}).',
  'preview.partialWarning': '{count, plural, one {# question will publish no figure} other {# questions will publish no figure}}: see below.',
  'preview.questions': 'Questions of the report',
  'preview.answers.FEWER_THAN_K': 'fewer than {k} answers',
  'preview.answers.WITHHELD': 'size withheld',
  'preview.answers.ABOUT': 'about {about} answers',
  'preview.publishes': 'published',
  'preview.withheld': 'nothing published',
  'preview.questionFigures': '{published} published · {withheld} withheld',
  'preview.crossTab':
    'by {dimension}: {published, plural, one {# group shown} other {# groups shown}}, {withheld, plural, =0 {none withheld} one {# withheld} other {# withheld}}',
  'preview.unavailable': 'The preview could not be worked out. Reload the page in a moment.',

  'report.withheldLegend': 'Withheld (< k)',
  'report.withheldNote':
    '“withheld (< k)”: fewer than {k} respondents gave this answer, or the figure is hidden so that another withheld figure cannot be worked out from the totals. It is not a zero.',

  'report.printedFrom': '{app} research report: aggregated, anonymous figures, published above the threshold k.',
  'report.method.title': 'Summary and method',
  'report.method.statement':
    '{respondents, plural, one {# verified physician} other {# verified physicians}} answered this survey on Consilium from {from} to {until}. Every respondent’s licence was checked against a public registry, and no answer can be tied to the physician who gave it (blind signatures).',
  'report.method.margin':
    'Shares come with their 95% confidence interval (Wilson); for a share of all respondents, the margin of error is at most ±{margin} points.',
  'report.method.withheld':
    '{withheld} of {total} figures are withheld: no figure describes fewer than {k} respondents, and some are hidden so that a withheld figure cannot be worked out from the totals.',
  'report.method.questionsWithout':
    '{count, plural, =0 {Every question publishes figures.} one {# question publishes no figure of its own.} other {# questions publish no figure of their own.}}',
  'report.method.exact': 'No random noise was added: the published counts are exact.',
  'report.method.audience': 'Who the survey was addressed to',
  'report.method.fielded': 'Fielded',
  'report.method.dates': 'from {from} to {until}',
};
