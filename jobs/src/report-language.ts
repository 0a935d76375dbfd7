/**
 * A built report in one language (docs/survey-languages.md). The worker stores figures labelled
 * in the survey's primary language; each reader gets them relabelled from the survey's texts
 * (questions and choices are named by id), so that one stored report serves a French and an
 * English client alike and the figures are the same numbers in both.
 */
import { surveyTextsIn, type SurveyLanguage, type SurveyTexts } from '@consilium/db/survey-text';
import type { ChoiceResult, QuestionResult, ReportResult } from './report-result.ts';

/** The report's questions with their prompts and choice labels (cross-tab cells included) in `language`. */
export function localiseReportQuestions(questions: readonly QuestionResult[], texts: SurveyTexts, language: SurveyLanguage): QuestionResult[] {
  const text = surveyTextsIn(texts, language);
  const relabel = (c: ChoiceResult): ChoiceResult => ({ ...c, label: text.label(c.choiceId, c.label) });
  return questions.map((q) => ({
    ...q,
    prompt: text.prompt(q.questionId, q.prompt),
    choices: q.choices.map(relabel),
    crossTabs: q.crossTabs.map((tab) => ({ ...tab, cells: tab.cells.map((cell) => ({ ...cell, choices: cell.choices.map(relabel) })) })),
  }));
}

/** The whole report in `language`, with the survey's title in it. */
export function localiseReport(result: ReportResult, texts: SurveyTexts, language: SurveyLanguage): { title: string; result: ReportResult } {
  return { title: surveyTextsIn(texts, language).title, result: { ...result, questions: localiseReportQuestions(result.questions, texts, language) } };
}
