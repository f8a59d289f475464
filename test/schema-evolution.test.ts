/**
 * The breaking-change check (`npm run schema:breaking`) on small SDL pairs: the inspector's
 * verdicts plus our rule that only removing what the released baseline already deprecated passes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { changelogSection, compareSchemas, SchemaChange } from '../src/graphql/schema-evolution';
import { createSchema, printSdl, SCHEMA_FILE } from '../src/graphql/schema';

const BASE = `
  type Query { person(id: ID!): Person, legacy: Legacy @deprecated(reason: "use person") }
  type Person {
    name: String!
    birthDate: String!
    nickname: String
    age: Int @deprecated(reason: "use birthDate")
    households(first: Int, sortBy: String @deprecated(reason: "always by name")): [String!]!
    role: Role!
  }
  type Legacy { code: String }
  enum Role { CLERK, AUDITOR @deprecated(reason: "merged into CLERK") }
  input PersonInput { name: String!, oldName: String @deprecated(reason: "use name") }
  type Mutation { addPerson(input: PersonInput!): Person }
`;

/** BASE with one text replaced (the replaced text must be there, so the test edits what it says). */
function edit(from: string, to: string): string {
  expect(BASE).toContain(from);
  return BASE.replace(from, to);
}

async function check(next: string) {
  const result = await compareSchemas(BASE, next);
  const breaking = result.changes.filter((c) => c.verdict === 'breaking').map((c) => c.path);
  return { ...result, breaking, at: (p: string) => result.changes.filter((c) => c.path === p).map((c) => c.verdict) };
}

it('an unchanged schema has no changes', async () => {
  expect(await check(BASE)).toMatchObject({ ok: true, changes: [] });
});

it('removing a field that is not deprecated in the baseline fails', async () => {
  const r = await check(edit('    nickname: String\n', ''));
  expect(r.ok).toBe(false);
  expect(r.breaking).toEqual(['Person.nickname']);
  expect(r.changes[0].message).toBe("Field 'nickname' was removed from object type 'Person'");
});

it('removing a field the baseline deprecated passes (reported as a removal after deprecation)', async () => {
  const r = await check(edit('    age: Int @deprecated(reason: "use birthDate")\n', ''));
  expect(r.ok).toBe(true);
  expect(r.at('Person.age')).toEqual(['deprecatedRemoval']);
});

it('deprecating is safe; the removal then passes against a baseline released with the deprecation', async () => {
  const deprecatedNow = await check(edit('nickname: String', 'nickname: String @deprecated(reason: "unused")'));
  expect(deprecatedNow.ok).toBe(true);
  // One line per deprecation (the inspector's echoes of the directive usage are dropped).
  expect(deprecatedNow.changes.map((c) => [c.verdict, c.path, c.message])).toEqual([
    ['safe', 'Person.nickname.@deprecated', "Field 'Person.nickname' is deprecated"],
  ]);
  const argument = await check(edit('first: Int,', 'first: Int @deprecated(reason: "use the page size"),'));
  expect(argument.changes.map((c) => [c.verdict, c.path])).toEqual([['safe', 'Person.households.first.@deprecated']]);
  // After `npm run schema:release` the deprecated schema is the baseline, and the removal passes.
  const released = edit('nickname: String', 'nickname: String @deprecated(reason: "unused")');
  const removal = await compareSchemas(released, released.replace('    nickname: String @deprecated(reason: "unused")\n', ''));
  expect(removal.ok).toBe(true);
  expect(removal.changes.map((c) => [c.verdict, c.path])).toEqual([['deprecatedRemoval', 'Person.nickname']]);
});

it('removing a deprecated enum value, input field or argument passes; a non-deprecated one fails', async () => {
  const removed = await check(edit(', AUDITOR @deprecated(reason: "merged into CLERK")', '')
    .replace(', oldName: String @deprecated(reason: "use name")', '')
    .replace(', sortBy: String @deprecated(reason: "always by name")', ''));
  expect(removed.breaking).toEqual([]);
  expect(removed.ok).toBe(true);
  expect(removed.at('Role.AUDITOR')).toEqual(['deprecatedRemoval']);
  expect(removed.at('PersonInput.oldName')).toEqual(['deprecatedRemoval']);
  expect(removed.at('Person.households.sortBy')).toEqual(['deprecatedRemoval']);

  const notDeprecated = await check(edit('first: Int, ', '').replace('CLERK, ', ''));
  expect(notDeprecated.breaking.sort()).toEqual(['Person.households.first', 'Role.CLERK']);
});

it('removing a type only reached through deprecated fields passes; changing a deprecated field does not', async () => {
  const r = await check(edit(', legacy: Legacy @deprecated(reason: "use person")', '').replace('  type Legacy { code: String }\n', ''));
  expect(r.ok).toBe(true);
  expect(r.at('Query.legacy')).toEqual(['deprecatedRemoval']);
  expect(r.at('Legacy')).toEqual(['deprecatedRemoval']);

  // Deprecation promises removal, not a different answer: a type change on it breaks clients still using it.
  const changed = await check(edit('age: Int @deprecated', 'age: String @deprecated'));
  expect(changed.breaking).toEqual(['Person.age']);
});

it('removing a type that a non-deprecated field still used fails', async () => {
  const base = edit(' @deprecated(reason: "use person")', '');
  const r = await compareSchemas(base, base.replace(', legacy: Legacy', '').replace('  type Legacy { code: String }\n', ''));
  expect(r.ok).toBe(false);
  expect(r.changes.filter((c) => c.verdict === 'breaking').map((c) => c.path)).toEqual(['Legacy', 'Query.legacy']);

  // A union member cannot be deprecated: removing it stays breaking even if every field using it was.
  const inUnion = `${BASE} union Anything = Person | Legacy`;
  const gone = await compareSchemas(inUnion, inUnion.replace(', legacy: Legacy @deprecated(reason: "use person")', '')
    .replace('  type Legacy { code: String }\n', '').replace(' | Legacy', ''));
  expect(gone.changes.filter((c) => c.verdict === 'breaking').map((c) => c.path)).toEqual(['Anything', 'Legacy']);
});

it('an added optional argument passes (dangerous at most); an added required argument fails', async () => {
  const optional = await check(edit('person(id: ID!)', 'person(id: ID!, asOf: String)'));
  expect(optional.ok).toBe(true);
  expect(optional.at('Query.person.asOf')).toEqual(['dangerous']);

  const required = await check(edit('person(id: ID!)', 'person(id: ID!, asOf: String!)'));
  expect(required.ok).toBe(false);
  expect(required.breaking).toEqual(['Query.person.asOf']);

  const withDefault = await check(edit('person(id: ID!)', 'person(id: ID!, asOf: String! = "today")'));
  expect(withDefault.ok).toBe(true);
});

it('changing a field type fails', async () => {
  const r = await check(edit('name: String!\n    birthDate', 'name: Int!\n    birthDate'));
  expect(r.breaking).toEqual(['Person.name']);
  expect(r.changes[0].message).toBe("Field 'Person.name' changed type from 'String!' to 'Int!'");
});

it('output nullable → non-null passes; non-null → nullable is breaking (clients relied on a value)', async () => {
  const stricter = await check(edit('nickname: String', 'nickname: String!'));
  expect(stricter.ok).toBe(true);
  expect(stricter.at('Person.nickname')).toEqual(['safe']);

  const looser = await check(edit('birthDate: String!', 'birthDate: String'));
  expect(looser.ok).toBe(false);
  expect(looser.breaking).toEqual(['Person.birthDate']);
  expect(looser.changes[0].message).toBe("Field 'Person.birthDate' changed type from 'String!' to 'String'");
});

it('input non-null → nullable passes; a new required input field fails', async () => {
  expect((await check(edit('input PersonInput { name: String!', 'input PersonInput { name: String'))).ok).toBe(true);
  const required = await check(edit('input PersonInput { name: String!', 'input PersonInput { name: String!, idNumber: String!'));
  expect(required.breaking).toEqual(['PersonInput.idNumber']);
});

it('an added enum value is dangerous, reported but not failing', async () => {
  const r = await check(edit('enum Role { CLERK,', 'enum Role { CLERK, VISITOR,'));
  expect(r.ok).toBe(true);
  expect(r.at('Role.VISITOR')).toEqual(['dangerous']);
});

it('the changelog lists every change under its kind', async () => {
  const r = await check(edit('    nickname: String\n', '    nickname: String\n    phone: String\n')
    .replace('    age: Int @deprecated(reason: "use birthDate")\n', '')
    .replace('enum Role { CLERK,', 'enum Role { CLERK, VISITOR,')
    .replace('birthDate: String!', 'birthDate: String'));
  expect(changelogSection('0.2.0 — 2026-12-01 (since 0.1.0)', r.changes)).toBe([
    '## 0.2.0 — 2026-12-01 (since 0.1.0)',
    '',
    '### Breaking',
    '',
    "- `Person.birthDate`: Field 'Person.birthDate' changed type from 'String!' to 'String'",
    '',
    '### Removed after deprecation',
    '',
    "- `Person.age`: Field 'age' (deprecated) was removed from object type 'Person'",
    '',
    '### Dangerous',
    '',
    "- `Role.VISITOR`: Enum value 'VISITOR' was added to enum 'Role'",
    '',
    '### Added and other safe changes',
    '',
    "- `Person.phone`: Field 'phone' was added to object type 'Person'",
    '',
  ].join('\n'));
  expect(changelogSection('0.2.1', [] as SchemaChange[])).toBe('## 0.2.1\n\nNo schema changes.\n');
});

it('the committed baseline is valid SDL that names its release, and the code compares against it', async () => {
  const baseline = fs.readFileSync(path.join(path.dirname(SCHEMA_FILE), 'baseline.graphql'), 'utf8');
  expect(baseline).toMatch(/^# release \d+\.\d+\.\d+ /);
  // Whether the code's changes are breaking is CI's verdict (`npm run schema:breaking`), not this test's.
  const result = await compareSchemas(baseline, printSdl(await createSchema()));
  expect(Array.isArray(result.changes)).toBe(true);
});
