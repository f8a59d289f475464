/**
 * Concurrent edits of one household: one wins, the others get STALE_VERSION. Needs a real server:
 * the embedded database runs one statement at a time, so nothing would be concurrent there.
 */
import { embedded, serverOnly, gql, startApp, TestApp, townshipToken } from '../../support/app';
import { householdInput, newTownship, registerHousehold } from '../../support/fixtures';
import { dbId } from '../../support/ids';

if (embedded) console.log('[tests] concurrency.test.ts skipped: it needs a PostgreSQL server (set TEST_DATABASE_URL); CI runs it.');

serverOnly('concurrent edits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('lets exactly one of two simultaneous updates with the same version win', async () => {
    const township = await newTownship(t.orm);
    const token = await townshipToken(township.code);
    const h = await registerHousehold(t.app, token, householdInput(township));
    const update = (address: string) =>
      gql(t.app, `mutation($i: UpdateHouseholdInput!) { updateHousehold(input: $i) { household { version address } userErrors { code } } }`, { i: { household: h.id, version: 1, address } }, { token });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => update(`并发${i}`)));
    const winners = results.filter((r) => r.data.updateHousehold.userErrors.length === 0);
    const losers = results.filter((r) => r.data.updateHousehold.userErrors.length > 0);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(winners).toHaveLength(1);
    expect(losers.every((r) => r.data.updateHousehold.userErrors[0].code === 'STALE_VERSION')).toBe(true);
    const row = await t.orm.em.getKnex()('household').where('id', dbId(h.id)).first();
    expect(row).toMatchObject({ version: 2, address: winners[0].data.updateHousehold.household.address });
  });
});
