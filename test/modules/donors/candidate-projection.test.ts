/**
 * The ranking's projection (donation_candidate, issue 10) is exactly what the join it replaces
 * answers — open needs of households in hardship with the household's vulnerability and the sum
 * of allocations — after every kind of write its triggers follow: needs published and closed
 * through the API, an allocation accepted, a household's categories and status changed by raw SQL.
 */
import { gql, TestApp } from '../../support/app';
import { ACCEPT, approve, confirmedHousehold, createPledge, DonorWorld, inDays, PROPOSE, publishNeed, registerDonor, startDonorWorld } from '../../support/donors';
import { VULNERABILITY_SQL } from '../../../src/modules/donors/donors.reader';

let t: TestApp;
let w: DonorWorld;

beforeAll(async () => {
  ({ t, w } = await startDonorWorld());
});
afterAll(() => t.close());

const key = (g: string) => Buffer.from(g, 'base64url').toString().split(':')[1];

/** The projection and the join it stands for, row by row, in need order. */
async function both() {
  const knex = t.orm.em.getKnex();
  const cols = `need_id::text, household_id::text, kind, township_id::text, community_id::text, urgency_points::int, vulnerability::int, created_at, published_on::text, uncovered_amount::int, allocated::bigint::text`;
  const kept = (await knex.raw(`select ${cols} from donation_candidate order by need_id`)).rows;
  const truth = (await knex.raw(`select ${cols} from (
      select n.id as need_id, n.household_id, n.kind, n.township_id, n.community_id, case n.urgency when 'HIGH' then 40 when 'MEDIUM' then 25 else 10 end as urgency_points,
             ${VULNERABILITY_SQL} as vulnerability, n.created_at, (n.created_at at time zone 'Asia/Shanghai')::date as published_on, n.uncovered_amount,
             coalesce((select sum(a.value) from donation_allocation a where a.need_id = n.id), 0) as allocated
        from need n join household h on h.id = n.household_id where n.status = 'OPEN' and h.status = 'IN_HARDSHIP') x order by need_id`)).rows;
  return { kept, truth };
}

it('follows publication, allocation, closure and household changes (R18 ranking inputs)', async () => {
  const a = await confirmedHousehold(t.app, t.orm, w, '投影甲', ['MINIMUM_LIVING_ALLOWANCE'], [], 0);
  const b = await confirmedHousehold(t.app, t.orm, w, '投影乙', ['EXTREME_POVERTY'], ['ILLNESS'], 1);
  const na = await publishNeed(t.app, w, a.id, 'HOUSING', 30000, 'HIGH', '房屋修缮缺口');
  const nb = await publishNeed(t.app, w, b.id, 'HOUSING', 20000, 'LOW', '房屋修缮缺口');
  const nb2 = await publishNeed(t.app, w, b.id, 'MEDICAL', 50000, 'MEDIUM', '医疗费用缺口');
  let s = await both();
  expect(s.kept.map((r: any) => r.need_id)).toEqual(expect.arrayContaining([key(na.id), key(nb.id), key(nb2.id)]));
  expect(s.kept).toEqual(s.truth);

  // An allocation: the need's allocated value follows the ledger.
  const donor = await registerDonor(t.app, w.platform);
  const pledge = await approve(t.app, w.civilizationOffice, await createPledge(t.app, w.platform, {
    donor, resource: 'MONEY', needKinds: ['HOUSING'], areaLevel: 'TOWNSHIP', township: w.township.globalId, quantity: 100000, description: '住房修缮', validUntil: inDays(20),
  }));
  const m = (await gql(t.app, PROPOSE, { i: { pledge: pledge.id, need: na.id, quantity: 12000 } }, w.civilizationOffice)).data.proposeDonationMatch.match;
  expect((await gql(t.app, ACCEPT, { i: { match: m.id, version: m.version } }, w.townshipCaller)).data.acceptDonationMatch.match.status).toBe('ALLOCATED');
  s = await both();
  expect(s.kept.find((r: any) => r.need_id === key(na.id)).allocated).toBe('12000');
  expect(s.kept).toEqual(s.truth);

  // A need closed through the API leaves the projection.
  const closed = await gql(t.app, `mutation($i: UpdateNeedInput!) { updateNeed(input: $i) { need { status } userErrors { code } } }`,
    { i: { need: nb2.id, version: nb2.version, status: 'CLOSED' } }, w.townshipCaller);
  expect(closed.data.updateNeed.need?.status ?? closed.data.updateNeed.userErrors).toBe('CLOSED');
  s = await both();
  expect(s.kept.map((r: any) => r.need_id)).not.toContain(key(nb2.id));
  expect(s.kept).toEqual(s.truth);

  // Any writer of household: new categories change the vulnerability; leaving hardship removes its needs.
  const knex = t.orm.em.getKnex();
  await knex('household').update({ categories: knex.raw(`array['EXTREME_POVERTY', 'ORPHAN']::text[]`) }).where({ id: key(a.id) });
  s = await both();
  expect(s.kept.find((r: any) => r.need_id === key(na.id)).vulnerability).toBe(6);
  expect(s.kept).toEqual(s.truth);
  await knex('household').update({ status: 'EXITED' }).where({ id: key(b.id) });
  s = await both();
  expect(s.kept.map((r: any) => r.need_id)).not.toContain(key(nb.id));
  expect(s.kept).toEqual(s.truth);
});
