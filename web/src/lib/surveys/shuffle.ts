/**
 * The order a question's choices (a matrix's items) are shown in when the client asked for a
 * random order: drawn in the browser with its cryptographic generator, once per question for the
 * page's life (going back to a question shows the same order), and never sent anywhere — answers
 * name choices by id, so the order cannot reach the server or tell respondents apart.
 */
const orders = new Map<string, string[]>();

/** A uniform integer in [0, n), without modulo bias. */
function below(n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const word = new Uint32Array(1);
  do crypto.getRandomValues(word);
  while (word[0]! >= limit);
  return word[0]! % n;
}

/** Fisher–Yates over a copy. */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = below(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The display order of `ids` for this key (a question's choices or items), drawn on first need. */
export function displayOrder(key: string, ids: readonly string[]): string[] {
  const kept = orders.get(key);
  if (kept && kept.length === ids.length && ids.every((id) => kept.includes(id))) return kept;
  const order = shuffled(ids);
  orders.set(key, order);
  return order;
}
