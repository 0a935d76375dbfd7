import { describe, expect, it } from 'vitest';
import { builderField, fieldOrder, genericField, inputId } from './builder-fields.ts';
import { emptySurveyValues } from './survey-form.ts';

const LIKERT = ['Pas du tout d’accord', 'Pas d’accord', 'Neutre', 'D’accord', 'Tout à fait d’accord'];

describe('builder fields', () => {
  it('puts an API field path at the input that shows it', () => {
    expect(builderField('questions.2.choices')).toBe('questions.2.choices');
    expect(builderField('questions.2.choices.1')).toBe('questions.2.choices');
    expect(builderField('questions.0')).toBe('questions.0.prompt');
    expect(builderField('questions')).toBe('questions');
    expect(builderField('targeting.countries.0')).toBe('targeting.countries');
    expect(builderField('targeting')).toBe('targeting.specialties');
    expect(builderField('closesAt')).toBe('closesAt');
    // A quota cell's problem: at its part, or at the cell's first input when it is the whole cell.
    expect(builderField('quotas.1.maxAnswers')).toBe('quotas.1.maxAnswers');
    expect(builderField('quotas.1')).toBe('quotas.1.specialty');
    expect(builderField('quotas')).toBe('quotas');
    expect(builderField('id')).toBeNull();
    expect(builderField('title.x')).toBeNull();
  });

  it('names inputs and messages after the field', () => {
    expect(inputId('questions.2.choices')).toBe('field-questions-2-choices');
    expect(genericField('questions.12.min')).toBe('questions.min');
    expect(genericField('targeting.countries')).toBe('targeting.countries');
    const order = fieldOrder({ ...emptySurveyValues(LIKERT) });
    expect(order.indexOf('title')).toBeLessThan(order.indexOf('questions.0.prompt'));
    expect(order.indexOf('questions.0.max')).toBeLessThan(order.indexOf('sampleSize'));
  });
});
