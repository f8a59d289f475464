/**
 * Households ordered by the head's name follow pinyin (issue 14 item 10): the HEAD_NAME order
 * sorts under the collation "pinyin" (migration Migration20261202071500_pinyin_head_name), ICU's
 * zh-u-co-pinyin. On the PostgreSQL server (Debian's build, with ICU and its data) that is pinyin.
 * The embedded PGlite has the ICU provider but not ICU's Chinese data, so the same collation sorts
 * Han characters by code point there: tested for what it does, said here, not skipped silently.
 */
import { gql, startApp, TestApp, townshipToken, embedded } from '../../support/app';
import { householdInput, member, newTownship, registerHousehold, TestTownship } from '../../support/fixtures';

let t: TestApp;
let township: TestTownship;
let token: string;
/** 张 zhāng, 李 lǐ, 王 wáng, 阿 ā, 陈 chén, 赵 zhào, 林 lín, 欧阳 ōuyáng */
const HEADS = ['张伟', '李娜', '王芳', '阿强', '陈杰', '赵敏', '林秀珍', '欧阳明'];
const PINYIN = ['阿强', '陈杰', '李娜', '林秀珍', '欧阳明', '王芳', '张伟', '赵敏'];
const CODE_POINTS = [...HEADS].sort();

beforeAll(async () => {
  t = await startApp();
  township = await newTownship(t.orm);
  token = await townshipToken(township.code, 'pinyin');
  for (const name of HEADS) await registerHousehold(t.app, token, householdInput(township, [member({ name })]));
});
afterAll(() => t.close());

async function provider(): Promise<string> {
  const r = await t.orm.em.getKnex().raw(`select collprovider from pg_collation where collname = 'pinyin'`);
  return r.rows[0]?.collprovider;
}

/** Every page of two through the keyset cursors, in one direction. */
async function names(direction: 'ASC' | 'DESC'): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (;;) {
    const r: any = await gql(t.app, `query($t: ID!, $after: String, $d: OrderDirection!) { households(first: 3, after: $after, filter: { township: $t }, orderBy: { field: HEAD_NAME, direction: $d }) {
      pageInfo { hasNextPage endCursor } nodes { headName } } }`, { t: township.globalId, after, d: direction }, { token });
    expect(r.errors).toBeUndefined();
    out.push(...r.data.households.nodes.map((n: { headName: string }) => n.headName));
    if (!r.data.households.pageInfo.hasNextPage) return out;
    after = r.data.households.pageInfo.endCursor;
  }
}

it('the collation is ICU; it sorts by pinyin on the server and by code point on the embedded database', async () => {
  // Both have the ICU provider (PGlite ships it without the Chinese data).
  expect(await provider()).toBe('i');
  const r = await t.orm.em.getKnex().raw(`select array_agg(n order by n collate "pinyin") as names from unnest(?::text[]) as n`, [HEADS]);
  expect(r.rows[0].names).toEqual(embedded ? CODE_POINTS : PINYIN);
});

it('HEAD_NAME pages through the heads in that order, both directions, with keyset cursors', async () => {
  const expected = embedded ? CODE_POINTS : PINYIN;
  if (embedded) console.log('[pinyin] embedded PGlite: ICU without its Chinese data, HEAD_NAME sorts by code point (PostgreSQL with ICU: pinyin)');
  expect(await names('ASC')).toEqual(expected);
  expect(await names('DESC')).toEqual([...expected].reverse());
});

it('the order is read from the pinyin index', async () => {
  const knex = t.owner.em.getKnex();
  const plan = await knex.transaction(async (trx) => {
    await trx.raw('set local enable_seqscan = off');
    await trx.raw('set local enable_sort = off');
    return (await trx.raw(`explain (costs off) select h.id from household h order by h.head_name collate "pinyin", h.id limit 20`)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
  });
  expect(plan).toContain('household_head_name_pinyin_idx');
});
