/**
 * A withheld figure, rendered on the server as a reader gets it: labelled "withheld (< k)" with
 * its explanation, never a number — in the figures table and in a cross-tab.
 */
import type { Component } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import CrossTabTable from '$lib/components/CrossTabTable.svelte';
import QuestionReport from '$lib/components/QuestionReport.svelte';
import { crossTabModel } from './tables.ts';
import { choice, question, suppressedChoice } from './testing.ts';
import WithI18n from './WithI18n.svelte';

/** The server-rendered body of a component with its props, under the translator of `locale`. */
function rendered<P extends Record<string, unknown>>(component: Component<P>, props: P, locale: 'en' | 'fr' = 'en'): string {
  return render(WithI18n, { props: { locale, component: component as unknown as Component<Record<string, unknown>>, props } }).body;
}

const cellsOf = (html: string) => [...html.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/<!--[\s\S]*?-->/g, '').replace(/&lt;/g, '<').trim());

describe('withheld figures in tables', () => {
  const q = question({
    crossTabs: [
      {
        dimension: 'country',
        cells: [
          { segment: 'FR', n: 24, suppressed: false, mean: null, choices: [choice('yes', 'Yes', 18, 0.75), suppressedChoice('no', 'No'), suppressedChoice('unsure', 'Unsure')] },
          { segment: 'BE', n: 0, suppressed: true, mean: null, choices: [] },
        ],
      },
    ],
  });

  it('a cross-tab writes "withheld (< k)" in every withheld cell and a withheld group’s size, never a 0', () => {
    const model = crossTabModel(q, q.crossTabs[0]!, 'Mean');
    const body = rendered(CrossTabTable, { model, number: 1, id: 't' });
    // FR: n, Yes, No, Unsure; BE: n and its three cells.
    expect(cellsOf(body)).toEqual(['24', '75% (18)', 'withheld (< k)', 'withheld (< k)', 'withheld (< k)', 'withheld (< k)', 'withheld (< k)', 'withheld (< k)']);
  });

  it('the question’s figures table labels the withheld choice, and the note explains it is not a zero (in French too)', () => {
    const en = rendered(QuestionReport, { question: q, number: 1, k: 11, epsilon: null });
    const row = en.match(/<tr[^>]*>(?:(?!<\/tr>)[\s\S])*Unsure(?:(?!<\/tr>)[\s\S])*<\/tr>/)?.[0] ?? '';
    expect(row).toContain('withheld (&lt; k)');
    expect(row.replace(/<[^>]+>/g, '')).not.toMatch(/\d/);
    expect(en).toContain('fewer than 11 respondents gave this answer');
    expect(en).toContain('It is not a zero.');
    const fr = rendered(QuestionReport, { question: q, number: 1, k: 11, epsilon: null }, 'fr');
    expect(fr).toContain('non publié (&lt; k)');
    expect(fr).toContain('Ce n’est pas un zéro.');
  });
});

describe('free-text answers', () => {
  it('shows the first ten and keeps the others behind a disclosure that says how many', () => {
    const texts = Array.from({ length: 25 }, (_, i) => `answer number ${i + 1}`);
    const q = question({ kind: 'TEXT', n: 25, texts, choices: [], crossTabs: [] });
    const en = rendered(QuestionReport, { question: q, number: 1, k: 11, epsilon: null });
    const [shown, more] = en.split('<details');
    expect(shown!.match(/answer number \d+/g)).toEqual(texts.slice(0, 10));
    expect(more).toContain('Show 15 more answers (25 in all)');
    expect(more!.match(/answer number \d+/g)).toEqual(texts.slice(10));
    const fr = rendered(QuestionReport, { question: q, number: 1, k: 11, epsilon: null }, 'fr');
    expect(fr).toContain('Voir les 15 autres réponses (25 en tout)');
  });

  it('has no disclosure when ten answers or fewer were given', () => {
    const q = question({ kind: 'TEXT', n: 12, texts: Array.from({ length: 10 }, (_, i) => `t${i}`), choices: [], crossTabs: [] });
    expect(rendered(QuestionReport, { question: q, number: 1, k: 11, epsilon: null })).not.toContain('<details');
  });
});
