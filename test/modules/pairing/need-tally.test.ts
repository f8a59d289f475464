/**
 * Issue 10: need_tally, kept by statement triggers on `need`, equals a full count after every kind
 * of write — publishing through the API, status changes, multi-row updates, a township move,
 * deletes, TRUNCATE — and a partner's `totalCount`, which reads it, agrees with counting the rows
 * for every filter, including those that match nothing.
 */
import { gql, partnerApiKey, TestApp } from '../../support/app';
import { confirmedHousehold, DonorWorld, publishNeed, startDonorWorld } from '../../support/donors';
import { newTownship } from '../../support/fixtures';

let t: TestApp;
let w: DonorWorld;
let partnerKey: string;
const owner = () => t.owner.em.getKnex();

beforeAll(async () => {
  ({ t, w } = await startDonorWorld());
  partnerKey = (await partnerApiKey(t.orm)).token;
});
afterAll(() => t.close());

async function counted() {
  return (await owner().raw(`select township_id::text as t, status, kind, urgency, count(*)::int as n from need
    group by 1, 2, 3, 4 order by 1, 2, 3, 4`)).rows;
}
async function tallied() {
  return (await owner().raw(`select township_id::text as t, status, kind, urgency, needs::int as n from need_tally
    where needs <> 0 order by 1, 2, 3, 4`)).rows;
}

const UPDATE = `mutation($i: UpdateNeedInput!) { updateNeed(input: $i) { need { status version } userErrors { code } } }`;
const COUNT = `query($f: NeedFilter) { needs(first: 1, filter: $f) { totalCount } }`;

it('equals a full count after publishing, status changes, multi-row updates, a township move, deletes and TRUNCATE', async () => {
  const published: Array<{ id: string; version: number }> = [];
  for (let i = 0; i < 8; i++) {
    const h = await confirmedHousehold(t.app, t.orm, w, `计数户${i}`, ['MINIMUM_LIVING_ALLOWANCE'], [], i % 2);
    published.push(await publishNeed(t.app, w, h.id, ['MEDICAL', 'SCHOOLING', 'HOUSING'][i % 3], 5000 + i * 100, ['LOW', 'MEDIUM', 'HIGH'][i % 3]));
  }
  expect(await tallied()).toEqual(await counted());

  // Through the API: one need covered, one closed.
  for (const [n, status] of [[published[0], 'COVERED'], [published[1], 'CLOSED']] as const) {
    const r = await gql(t.app, UPDATE, { i: { need: n.id, version: n.version, status } }, w.townshipCaller);
    expect(r.data?.updateNeed?.userErrors ?? r.body).toEqual([]);
  }
  expect(await tallied()).toEqual(await counted());

  // Straight into the table: several rows in one statement, an update that changes nothing
  // counted, a township move, a delete.
  const other = await newTownship(t.orm);
  const k = owner();
  await k.raw(`update need set urgency = 'HIGH' where township_id = ?`, [w.township.id]);
  await k.raw(`update need set description = description where township_id = ?`, [w.township.id]);
  const moved = (await k.raw(`select id from need where township_id = ? and status = 'OPEN' order by id limit 2`, [w.township.id])).rows.map((r: { id: string }) => r.id);
  await k.raw(`update need set township_id = ? where id = any(?::bigint[])`, [other.id, moved]);
  expect(await tallied()).toEqual(await counted());
  await k.raw(`delete from need where id = ?`, [moved[0]]);
  expect(await tallied()).toEqual(await counted());
});

it('gives a partner the totalCount of counting the open needs, for every filter', async () => {
  const k = owner();
  const filters: Array<Record<string, unknown> | null> = [
    null, { kind: 'MEDICAL' }, { urgency: 'HIGH' }, { kind: 'SCHOOLING', urgency: 'HIGH' },
    { township: w.township.globalId }, { township: w.township.globalId, kind: 'HOUSING' },
    { status: 'OPEN' }, { status: 'COVERED' }, { status: 'CLOSED' },
  ];
  for (const f of filters) {
    const r = await gql(t.app, COUNT, { f }, { apiKey: partnerKey });
    const where = ["status = 'OPEN'"];
    const params: string[] = [];
    if (f?.kind) { where.push('kind = ?'); params.push(String(f.kind)); }
    if (f?.urgency) { where.push('urgency = ?'); params.push(String(f.urgency)); }
    if (f?.status) { where.push('status = ?'); params.push(String(f.status)); }
    if (f?.township) { where.push('township_id = ?'); params.push(w.township.id); }
    const expected = Number((await k.raw(`select count(*) as n from need where ${where.join(' and ')}`, params)).rows[0].n);
    expect([f, r.data?.needs?.totalCount]).toEqual([f, expected]);
  }
  expect(Number((await k.raw(`select count(*) as n from need where status = 'OPEN' and township_id = ?`, [w.township.id])).rows[0].n)).toBeGreaterThan(0);
  // A township id of another type, or none of ours, counts nothing.
  const wrong = await gql(t.app, COUNT, { f: { township: Buffer.from('Household:1').toString('base64url') } }, { apiKey: partnerKey });
  expect(wrong.data?.needs?.totalCount).toBe(0);
});

it('is emptied by TRUNCATE of need', async () => {
  // In a transaction rolled back, so the other tests' needs stay.
  const trx = await owner().transaction();
  try {
    await trx.raw('truncate need cascade');
    expect((await trx.raw('select count(*)::int as n from need_tally where needs <> 0')).rows[0].n).toBe(0);
  } finally {
    await trx.rollback();
  }
  expect(await tallied()).toEqual(await counted());
});
