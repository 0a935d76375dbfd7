/**
 * Segment groups: the one rule that keeps a small segment out of what is stored and published.
 *
 * A segment label is `specialty|country|years band`; `*` stands for a part withheld, so the
 * labels form a tree: `cardiology|FR|10-19` → `cardiology|FR|*` → `*|FR|*` → `*|*|*`. A label
 * that is not a leaf means "the rest of my subtree": the members of the subtree that no finer
 * label claims. `groupSegments` merges counts up that tree until every group holds at least k
 * (or, when the whole population is below k, everything is the root group). Someone who knows
 * which leaf every participant is in (a thief with the credentials) can then tell a member of a
 * group only as one of at least k.
 *
 * "The rest" holds among labels chosen together. The worker settles an open survey's answers
 * again at each sweep, over the labels they already carry: answers settled early, while their
 * segment was small, keep a coarse label after later answers of the same segment reach k and get
 * their own. So a stored coarse label means "someone of my subtree", and nothing can be struck
 * off it; every stored label still holds at least k answers.
 *
 * The API uses it when a survey opens, over the eligible physicians, to choose the survey's key
 * labels; the worker uses it when it settles answers, over the answers of each key label, to
 * choose the label an answer is stored under.
 */

export const ANY = '*';
export const ROOT = `${ANY}|${ANY}|${ANY}`;

/** The label one step coarser: the band goes first, then the specialty, then the country. */
export function parentLabel(label: string): string | null {
  const [specialty = ANY, country = ANY, band = ANY] = label.split('|');
  if (band !== ANY) return `${specialty}|${country}|${ANY}`;
  if (specialty !== ANY) return `${ANY}|${country}|${ANY}`;
  if (country !== ANY) return ROOT;
  return null;
}

/** The label and every coarser one, finest first, ending at the root. */
export function ancestry(label: string): string[] {
  const chain: string[] = [];
  for (let l: string | null = label; l !== null; l = parentLabel(l)) chain.push(l);
  return chain;
}

/** The finest of `labels` that covers `leaf` (the root when none does). */
export function coveringLabel(leaf: string, labels: { has(label: string): boolean }): string {
  return ancestry(leaf).find((l) => labels.has(l)) ?? ROOT;
}

interface Group {
  label: string;
  count: number;
  members: string[];
}

interface Partial {
  kept: Group[];
  rest: { count: number; members: string[] };
}

/**
 * Assigns every label in `counts` to a group label so that each group counts at least `k` (or,
 * when everything together is below k, to the root). A node keeps the groups of its children
 * that reach k; the rest (small children, and items already at the node) becomes the node's own
 * group if it reaches k. A small rest is either grown at once with the smallest groups below
 * (`mergeEarly`: it keeps a finer label for the rest) or sent up a level, where other small rests
 * may make a crowd (it keeps the big groups whole); at the root a small rest takes the smallest
 * groups it needs. Both are computed and the one that keeps answers at finer labels wins.
 * Returns label → group label.
 */
export function groupSegments(counts: ReadonlyMap<string, number>, k: number): Map<string, string> {
  const early = assign(counts, k, true);
  const late = assign(counts, k, false);
  return fineness(early, counts) >= fineness(late, counts) ? early : late;
}

/** How many parts of their segment the counted members keep, summed over the members. */
function fineness(assignment: Map<string, string>, counts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const [label, group] of assignment) total += (counts.get(label) ?? 0) * (ancestry(group).length - 1);
  return total;
}

function assign(counts: ReadonlyMap<string, number>, k: number, mergeEarly: boolean): Map<string, string> {
  const children = new Map<string, Set<string>>();
  for (const label of counts.keys()) {
    const chain = ancestry(label);
    for (let i = 0; i + 1 < chain.length; i++) {
      const set = children.get(chain[i + 1]!) ?? new Set<string>();
      set.add(chain[i]!);
      children.set(chain[i + 1]!, set);
    }
  }
  const close = (node: string, partial: Partial): Partial => {
    if (partial.rest.members.length > 0) {
      partial.kept.push({ label: node, count: partial.rest.count, members: partial.rest.members });
    }
    return { kept: partial.kept, rest: { count: 0, members: [] } };
  };
  const solve = (node: string): Partial => {
    const result: Partial = { kept: [], rest: { count: counts.get(node) ?? 0, members: counts.has(node) ? [node] : [] } };
    for (const child of [...(children.get(node) ?? [])].sort()) {
      const sub = solve(child);
      result.kept.push(...sub.kept);
      result.rest.count += sub.rest.count;
      result.rest.members.push(...sub.rest.members);
    }
    const isRoot = parentLabel(node) === null;
    if (result.rest.count >= k) return close(node, result);
    if (result.rest.count > 0 && (mergeEarly || isRoot)) {
      // A small rest would be recomputable as (the node's crowd − its kept groups): grow it with
      // the smallest groups below until it is a crowd of its own.
      result.kept.sort((a, b) => a.count - b.count || a.label.localeCompare(b.label));
      while (result.rest.count < k && result.kept.length > 0) {
        const merged = result.kept.shift()!;
        result.rest.count += merged.count;
        result.rest.members.push(...merged.members);
      }
    }
    if (result.rest.count >= k || isRoot) return close(node, result);
    return result;
  };
  const assignment = new Map<string, string>();
  for (const group of solve(ROOT).kept) for (const member of group.members) assignment.set(member, group.label);
  return assignment;
}
