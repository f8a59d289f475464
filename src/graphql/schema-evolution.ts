/**
 * Schema evolution policy: what may change between the released baseline
 * (schema/baseline.graphql) and the schema the code generates.
 *
 * The diff itself is @graphql-inspector/core's. On top of it one rule of ours: a change the
 * inspector calls breaking fails, except the removal of something the BASELINE already marked
 * `@deprecated` — a field, input field, argument or enum value, or a whole type that the baseline
 * only reached through deprecated fields and arguments. Deprecating and removing in the same
 * change is therefore still breaking: the deprecation has to be released first (see the
 * deprecation policy in the README). Dangerous changes are reported but never fail.
 *
 * The inspector's own `suppressRemovalOfDeprecatedField` rule is not used: it ignores arguments
 * and downgrades the removal of ANY type, deprecated fields or not.
 */
import {
  buildSchema, getNamedType, GraphQLSchema, GraphQLType, isEnumType, isInputObjectType, isInterfaceType, isObjectType,
  isUnionType,
} from 'graphql';
import { Change, ChangeType, CriticalityLevel, diff } from '@graphql-inspector/core';

export type Verdict = 'breaking' | 'deprecatedRemoval' | 'dangerous' | 'safe';

export interface SchemaChange {
  verdict: Verdict;
  /** Dotted path in the schema, e.g. `Person.birthDate` or `Query.households.first`. */
  path: string;
  /** The inspector's sentence, e.g. "Field 'Person.birthDate' changed type from 'Date!' to 'Date'". */
  message: string;
  /** The inspector's change type, e.g. FIELD_REMOVED. */
  type: string;
  /** The inspector's explanation of why it is breaking or dangerous, when it gives one. */
  reason?: string;
}

export interface SchemaComparison {
  changes: SchemaChange[];
  /** True when nothing breaking is left after the deprecation rule. */
  ok: boolean;
}

/** Compares two SDL texts (baseline first). Order: breaking, deprecated removals, dangerous, safe. */
export async function compareSchemas(baselineSdl: string, currentSdl: string): Promise<SchemaComparison> {
  const baseline = buildSchema(baselineSdl);
  const current = buildSchema(currentSdl);
  const order: Verdict[] = ['breaking', 'deprecatedRemoval', 'dangerous', 'safe'];
  const changes = withoutEchoes(await diff(baseline, current)).map((c) => ({
    verdict: verdictOf(c, baseline),
    path: c.path ?? '',
    message: c.message,
    type: String(c.type),
    ...(c.criticality.reason ? { reason: c.criticality.reason } : {}),
  }));
  changes.sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict) || a.path.localeCompare(b.path));
  return { changes, ok: !changes.some((c) => c.verdict === 'breaking') };
}

/**
 * The inspector reports one deprecation up to three times (FIELD_DEPRECATION_ADDED, then the
 * `@deprecated` directive usage and its `reason` argument). Per deprecated element keep its own
 * deprecation change, or the shortest directive-usage one where it has none (arguments, input fields).
 */
function withoutEchoes(changes: Change[]): Change[] {
  const isDeprecation = (c: Change) => (c.path ?? '').includes('.@deprecated') || String(c.type).includes('DEPRECAT');
  const isUsage = (c: Change) => String(c.type).startsWith('DIRECTIVE_USAGE_');
  const bySubject = new Map<string, Change[]>();
  for (const c of changes.filter(isDeprecation)) {
    const subject = (c.path ?? '').split('.@deprecated')[0];
    bySubject.set(subject, [...(bySubject.get(subject) ?? []), c]);
  }
  const keep = new Set<Change>();
  for (const group of bySubject.values()) {
    const own = group.filter((c) => !isUsage(c));
    if (own.length) own.forEach((c) => keep.add(c));
    else keep.add(group.reduce((a, b) => ((b.path ?? '').length < (a.path ?? '').length ? b : a)));
  }
  return changes.filter((c) => !isDeprecation(c) || keep.has(c));
}

function verdictOf(change: Change, baseline: GraphQLSchema): Verdict {
  switch (change.criticality.level) {
    case CriticalityLevel.Breaking:
      return removedWhileDeprecated(change, baseline) ? 'deprecatedRemoval' : 'breaking';
    case CriticalityLevel.Dangerous:
      return 'dangerous';
    default:
      return 'safe';
  }
}

/** Was the removed element marked `@deprecated` in the baseline? Only removals qualify, never changes. */
function removedWhileDeprecated(change: Change, baseline: GraphQLSchema): boolean {
  const [typeName, member, argName] = (change.path ?? '').split('.');
  const type = baseline.getType(typeName);
  switch (change.type) {
    case ChangeType.FieldRemoved:
      return (isObjectType(type) || isInterfaceType(type)) && type.getFields()[member]?.deprecationReason != null;
    case ChangeType.InputFieldRemoved:
      return isInputObjectType(type) && type.getFields()[member]?.deprecationReason != null;
    case ChangeType.EnumValueRemoved:
      return isEnumType(type) && type.getValue(member)?.deprecationReason != null;
    case ChangeType.FieldArgumentRemoved: {
      if (!isObjectType(type) && !isInterfaceType(type)) return false;
      return type.getFields()[member]?.args.find((a) => a.name === argName)?.deprecationReason != null;
    }
    case ChangeType.TypeRemoved:
      return onlyReachedThroughDeprecated(typeName, baseline);
    default:
      return false;
  }
}

/**
 * A type can carry no `@deprecated` of its own; it may go when every field, argument and input
 * field of the baseline that used it was deprecated (those removals are reported on their own).
 * A root operation type or a union member is used in a way that cannot be deprecated.
 */
function onlyReachedThroughDeprecated(typeName: string, baseline: GraphQLSchema): boolean {
  const roots = [baseline.getQueryType(), baseline.getMutationType(), baseline.getSubscriptionType()];
  if (roots.some((r) => r?.name === typeName)) return false;
  for (const type of Object.values(baseline.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isUnionType(type) && type.getTypes().some((t) => t.name === typeName)) return false;
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        const uses = namedType(field.type) === typeName;
        if (uses && field.deprecationReason == null) return false;
        for (const arg of 'args' in field ? field.args : []) {
          if (namedType(arg.type) === typeName && arg.deprecationReason == null && field.deprecationReason == null) {
            return false;
          }
        }
      }
    }
  }
  return true;
}

function namedType(type: GraphQLType): string {
  return getNamedType(type).name;
}

const HEADINGS: Record<Verdict, string> = {
  breaking: 'Breaking',
  deprecatedRemoval: 'Removed after deprecation',
  dangerous: 'Dangerous',
  safe: 'Added and other safe changes',
};

/** One changelog section (Markdown): `heading` as `##`, then one `###` list per kind of change. */
export function changelogSection(heading: string, changes: SchemaChange[]): string {
  const lines = [`## ${heading}`, ''];
  if (changes.length === 0) lines.push('No schema changes.', '');
  for (const verdict of Object.keys(HEADINGS) as Verdict[]) {
    const some = changes.filter((c) => c.verdict === verdict);
    if (some.length === 0) continue;
    lines.push(`### ${HEADINGS[verdict]}`, '');
    for (const c of some) lines.push(`- \`${c.path}\`: ${c.message}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The release a baseline file records in its first line (`# release 0.1.0 …`), if any. */
export function baselineRelease(baselineSdl: string): string | undefined {
  return /^# release (\S+)/.exec(baselineSdl)?.[1];
}
