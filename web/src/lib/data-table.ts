import type { Snippet } from 'svelte';

/** Attributes put on a row or a cell (`data-testid`, `data-status` …). */
export type Attributes = Record<string, string | number | boolean | null | undefined>;

/** One column of a `DataTable`: its header, and how each row fills its cell. */
export interface Column<Row> {
  /** The header's text; on a phone's card, also the name shown before the value. */
  label: string;
  /** The row's own name (`<th scope="row">`), first on a phone's card. */
  rowHeader?: boolean;
  /** A figure: aligned to the end, header included. */
  num?: boolean;
  /** More classes for the body cells (`nowrap`, `reason-cell` …). */
  class?: string;
  /** No name before the value on a phone's card (links and buttons that name themselves). */
  unlabelled?: boolean;
  /** The cell as text … */
  value?: (row: Row) => string | number | null | undefined;
  /** … as a short date and time (a dash when there is none; never wrapped) … */
  at?: (row: Row) => string | null | undefined;
  /** … or as markup, given the row and the column's place among the columns. */
  cell?: Snippet<[Row, number]>;
  attrs?: (row: Row) => Attributes;
}
