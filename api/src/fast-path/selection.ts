/**
 * The fields of a selection set as graphql-js' executor collects them: fragments flattened,
 * fields grouped by response key in first-seen order. Anything this does not handle (a
 * directive, a fragment on another type) makes the document not compilable: normal execution
 * serves it.
 */
import type { FieldNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql';

export class NotCompilable extends Error {}

export type Fragments = Record<string, FragmentDefinitionNode>;

export function collectFields(typeName: string, sets: readonly SelectionSetNode[], fragments: Fragments, into = new Map<string, FieldNode[]>()): Map<string, FieldNode[]> {
  for (const set of sets) {
    for (const selection of set.selections) {
      if (selection.directives?.length) throw new NotCompilable('directive');
      if (selection.kind === 'Field') {
        const key = selection.alias?.value ?? selection.name.value;
        const seen = into.get(key);
        if (seen) seen.push(selection);
        else into.set(key, [selection]);
      } else if (selection.kind === 'InlineFragment') {
        if (selection.typeCondition && selection.typeCondition.name.value !== typeName) throw new NotCompilable('type condition');
        collectFields(typeName, [selection.selectionSet], fragments, into);
      } else {
        const fragment = fragments[selection.name.value];
        if (!fragment || fragment.typeCondition.name.value !== typeName || fragment.directives?.length) throw new NotCompilable('fragment');
        collectFields(typeName, [fragment.selectionSet], fragments, into);
      }
    }
  }
  return into;
}

/** The merged sub-selections of the nodes of one response key. */
export const subSelections = (nodes: FieldNode[]): SelectionSetNode[] => nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
