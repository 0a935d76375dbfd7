/**
 * A question's weighted estimates as the report page renders them (server-side, FR and EN): the
 * weighted share beside the raw one with its standard error, interval and design effect, how the
 * weights were made; or why there are none. A withheld choice gets no weighted row.
 */
import type { Component } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import WeightedFigures from '$lib/components/WeightedFigures.svelte';
import { choice, question, suppressedChoice } from './testing.ts';
import WithI18n from './WithI18n.svelte';

function rendered(props: Record<string, unknown>, locale: 'en' | 'fr' = 'en'): string {
  return render(WithI18n, { props: { locale, component: WeightedFigures as unknown as Component<Record<string, unknown>>, props } }).body;
}
const text = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('weighted estimates on the report page', () => {
  const weighted = question({
    choices: [
      { ...choice('yes', 'Yes', 18, 0.6), weighted: { estimate: 0.52, se: 0.041, ciLow: 0.44, ciHigh: 0.6, deff: 1.37 } },
      choice('no', 'No', 12, 0.4),
      suppressedChoice('unsure', 'Unsure'),
    ],
    weighting: { dimensions: ['specialty', 'country'], method: 'RAKING', iterations: 4, converged: true, trimmed: 2, nEffective: 21.9 },
  });

  it('shows the weighted share beside the raw one, with SE, 95% CI, deff and the method', () => {
    const body = text(rendered({ question: weighted, number: 1, k: 11 }));
    expect(body).toContain('Weighted estimates');
    expect(body).toMatch(/Yes 60% 52% 4\.1% 44% to 60% 1\.37/);
    expect(body).toContain('Raking (4 passes) on specialty × country; effective sample size 21.9; 2 respondent(s) with a capped weight.');
    expect(body).not.toContain('Unsure');
    const fr = text(rendered({ question: weighted, number: 1, k: 11 }, 'fr'));
    expect(fr).toContain('Estimations pondérées');
    expect(fr).toContain('Calage par raking (4 passes) sur la spécialité × le pays');
  });

  it('says why there is no weighted estimate', () => {
    const body = text(rendered({ question: question({ weightingWithheld: 'SMALL_CELLS' }), number: 1, k: 11 }));
    expect(body).toContain('Weighted estimates withheld: a specialty × country cell of fewer than 11 answers could be derived from them.');
    expect(body).not.toContain('Weighted share');
  });
});
