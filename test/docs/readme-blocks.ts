/**
 * Reading the documentation's GraphQL examples (the convention of README.md "Examples in this
 * README", /tmp/contracts/readme-examples.md when it was agreed):
 *
 *   ```graphql
 *   # as: township 350421100                       who sends it (inherited by later blocks of the file)
 *   # $household = Lin.registerHousehold.household.id   a value from an earlier, named operation's answer
 *   # $appliedOn = today-30                        a county day relative to today (also month, year)
 *   # $kinds = ["MEDICAL"]                         a JSON literal
 *   # expect: STALE_VERSION                        the block shows a refusal with these codes
 *   mutation Apply($household: ID!, $appliedOn: Date!) { … }
 *   ```
 *
 * Header lines are the `#` comment lines before the first definition; other comments are free.
 * A block with several operations names each; they run one after another, each as its own request.
 */
import { DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, parse, print } from 'graphql';
import { addCalendarDays } from '../../src/shared/county-calendar';

export const DOC_FILES = ['README.md', 'README.zh-CN.md'];

export interface Block {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  source: string;
  /** Who sends it: a department code, `township <code>`, `partner <code>`, `platform <code>`, `anonymous`. */
  as: string;
  variables: Map<string, string>;
  expect: string[];
}

/** Every ```graphql block of a Markdown file, with its header read. */
export function parseBlocks(markdown: string, file: string): Block[] {
  const out: Block[] = [];
  const lines = markdown.split('\n');
  let as = 'anonymous';
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```graphql\s*$/.test(lines[i])) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    if (i >= lines.length) throw new Error(`${file}:${start + 1}: unterminated \`\`\`graphql block`);
    const variables = new Map<string, string>();
    let expect: string[] = [];
    for (const l of body) {
      const t = l.trim();
      if (t === '') continue;
      if (!t.startsWith('#')) break; // the header ends at the first definition
      const header = t.replace(/^#\s*/, '');
      let m: RegExpMatchArray | null;
      if ((m = header.match(/^as:\s*(.+?)\s*$/))) as = m[1].split(/\s+#|\s{2,}|\s+\(/)[0].trim();
      else if ((m = header.match(/^\$([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/))) variables.set(m[1], m[2]);
      else if ((m = header.match(/^expect:\s*(.+)$/))) expect = m[1].trim().split(/[\s,]+/).filter(Boolean);
    }
    out.push({ file, line: start + 1, source: body.join('\n'), as, variables, expect });
  }
  return out;
}

export interface Operation {
  name: string | null;
  document: string;
  variables: string[];
}

/** The block's operations, each printed with the fragments of the block. */
export function operationsOf(block: Block): Operation[] {
  let doc: DocumentNode;
  try {
    doc = parse(block.source);
  } catch (err) {
    throw new Error(`${block.file}:${block.line}: does not parse: ${(err as Error).message}`);
  }
  const fragments = doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.length === 0) throw new Error(`${block.file}:${block.line}: no operation (use \`\`\`text for anything that is not a runnable document)`);
  if (ops.length > 1 && ops.some((o) => !o.name)) throw new Error(`${block.file}:${block.line}: a block with several operations must name each of them`);
  return ops.map((op) => ({
    name: op.name?.value ?? null,
    document: print({ kind: Kind.DOCUMENT, definitions: [op, ...fragments] }),
    variables: (op.variableDefinitions ?? []).map((v) => v.variable.name.value),
  }));
}

/** A header value: a path into an earlier answer, a relative day/month/year, or JSON. */
export function resolveVariable(expr: string, answers: Map<string, unknown>, today: string): unknown {
  let m: RegExpMatchArray | null;
  if ((m = expr.match(/^today(?:\s*([+-])\s*(\d+))?$/))) return addCalendarDays(today, m[1] ? Number(`${m[1]}${m[2]}`) : 0);
  if ((m = expr.match(/^month(?:\s*([+-])\s*(\d+))?$/))) {
    const [y, mo] = today.split('-').map(Number);
    const n = y * 12 + (mo - 1) + (m[1] ? Number(`${m[1]}${m[2]}`) : 0);
    return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
  }
  if ((m = expr.match(/^year(?:\s*([+-])\s*(\d+))?$/))) return Number(today.slice(0, 4)) + (m[1] ? Number(`${m[1]}${m[2]}`) : 0);
  if ((m = expr.match(/^([A-Z][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_]+)+)$/))) {
    if (!answers.has(m[1])) throw new Error(`"${expr}": no earlier operation named ${m[1]} in this file`);
    let v: unknown = answers.get(m[1]);
    for (const key of m[2].slice(1).split('.')) {
      v = v == null ? undefined : (v as Record<string, unknown>)[key];
      if (v === undefined) throw new Error(`"${expr}": the answer of ${m[1]} has nothing at ${key}`);
    }
    return v;
  }
  try {
    return JSON.parse(expr);
  } catch {
    throw new Error(`"${expr}" is neither an earlier answer (Operation.path), a relative date (today-3, month, year) nor JSON`);
  }
}

/** Every code in an answer: userErrors' (and rejected records') codes anywhere in data, and errors' extension codes. */
export function codesIn(body: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (Array.isArray(v)) {
      // userErrors anywhere, and the records a batch import rejected (ImportResult.rejected).
      if (key === 'userErrors' || key === 'rejected') for (const e of v) out.push(String((e as { code?: unknown })?.code ?? 'USER_ERROR_WITHOUT_CODE'));
      else for (const x of v) walk(x);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  const b = body as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } | undefined;
  walk(b?.data);
  for (const e of b?.errors ?? []) out.push(e.extensions?.code ?? 'ERROR_WITHOUT_CODE');
  if (!b || (b.data === undefined && !b.errors)) out.push('NO_GRAPHQL_ANSWER');
  return out;
}
