/**
 * The bands of years in practice a segment is reported under ("specialty|country|band"): one
 * definition for the API, which writes segments, and the worker, whose differentially private
 * reports list them as a domain fixed before reading any answer.
 */
export const YEAR_BANDS = [
  { label: '0-9', from: 0, to: 9 },
  { label: '10-19', from: 10, to: 19 },
  { label: '20-29', from: 20, to: 29 },
  { label: '30+', from: 30, to: Number.POSITIVE_INFINITY },
] as const;
