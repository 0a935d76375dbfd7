/**
 * The PDF's charts, drawn server-side with chart.js on @napi-rs/canvas (prebuilt binaries from
 * the npm registry): one per question with figures, one per trend. A withheld figure is never a
 * zero: its bar is hatched grey across the whole axis and labelled.
 */
import { createCanvas, GlobalFonts, type Canvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import type { QuestionResult } from '@consilium/jobs/report-result';
import type { PdfText } from './pdf-text.ts';

Chart.register(...registerables);
Chart.defaults.animation = false;
Chart.defaults.responsive = false;
Chart.defaults.devicePixelRatio = 1;
Chart.defaults.font.size = 15;
if (GlobalFonts.has('DejaVu Sans')) Chart.defaults.font.family = 'DejaVu Sans';

const BLUE = '#2b5c8a';
const GREY = '#9a9a9a';
export const CHART_WIDTH = 1000;

type Pattern = ReturnType<ReturnType<Canvas['getContext']>['createPattern']>;

function hatch(): Pattern {
  const tile = createCanvas(12, 12);
  const ctx = tile.getContext('2d');
  ctx.fillStyle = '#e4e4e4';
  ctx.fillRect(0, 0, 12, 12);
  ctx.strokeStyle = GREY;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(0, 12);
  ctx.lineTo(12, 0);
  ctx.stroke();
  return createCanvas(1, 1).getContext('2d').createPattern(tile, 'repeat');
}

async function render(height: number, config: ChartConfiguration): Promise<Buffer> {
  const canvas: Canvas = createCanvas(CHART_WIDTH, height);
  const chart = new Chart(canvas as unknown as ConstructorParameters<typeof Chart>[0], config);
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}

const cut = (s: string, n = 48) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The question's chart (PNG), or null for a question without drawable figures. */
export async function questionChart(q: QuestionResult, text: PdfText): Promise<Buffer | null> {
  if (q.suppressed) return null;
  const pattern = hatch();
  if (q.choices.length > 0) {
    const labels = q.choices.map((c) => cut(c.suppressed ? `${c.label} (${text.suppressed})` : c.label));
    const data = q.choices.map((c) => (c.suppressed ? 100 : Math.round(c.share * 1000) / 10));
    return render(70 + 40 * q.choices.length, {
      type: 'bar',
      data: { labels, datasets: [{ data, backgroundColor: q.choices.map((c) => (c.suppressed ? pattern : BLUE)), barPercentage: 0.8 }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { min: 0, max: 100, title: { display: true, text: `${text.share} (%)` } } } },
    });
  }
  if (q.histogram.length > 0) {
    const max = Math.max(1, ...q.histogram.filter((b) => !b.suppressed).map((b) => b.count));
    return render(380, {
      type: 'bar',
      data: {
        labels: q.histogram.map((b) => `${b.low}–${b.high}`),
        datasets: [{ data: q.histogram.map((b) => (b.suppressed ? max : b.count)), backgroundColor: q.histogram.map((b) => (b.suppressed ? pattern : BLUE)), barPercentage: 1, categoryPercentage: 0.95 }],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { min: 0, max, title: { display: true, text: text.count } } } },
    });
  }
  return null;
}

/** One point of a trend: a wave's estimate and interval, or nothing where the wave's figure is withheld. */
export interface TrendPoint {
  wave: string;
  estimate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

/** A series across waves (e.g. a share, or a mean count per physician), drawn with its 95% band. */
export interface TrendSeries {
  label: string;
  /** What the values are, for the axis title ("%", "patients per physician"…). */
  unit: string;
  points: TrendPoint[];
}

export async function trendChart(series: TrendSeries, text: PdfText): Promise<Buffer> {
  const labels = series.points.map((p) => p.wave);
  return render(420, {
    type: 'line',
    data: {
      labels,
      datasets: [
        { label: '95%', data: series.points.map((p) => p.ciHigh), borderWidth: 0, pointRadius: 0, backgroundColor: 'rgba(43,92,138,0.18)', fill: '+1', spanGaps: false },
        { label: '95% low', data: series.points.map((p) => p.ciLow), borderWidth: 0, pointRadius: 0, fill: false, spanGaps: false },
        { label: text.estimate, data: series.points.map((p) => p.estimate), borderColor: BLUE, backgroundColor: BLUE, pointRadius: 4, borderWidth: 2.5, spanGaps: false },
      ],
    },
    options: {
      plugins: { legend: { display: false } },
      scales: { x: { title: { display: true, text: text.wave } }, y: { beginAtZero: true, title: { display: true, text: series.unit } } },
    },
  });
}
