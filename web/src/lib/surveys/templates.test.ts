import { describe, expect, it } from 'vitest';
import { MAX_CHOICES } from './survey-form.ts';
import { toSurveyInput } from './survey-form.ts';
import { TEMPLATE_IDS, isTemplateId, templateValues } from './templates.ts';

const LIKERT = ['1', '2', '3', '4', '5'];

describe('survey templates', () => {
  it.each(TEMPLATE_IDS)('%s reads in French and in English, as the same survey, and is a survey the form can send', (id) => {
    const fr = templateValues(id, 'fr', LIKERT);
    const en = templateValues(id, 'en', LIKERT);
    expect(fr.title).not.toBe(en.title);
    expect(fr.questions.map((q) => [q.kind, q.choices.length, q.min, q.max])).toEqual(en.questions.map((q) => [q.kind, q.choices.length, q.min, q.max]));
    for (const values of [fr, en]) {
      const { input, errors } = toSurveyInput(values);
      expect(errors).toBeNull();
      expect(input!.questions.length).toBeGreaterThanOrEqual(3);
      for (const q of values.questions) {
        expect(q.prompt.trim()).not.toBe('');
        if (q.kind === 'SINGLE_CHOICE' || q.kind === 'MULTIPLE_CHOICE') {
          expect(q.choices.length).toBeGreaterThanOrEqual(2);
          expect(q.choices.length).toBeLessThanOrEqual(MAX_CHOICES);
          expect(new Set(q.choices).size).toBe(q.choices.length);
        }
        if (q.kind === 'LIKERT') expect(q.choices).toEqual(LIKERT);
      }
    }
  });

  it('gives each question its own key, so that two surveys from one template do not share inputs', () => {
    const [a, b] = [templateValues('sentinel', 'fr', LIKERT), templateValues('sentinel', 'fr', LIKERT)];
    expect(new Set([...a.questions, ...b.questions].map((q) => q.key)).size).toBe(a.questions.length * 2);
  });

  it('writes the honorarium as the reader types amounts, and knows only its own ids', () => {
    expect(templateValues('prescribing', 'fr', LIKERT).honorarium).toBe('20,00');
    expect(templateValues('prescribing', 'en', LIKERT).honorarium).toBe('20.00');
    expect(isTemplateId('sentinel')).toBe(true);
    expect(isTemplateId('__proto__')).toBe(false);
    expect(isTemplateId(null)).toBe(false);
  });
});
