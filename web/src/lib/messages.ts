/** What the message pages share: reading the "To" field, and naming a conversation. */

/** The handles typed in the "To" field: separated by commas or spaces, each once. */
export function handlesOf(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((h) => h.trim()).filter((h) => h !== ''))];
}

/** The other members of a conversation (all of them if the viewer is unknown), by handle. */
export function othersOf<M extends { id: string; handle: string }>(members: readonly M[], myId: string | null): M[] {
  const others = members.filter((m) => m.id !== myId);
  return others.length > 0 ? others : [...members];
}
