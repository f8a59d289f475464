/**
 * The donors module's demo (issue 12): a sandbox charity platform (designated for internet public
 * fundraising, so it may carry money pledges) with one demo key, printed once at first start
 * (./demo-keys.ts), three donors and pledges a newcomer can match at once — approved ones for
 * goods, money and services, and one still waiting for review; plus a volunteer-hours pledge of
 * the county trade union. Written through the services, as a platform and civil affairs would.
 * Creates nothing when the sandbox platform already has its demo key.
 */
import type { Knex, MikroORM } from '@mikro-orm/postgresql';
import { newApiKey } from '../../access/tokens';
import type { ServiceContext } from '../../shared/context';
import { addCalendarDays, countyToday, InstantSource } from '../../shared/county-calendar';
import type { Principal } from '../../shared/principal';
import type { Result } from '../../shared/result';
import { DonorsService, socialCreditCheckCharacter } from '../../modules/donors/donors.service';
import { AreaLevel, DonorKind, PledgeResource } from '../../modules/donors/donors.enums';
import { NeedKind } from '../../modules/pairing/pairing.enums';
import { DEMO_KEY_LABEL, DemoKey } from './demo-keys';
import { SEED_ACTOR } from './sql';

export const SANDBOX_PLATFORM = { code: 'sandbox-charity-platform', name: '演示慈善平台（沙箱）', uscc17: '53350421MJ0000001' } as const;
const DEMO_TOWNSHIP = '350421100';

function ok<T>(what: string, r: Result<T>): T {
  if (!r.ok) throw new Error(`demo donors: ${what} refused: ${r.problems.map((p) => p.code).join(', ')}`);
  return r.value;
}

export async function seedDemoDonors(orm: MikroORM, clock: InstantSource = { now: () => new Date() }): Promise<DemoKey[]> {
  const knex = orm.em.getKnex() as Knex;
  const existing = await knex('charity_platform').where({ code: SANDBOX_PLATFORM.code }).first('id');
  if (existing && await knex('charity_platform_api_key').where({ platform_id: existing.id, label: DEMO_KEY_LABEL }).first('id')) return [];
  const ctx = (principal: Principal): ServiceContext => ({ principal, em: orm.em.fork(), clock, requestId: null, ip: null });
  const civilAffairs: Principal = { kind: 'DEPARTMENT', role: 'CIVIL_AFFAIRS', department: 'CIVIL_AFFAIRS', actor: `${SEED_ACTOR}:CIVIL_AFFAIRS`, name: '演示数据' };
  const service = new DonorsService();

  const platformId = existing ? String(existing.id) : ok('registerCharityPlatform', await service.registerPlatform(ctx(civilAffairs), {
    code: SANDBOX_PLATFORM.code, name: SANDBOX_PLATFORM.name, unifiedSocialCreditCode: SANDBOX_PLATFORM.uscc17 + socialCreditCheckCharacter(SANDBOX_PLATFORM.uscc17),
    designatedFundraisingPlatform: true, designationReference: '演示：民政部指定互联网公开募捐信息平台名单',
  }));
  const key = newApiKey();
  const [apiKey] = await knex('charity_platform_api_key').insert({
    platform_id: platformId, key_id: key.keyId, secret_hash: key.secretHash, label: DEMO_KEY_LABEL, scopes: ['DONORS', 'PLEDGES', 'NEEDS_READ', 'SUBSCRIPTIONS'], created_by: SEED_ACTOR,
  }).returning('id');
  const platform: Principal = {
    kind: 'CHARITY_PLATFORM', role: 'CHARITY_PLATFORM', platformId, apiKeyId: String(apiKey.id), scopes: ['DONORS', 'PLEDGES', 'NEEDS_READ', 'SUBSCRIPTIONS'],
    actor: `platform:${SANDBOX_PLATFORM.code}:seed`, name: SANDBOX_PLATFORM.name,
  };

  const today = countyToday(clock);
  const township = await knex('township').where({ code: DEMO_TOWNSHIP }).first('id');
  if (!township) throw new Error('demo donors: run seedReferenceData first');
  const donor = async (displayName: string, kind: DonorKind, ref: string) => ok('registerDonor', await service.registerDonor(ctx(platform), { displayName, kind, platformReference: ref }));
  const enterprise = await donor('闽江粮油有限公司', DonorKind.ENTERPRISE, 'SANDBOX-D001');
  const person = await donor('爱心人士陈女士', DonorKind.INDIVIDUAL, 'SANDBOX-D002');
  const org = await donor('明溪县志愿者协会', DonorKind.SOCIAL_ORGANISATION, 'SANDBOX-D003');
  const pledge = (donorId: string, p: Partial<Parameters<DonorsService['createPledge']>[1]> & { resource: PledgeResource; quantity: number; description: string }) =>
    service.createPledge(ctx(platform), {
      donorId, needKinds: [NeedKind.LIVING], areaLevel: AreaLevel.COUNTY, townshipId: null, communityId: null, validFrom: today, validUntil: addCalendarDays(today, 90), ...p,
    });
  const approved: string[] = [
    ok('createPledge rice', await pledge(enterprise, { resource: PledgeResource.GOODS, quantity: 200, unit: '袋', capPerHousehold: 4, description: '大米（每袋 25 公斤）' })),
    ok('createPledge money', await pledge(person, { resource: PledgeResource.MONEY, quantity: 2_000_000, needKinds: [NeedKind.MEDICAL, NeedKind.SCHOOLING], areaLevel: AreaLevel.TOWNSHIP, townshipId: String(township.id), capPerHousehold: 300_000, description: '医疗和助学救助金（经慈善平台支付）' })),
    ok('createPledge service', await pledge(org, { resource: PledgeResource.SERVICE, quantity: 50, unit: '次', description: '上门家政清洁服务' })),
  ];
  // One left for review: a newcomer can approve it (civil affairs or the civilization office).
  ok('createPledge oil', await pledge(enterprise, { resource: PledgeResource.GOODS, quantity: 100, unit: '桶', description: '食用油（每桶 5 升）' }));
  for (const id of approved) {
    const { version } = await knex('pledge').where({ id }).first('version');
    ok('approvePledge', await service.decidePledge(ctx(civilAffairs), { pledgeId: id, version, reason: '演示：审核通过' }, true));
  }
  // A giving partner pledges too: the county trade union's volunteers.
  const union = await knex('partner_organisation').where({ code: 'county-trade-union' }).first('id', 'name');
  if (union) {
    const unionPrincipal: Principal = { kind: 'PARTNER', role: 'PARTNER', partnerId: String(union.id), apiKeyId: '0', scopes: [], actor: `${SEED_ACTOR}:county-trade-union`, name: union.name };
    const id = ok('createPledge union', await service.createPledge(ctx(unionPrincipal), {
      donorId: null, resource: PledgeResource.VOLUNTEER_HOURS, quantity: 300, unit: '小时', needKinds: [NeedKind.EMPLOYMENT, NeedKind.LIVING], areaLevel: AreaLevel.COUNTY,
      townshipId: null, communityId: null, validFrom: today, validUntil: addCalendarDays(today, 120), description: '职工志愿服务：就业指导与生活帮扶',
    }));
    const { version } = await knex('pledge').where({ id }).first('version');
    ok('approvePledge union', await service.decidePledge(ctx(civilAffairs), { pledgeId: id, version }, true));
  }
  return [{ kind: 'PLATFORM', code: SANDBOX_PLATFORM.code, name: SANDBOX_PLATFORM.name, header: 'X-Api-Key', token: key.token }];
}
