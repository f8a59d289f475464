/**
 * The documentation's GraphQL examples run as written (issue 14 item 1). Every ```graphql block
 * of README.md, then of README.zh-CN.md and docs/zh-CN/*.md (and of the files in DOCS_EXTRA,
 * comma-separated, for a README note before it is merged), is executed in document order against
 * a fresh demo county (the seed `npm start` makes at first start, on a database of its own),
 * through the real Express app, with the real clock. The convention a block follows (who sends
 * it, its variables, values from earlier answers, relative dates, expected refusals) is written
 * in README.md "Using it" (Examples in this README run as written) and test/docs/readme-blocks.ts.
 *
 * A block fails on a document that does not parse or validate, on any `errors[]`, and on any
 * non-empty `userErrors` (or `rejected` records of an import) anywhere in the answer — unless its
 * `# expect:` line names the codes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { countyToday } from '../../src/shared/county-calendar';
import { isDepartmentCode } from '../../src/shared/principal';
import { Caller, departmentToken, gql, townshipToken } from '../support/app';
import { DemoCounty, startDemoCounty } from '../support/demo-county';
import { Block, codesIn, DOC_FILES, operationsOf, parseBlocks, resolveVariable } from './readme-blocks';

jest.setTimeout(300_000);

const root = path.join(__dirname, '..', '..');
const extra = (process.env.DOCS_EXTRA ?? '').split(',').map((f) => f.trim()).filter(Boolean);
const files = [...DOC_FILES.map((f) => path.join(root, f)).filter((f) => fs.existsSync(f)), ...extra.map((f) => path.resolve(f))];
const blocks: Block[] = files.flatMap((f) => parseBlocks(fs.readFileSync(f, 'utf8'), path.relative(root, f)));

let demo: DemoCounty;
/** Each file's answers so far, by operation name. */
const answers = new Map<string, Map<string, unknown>>();

beforeAll(async () => {
  demo = await startDemoCounty();
});

afterAll(async () => {
  await demo?.close();
});

async function callerFor(who: string): Promise<Caller> {
  const [kind, code] = who.split(/\s+/);
  if (kind === 'anonymous') return {};
  if (isDepartmentCode(kind)) return { token: await departmentToken(kind, 'readme') };
  if (kind === 'township' && code) return { token: await townshipToken(code, 'readme') };
  if ((kind === 'partner' || kind === 'platform') && code) {
    const key = demo.demo.keys.find((k) => k.code === code && k.kind === (kind === 'partner' ? 'PARTNER' : 'PLATFORM'));
    if (!key) throw new Error(`no demo key for ${who} (the demo seed creates one per demo partner and platform)`);
    return { apiKey: key.token };
  }
  throw new Error(`unknown "# as: ${who}"`);
}

test('the documentation has GraphQL examples to run', () => {
  expect(files.map((f) => path.relative(root, f))).toContain('README.md');
  expect(blocks.length).toBeGreaterThan(5);
});

describe.each(blocks.map((b) => [`${b.file}:${b.line}`, b] as const))('%s', (_where, block) => {
  test(`runs as written (${block.as})`, async () => {
    const mine = answers.get(block.file) ?? new Map<string, unknown>();
    answers.set(block.file, mine);
    const ops = operationsOf(block);
    const caller = await callerFor(block.as);
    const today = countyToday(new Date());
    const seen: string[] = [];
    for (const op of ops) {
      const variables: Record<string, unknown> = {};
      for (const name of op.variables) {
        const expr = block.variables.get(name);
        if (expr === undefined) throw new Error(`${block.file}:${block.line}: $${name} is declared by ${op.name ?? 'the operation'} but the block has no "# $${name} = …" line`);
        variables[name] = resolveVariable(expr, mine, today);
      }
      const r = await gql(demo.app, op.document, variables, caller);
      const codes = codesIn(r.body);
      seen.push(...codes);
      const unexpected = codes.filter((c) => !block.expect.includes(c));
      if (unexpected.length || r.status >= 500 || (r.status !== 200 && block.expect.length === 0)) {
        throw new Error(`${block.file}:${block.line} ${op.name ?? '(anonymous)'} as ${block.as}: HTTP ${r.status}, codes ${JSON.stringify(codes)}\n${JSON.stringify(r.body, null, 1).slice(0, 3000)}`);
      }
      if (op.name) mine.set(op.name, r.data);
    }
    for (const code of block.expect) expect(seen).toContain(code);
  });
});
