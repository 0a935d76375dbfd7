/**
 * Reads a survey's answers for the respondent-level file and packs it: respondents.csv with
 * its SPSS, Stata and R syntax and a README, in one zip. The statement selects no response id,
 * no date and no account (there is none on an answer): only each response's stored segment and
 * its answers, which respondents.ts generalises and shuffles.
 */
import JSZip from 'jszip';
import type { Db } from '@consilium/db';
import { respondentTable, type FileAnswer, type FileQuestion, type FileResponse, type Lang } from './respondents.ts';
import { CSV_NAME, readme, toCsv, toDo, toR, toSps } from './syntax.ts';

export const RESPONDENT_FILE = 'respondents.zip';

export async function respondentFile(db: Db, surveyId: string, opts: { k: number; texts: boolean; lang: Lang }): Promise<Buffer> {
  const questions: FileQuestion[] = (
    await db.surveyQuestion.findMany({
      where: { surveyId },
      orderBy: { position: 'asc' },
      select: { id: true, kind: true, prompt: true, rankTop: true, choices: { orderBy: { position: 'asc' }, select: { id: true, label: true, role: true } } },
    })
  ).map((q) => ({ ...q, kind: String(q.kind), choices: q.choices.map((c) => ({ ...c, role: String(c.role) })) }));
  const [{ rows }] = await db.$queryRaw<[{ rows: string }]>`
    SELECT coalesce(json_agg(json_build_array(x.segment, x.answers)), '[]')::text AS rows FROM (
      SELECT r.segment, json_agg(json_build_array(a.question_id, a.choice_ids, a.number, a.text)) AS answers
      FROM survey_response r JOIN survey_answer a ON a.response_id = r.id
      WHERE r.survey_id = ${surveyId}::uuid
      GROUP BY r.id
    ) x`;
  const matrices = new Set(questions.filter((q) => q.kind === 'MATRIX').map((q) => q.id));
  const responses: FileResponse[] = (JSON.parse(rows) as Array<[string, Array<[string, string[] | null, number | null, string | null]>]>).map(([segment, rowsOf]) => {
    const answers = new Map<string, FileAnswer>();
    for (const [questionId, choiceIds, number, text] of rowsOf) {
      // A matrix answer is one row per item, its choice_ids {item, scale point}.
      if (matrices.has(questionId)) {
        const items = new Map(answers.get(questionId)?.items ?? []);
        if (choiceIds?.length === 2) items.set(choiceIds[0]!, choiceIds[1]!);
        answers.set(questionId, { choiceIds: [], number: null, text: null, items });
      } else {
        answers.set(questionId, { choiceIds: choiceIds ?? [], number, text });
      }
    }
    return { segment, answers };
  });
  const table = respondentTable(questions, responses, opts);
  const zip = new JSZip();
  zip.file(CSV_NAME, toCsv(table));
  zip.file('respondents.sps', toSps(table));
  zip.file('respondents.do', toDo(table));
  zip.file('respondents.R', toR(table));
  zip.file('README.txt', readme(table, opts.k, opts.lang));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
