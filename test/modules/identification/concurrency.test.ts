/**
 * Concurrent applications for one household: exactly one case opens (moved from the registry's
 * concurrency test, issue 9). Needs a real server:
 * the embedded database runs one statement at a time, so nothing would be concurrent there.
 */
import { embedded, serverOnly, gql, startApp, TestApp, townshipToken } from '../../support/app';
import { householdInput, newTownship, registerHousehold } from '../../support/fixtures';

if (embedded) console.log('[tests] identification/concurrency.test.ts skipped: it needs a PostgreSQL server (set TEST_DATABASE_URL); CI runs it.');

serverOnly('concurrent applications', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('opens exactly one case when the same household applies twice at once', async () => {
    const township = await newTownship(t.orm);
    const token = await townshipToken(township.code);
    const h = await registerHousehold(t.app, token, householdInput(township));
    const submit = () => gql(t.app, `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { case { id } userErrors { code } } }`,
      { i: { household: h.id, appliedOn: new Date().toISOString().slice(0, 10), reason: '并发申请' } }, { token });
    const results = await Promise.all(Array.from({ length: 5 }, submit));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.data.submitApplication.case)).toHaveLength(1);
    expect(results.filter((r) => r.data.submitApplication.userErrors[0]?.code === 'OPEN_CASE_EXISTS')).toHaveLength(4);
  });
});
