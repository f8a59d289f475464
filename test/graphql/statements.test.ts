/** No N+1: a page of 100 households with members, township and community costs the same statements as a page of 10. */
import { gql, startApp, TestApp, townshipToken } from '../support/app';
import { householdInput, member, newTownship, registerHousehold } from '../support/fixtures';

let t: TestApp;
let token: string;
let townshipId: string;

beforeAll(async () => {
  t = await startApp();
  const township = await newTownship(t.orm);
  townshipId = township.globalId;
  token = await townshipToken(township.code);
  for (let i = 0; i < 100; i++) {
    await registerHousehold(t.app, token, householdInput(township, [member(), member({ relationToHead: 'SPOUSE' }), member({ relationToHead: 'CHILD' })]));
  }
});
afterAll(() => t.close());

async function statementsFor(first: number): Promise<{ count: number; rows: number }> {
  const knex = t.orm.em.getKnex();
  let count = 0;
  const listener = () => count++;
  knex.client.on('query', listener);
  try {
    const r = await gql(t.app, `query($n: Int!, $t: ID!) { households(first: $n, filter: { township: $t }) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { id headName township { name communities { name } } community { name township { code } }
        members { id name idNumber age household { id } } } } }`, { n: first, t: townshipId }, { token });
    return { count, rows: r.data.households.nodes.length };
  } finally {
    knex.client.removeListener('query', listener);
  }
}

it('issues the same number of SQL statements for 10 and for 100 households', async () => {
  const ten = await statementsFor(10);
  const hundred = await statementsFor(100);
  expect(ten.rows).toBe(10);
  expect(hundred.rows).toBe(100);
  expect(hundred.count).toBe(ten.count);
  // page + count + members + townships + communities + communities-of-township + households (nested) + audit insert
  expect(ten.count).toBeGreaterThanOrEqual(6);
  expect(ten.count).toBeLessThanOrEqual(9);
});
