/**
 * The demo county works at once (issue 14 item 8): on a fresh database seeded as `npm start`
 * seeds it at first start, every shipped valid partner sample file imports cleanly with the
 * printed demo key of its partner (every record accepted; donations skipped as the charity
 * adapter says), the monthly allowance runs without any setup, there is a case in every state of
 * the workflow, and a second seeding creates (and prints) nothing.
 */
import fs from 'node:fs';
import { SAMPLE_FILES, samplePath } from '../../partner-adapters/samples';
import type { IntegrationFormat } from '../../partner-adapters/partner-adapter';
import { formatsForPartnerKind } from '../../partner-adapters';
import { PARTNERS } from '../../src/modules/registry/registry.county-data';
import { seedDemoCounty } from '../../src/db/seed/demo-county';
import { printDemoKeys } from '../../src/db/seed/demo-keys';
import { CaseState } from '../../src/modules/identification/identification.enums';
import { departmentToken, gql } from '../support/app';
import { importBatch } from '../support/partners';
import { DemoCounty, startDemoCounty } from '../support/demo-county';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { serveApp } from '../support/browser';

jest.setTimeout(180_000);

let d: DemoCounty;
beforeAll(async () => {
  d = await startDemoCounty();
});
afterAll(() => d?.close());

it('hands out one key per demo partner, printed once; a second seeding creates and prints nothing', async () => {
  expect(d.demo.keys.filter((k) => k.kind === 'PARTNER').map((k) => k.code).sort()).toEqual(PARTNERS.map((p) => p.code).sort());
  // donors (issue 12): and one for the sandbox charity platform.
  expect(d.demo.keys.filter((k) => k.kind === 'PLATFORM').map((k) => k.code)).toEqual(['sandbox-charity-platform']);
  const lines: string[] = [];
  printDemoKeys(d.demo.keys, (l) => lines.push(l));
  expect(lines).toHaveLength(1 + PARTNERS.length + 1);
  for (const k of d.demo.keys) expect(lines.some((l) => l.includes(k.token) && l.includes(k.code))).toBe(true);
  const again = await seedDemoCounty(d.db.orm);
  expect(again.keys).toEqual([]);
  const printed: string[] = [];
  printDemoKeys(again.keys, (l) => printed.push(l));
  expect(printed).toEqual([]);
  // Only the hashes are stored.
  const stored = await d.db.orm.em.getKnex()('partner_api_key').where('label', 'demo').select('key_id', 'secret_hash');
  expect(stored).toHaveLength(PARTNERS.length);
  for (const k of d.demo.keys) expect(JSON.stringify(stored)).not.toContain(k.token.split('.')[1]);
});

describe.each(Object.keys(SAMPLE_FILES) as IntegrationFormat[])('the %s samples', (format) => {
  it('every valid sample file imports cleanly with the demo key of its partner', async () => {
    const partner = PARTNERS.find((p) => formatsForPartnerKind(p.kind).includes(format))!;
    const key = d.demo.keys.find((k) => k.code === partner.code)!;
    for (const file of SAMPLE_FILES[format].valid) {
      const r = await importBatch(d.app, key.token, format, fs.readFileSync(samplePath(file), 'utf8'));
      expect(r.errors).toBeUndefined();
      const { result, userErrors } = r.data.importPartnerRecords;
      expect(userErrors).toEqual([]);
      expect({ file, rejected: result.rejected }).toEqual({ file, rejected: [] });
      expect(result.accepted + result.skipped.length).toBeGreaterThan(0);
      expect(result.duplicates).toBe(0);
    }
  });
});

it('has a case in every state of the workflow, in 雪峰镇', async () => {
  const r = await gql(d.app, `{ identificationCases(first: 100) { nodes { state household { township { code } } } } }`, {}, { token: await departmentToken('CIVIL_AFFAIRS') });
  expect(r.errors).toBeUndefined();
  const states = new Set(r.data.identificationCases.nodes.filter((n: any) => n.household.township.code === '350421100').map((n: any) => n.state));
  expect([...states].sort()).toEqual(Object.values(CaseState).sort());
});

it('runs the monthly allowance of every township at once: fund sources, allocations and agreed items are there', async () => {
  const civil = await departmentToken('CIVIL_AFFAIRS');
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4));
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
  const setup = await gql(d.app, `query($y: Int!) { townships { id code } fundAllocations(filter: { measure: SAFETY_NET, year: $y }) { id balance } }`, { y: year }, { token: civil });
  expect(setup.data.fundAllocations).toHaveLength(1);
  let paid = 0;
  for (const t of setup.data.townships) {
    const r = await gql(d.app, `mutation($t: ID!, $m: String!, $a: ID!) { runMonthlyAllowance(input: { township: $t, month: $m, allocation: $a }) {
      alreadyRun run { households total } userErrors { code } } }`, { t: t.id, m: month, a: setup.data.fundAllocations[0].id }, { token: civil });
    expect({ township: t.code, userErrors: r.data.runMonthlyAllowance.userErrors }).toEqual({ township: t.code, userErrors: [] });
    expect(r.data.runMonthlyAllowance.run.households).toBeGreaterThan(0);
    paid += r.data.runMonthlyAllowance.run.total;
  }
  const after = await gql(d.app, `query($y: Int!) { fundAllocations(filter: { measure: SAFETY_NET, year: $y }) { balance } }`, { y: year }, { token: civil });
  expect(after.data.fundAllocations[0].balance).toBe(setup.data.fundAllocations[0].balance - paid);
});

it('scripts/send-partner-file.js (README "Partners") sends a sample file as the partner and reports it', async () => {
  const served = await serveApp(d.app);
  try {
    const key = d.demo.keys.find((k) => k.code === 'county-power-supply')!;
    const root = path.join(__dirname, '..', '..');
    const run = (file: string) => new Promise<{ code: number; out: string }>((resolve) => {
      execFile(process.execPath, [path.join(root, 'scripts', 'send-partner-file.js'), 'power', samplePath(file)], {
        env: { ...process.env, API_KEY: key.token, API_URL: `${served.origin}/graphql` },
      }, (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout }));
    });
    // Accepted, or duplicates when the sample tests above sent it first; never rejected.
    const valid = await run(SAMPLE_FILES.power.valid[0]);
    expect(valid.code).toBe(0);
    const result = JSON.parse(valid.out).data.importPartnerRecords.result;
    expect(result.rejected).toEqual([]);
    expect(result.accepted + result.duplicates).toBeGreaterThan(0);
    const invalid = await run(SAMPLE_FILES.power.invalid);
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.out).data.importPartnerRecords.result.rejected.length).toBeGreaterThan(0);
  } finally {
    await served.close();
  }
});
