/**
 * What a query certainly selects below a field, read from its syntax tree (issue 10: a read that
 * knows it will show unmasked fields can write their audit in its own statement).
 *
 * `certainlySelects(info, 'Household', ['members', 'idNumber'])` is true when, for an object of type
 * `Household` returned by the field, the path members → idNumber is selected without any directive
 * on the way (`@include`/`@skip` depend on variables; any directive answers false), through inline
 * fragments and named fragments whose type condition is the type itself or one it implements.
 * False means "not certain", never "not selected": callers take their ordinary path then.
 * Answers are kept per field node (the documents are cached, so the nodes repeat).
 */
import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

const answers = new WeakMap<FieldNode, Map<string, boolean>>();

export function certainlySelects(info: GraphQLResolveInfo, typeName: string, path: readonly string[], interfaces: readonly string[] = ['Node']): boolean {
  const node = info.fieldNodes[0];
  if (!node || info.fieldNodes.length !== 1) return false;
  const key = `${typeName}|${path.join('.')}`;
  let kept = answers.get(node);
  if (!kept) answers.set(node, (kept = new Map()));
  let answer = kept.get(key);
  if (answer === undefined) {
    answer = !node.directives?.length && node.selectionSet != null
      && reaches(node.selectionSet, path, new Set([typeName, ...interfaces]), info.fragments, 0);
    kept.set(key, answer);
  }
  return answer;
}

/** Whether `set` selects `path[0]` (then the rest, below it) for the types in `types` (the first level only). */
function reaches(set: SelectionSetNode, path: readonly string[], types: ReadonlySet<string> | null, fragments: Record<string, FragmentDefinitionNode>, depth: number): boolean {
  if (depth > 20) return false;
  const [head, ...rest] = path;
  for (const s of set.selections) {
    if (s.directives?.length) continue;
    if (s.kind === 'Field') {
      if (s.name.value !== head) continue;
      if (rest.length === 0) return true;
      if (s.selectionSet && reaches(s.selectionSet, rest, null, fragments, depth + 1)) return true;
    } else {
      const fragment = s.kind === 'InlineFragment' ? s : fragments[s.name.value];
      if (!fragment || fragment.directives?.length) continue;
      const condition = fragment.typeCondition?.name.value;
      // Below the first level the field's type is fixed; a fragment there applies only without a
      // condition we cannot check (kept simple: no condition, or the first level's types).
      if (condition && (types == null || !types.has(condition))) continue;
      if (reaches(fragment.selectionSet, path, types, fragments, depth + 1)) return true;
    }
  }
  return false;
}
