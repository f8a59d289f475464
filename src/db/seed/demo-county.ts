/**
 * The demo county that works at once (issue 14 item 8), on top of the reference data and the
 * synthetic households: everything a new user needs to try each part without setting anything up
 * first. Every write goes through the services, as the people who would make it (township staff,
 * civil affairs, finance, the civilization office), so the demo holds exactly what the rules allow
 * and leaves the audit rows the real steps leave:
 * - the shipped partner samples' references (partner-adapters/samples.ts): six confirmed
 *   households of 雪峰镇 carry the sample assistance-card numbers and registered the sample utility
 *   accounts, and every demo partner is paired with them (approved), so every valid sample file
 *   imports cleanly (test/db/demo-county.test.ts);
 * - an API key per demo partner (printed once, src/db/seed/demo-keys.ts);
 * - fund sources and this year's allocations for every measure, and the minimum living allowance
 *   items agreed by civil affairs, so `runMonthlyAllowance` pays at once;
 * - identification cases of 雪峰镇 in every state of the workflow, entered from paper with past days;
 * - the plans (一户一策) of the confirmed households, delivered from their domain events now
 *   rather than a moment after the server starts.
 * Runs once: a second call finds its fund sources and does nothing.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/postgresql';
import { SAMPLE_CARD_NUMBERS, SAMPLE_UTILITY_ACCOUNTS } from '../../../partner-adapters/samples';
import type { ServiceContext } from '../../shared/context';
import { addCalendarDays, countyToday, InstantSource } from '../../shared/county-calendar';
import { MEASURE_CODES, MeasureCode } from '../../shared/measures';
import type { Principal } from '../../shared/principal';
import type { Result } from '../../shared/result';
import { registerConsumers } from '../../events/subscribers';
import { domainEvents } from '../../events/domain-events';
import { FundsService } from '../../modules/funds/funds.service';
import { FundKind } from '../../modules/funds/funds.enums';
import { IdentificationService } from '../../modules/identification/identification.service';
import { CaseState, InvestigationMethod, NoticeKind, ReviewRecommendation } from '../../modules/identification/identification.enums';
import { MeasuresService } from '../../modules/measures/measures.service';
import { PlanDecision } from '../../modules/measures/measures.enums';
import { PairingService } from '../../modules/pairing/pairing.service';
import { Utility } from '../../modules/pairing/pairing.enums';
import { RegistryService } from '../../modules/registry/registry.service';
import { COUNTY_REGION_CODE, TOWNSHIPS, communityCode } from '../../modules/registry/registry.county-data';
import { EmploymentStatus, HardshipCause, IllnessKind, RelationToHead, SchoolingStage, Sex, WorkCapacity } from '../../modules/registry/registry.enums';
import { syntheticIdNumber } from '../../modules/registry/registry.id-number';
import { DemoKey, seedDemoPartnerKeys } from './demo-keys';
import { seedDemoDonors } from './donors'; // donors (issue 12)
import { SEED_ACTOR } from './sql';

/** The township the demo's worked examples use (雪峰镇), and its first community (城东社区). */
export const DEMO_TOWNSHIP = TOWNSHIPS[0].code;
export const DEMO_COMMUNITY = communityCode(DEMO_TOWNSHIP, 0);

/** Which sample household (index into SAMPLE_CARD_NUMBERS) registered each sample utility account. */
export const SAMPLE_ACCOUNT_HOLDERS: Readonly<Record<Utility, readonly number[]>> = { POWER: [0, 1, 2], WATER: [3, 4, 5], CABLE: [1, 3, 5] };

/** The demo's fund sources (codes are what finance types): one per kind of money the county pools. */
export const DEMO_FUND_SOURCES = [
  { code: 'MX-DEMO-BASIC-LIVING', name: '城乡居民最低生活保障资金（上级转移支付）', kind: FundKind.HIGHER_LEVEL_TRANSFER },
  { code: 'MX-DEMO-COUNTY', name: '县级困难群众救助配套资金', kind: FundKind.COUNTY_FINANCE },
  { code: 'MX-DEMO-DONATIONS', name: '县慈善总会社会捐赠资金', kind: FundKind.SOCIAL_DONATION },
] as const;

/** This year's allocation of each measure, in fen: the safety net from the allowance fund. */
const ALLOCATIONS: Record<MeasureCode, { source: string; amount: number }> = {
  SAFETY_NET: { source: 'MX-DEMO-BASIC-LIVING', amount: 500_000_000 },
  EMPLOYMENT: { source: 'MX-DEMO-COUNTY', amount: 50_000_000 },
  MEDICAL_SECURITY: { source: 'MX-DEMO-COUNTY', amount: 80_000_000 },
  EDUCATION_AID: { source: 'MX-DEMO-COUNTY', amount: 60_000_000 },
  HOUSING_AID: { source: 'MX-DEMO-COUNTY', amount: 40_000_000 },
  DISABILITY_SUPPORT: { source: 'MX-DEMO-COUNTY', amount: 30_000_000 },
  PAIRING: { source: 'MX-DEMO-DONATIONS', amount: 10_000_000 },
};

export interface DemoCountyResult {
  /** Keys created by this call (plaintext, shown once). */
  keys: DemoKey[];
  /** Demo cases by the state they reached (each state of the workflow once). */
  cases: Partial<Record<CaseState, number>>;
  /** Plan items of the safety net's allowance agreed by civil affairs. */
  allowanceItemsAgreed: number;
}

const DEMO_ACTOR = SEED_ACTOR;

function department(role: Principal['role'] & string): Principal {
  return { kind: 'DEPARTMENT', role: role as never, actor: `${DEMO_ACTOR}:${role.toLowerCase()}`, name: '演示数据', department: role as never };
}

/** Fails loudly: the demo seed must hold exactly what the rules allow, so a refusal is a bug. */
function ok<T>(what: string, r: Result<T>): T {
  if (!r.ok) throw new Error(`demo county: ${what} refused: ${r.problems.map((p) => `${p.code} at ${(p.path ?? []).join('.')}`).join(', ')}`);
  return r.value;
}

export async function seedDemoCounty(orm: MikroORM, opts: { clock?: InstantSource } = {}): Promise<DemoCountyResult> {
  const clock = opts.clock ?? { now: () => new Date() };
  const knex = orm.em.getKnex() as Knex;
  const result: DemoCountyResult = { keys: [], cases: {}, allowanceItemsAgreed: 0 };
  if (await knex('fund_source').where('code', DEMO_FUND_SOURCES[0].code).first()) return result;
  const ctx = (principal: Principal): ServiceContext => ({ principal, em: orm.em.fork(), clock, requestId: null, ip: null });
  const today = countyToday(clock);

  const township = await knex('township').where('code', DEMO_TOWNSHIP).select('id').first();
  if (!township) throw new Error('demo county: run seedReferenceData first');
  const townshipStaff: Principal = { kind: 'TOWNSHIP', role: 'TOWNSHIP', actor: `${DEMO_ACTOR}:township`, name: '演示数据', townshipId: String(township.id), townshipCode: DEMO_TOWNSHIP };

  // Cases first: the confirmed one's plan is made with the others' below.
  result.cases = await seedCases(knex, String(township.id), ctx(townshipStaff), ctx(department('CIVIL_AFFAIRS')), today);

  // The samples' households: six confirmed households of the demo township, in id order.
  const sampleHouseholds: string[] = (await knex('household').where({ township_id: township.id, status: 'IN_HARDSHIP' })
    .orderBy('id').limit(SAMPLE_CARD_NUMBERS.length).select('id')).map((r: { id: string }) => String(r.id));
  if (sampleHouseholds.length < SAMPLE_CARD_NUMBERS.length) throw new Error('demo county: too few confirmed households in the demo township for the partner samples');
  // Card numbers are given at confirmation (random); these households carry the samples' instead.
  for (const [i, id] of sampleHouseholds.entries()) await knex('household').update({ assistance_card_number: SAMPLE_CARD_NUMBERS[i] }).where('id', id);
  const pairing = new PairingService();
  for (const utility of Object.values(Utility)) {
    for (const [k, accountNumber] of SAMPLE_UTILITY_ACCOUNTS[utility].entries()) {
      ok(`registerUtilityAccount ${utility}`, await pairing.registerUtilityAccount(ctx(townshipStaff), { householdId: sampleHouseholds[SAMPLE_ACCOUNT_HOLDERS[utility][k]], utility, accountNumber }));
    }
  }
  result.keys.push(...await seedDemoPartnerKeys(knex));
  // donors (issue 12): the sandbox charity platform, its demo key, donors and pledges.
  result.keys.push(...await seedDemoDonors(orm, clock));
  const partners: Array<{ id: string; name: string }> = await knex('partner_organisation').whereIn('code', result.keys.map((k) => k.code)).orderBy('id').select('id', 'name');
  for (const p of partners) {
    const pairingId = ok('proposePairing', await pairing.propose(ctx(department('CIVILIZATION_OFFICE')), { partnerIds: [String(p.id)], householdIds: sampleHouseholds, needIds: [], note: `${p.name}结对帮扶（演示）` }));
    const { version } = await knex('pairing').where('id', pairingId).select('version').first();
    ok('approvePairing', await pairing.decide(ctx(department('CIVIL_AFFAIRS')), { pairingId, version }, true));
  }

  // Money: sources and this year's allocations (finance).
  const funds = new FundsService();
  const sourceIds = new Map<string, string>();
  for (const s of DEMO_FUND_SOURCES) sourceIds.set(s.code, ok('createFundSource', await funds.createFundSource(ctx(department('FINANCE')), s)));
  const year = Number(today.slice(0, 4));
  for (const measure of MEASURE_CODES) {
    const a = ALLOCATIONS[measure];
    ok(`allocateFund ${measure}`, await funds.allocateFund(ctx(department('FINANCE')), { sourceId: sourceIds.get(a.source)!, measure, year, amount: a.amount }));
  }

  // Plans for every confirmed household now (the server would deliver these events a moment
  // after start), then civil affairs agrees the allowance items so the monthly run pays.
  registerConsumers();
  while ((await domainEvents.deliverPending(orm, 500)) > 0) { /* until every pending event is delivered */ }
  const measures = new MeasuresService();
  const items: Array<{ id: string; version: number }> = await knex('plan_item').where({ item: 'MINIMUM_LIVING_ALLOWANCE', status: 'PROPOSED' }).orderBy('id').select('id', 'version');
  for (const item of items) {
    ok('decidePlanItem', await measures.decide(ctx(department('CIVIL_AFFAIRS')), String(item.id), { version: item.version, decision: PlanDecision.ACCEPT }));
  }
  result.allowanceItemsAgreed = items.length;
  return result;
}

/**
 * One case in each state of the workflow (R8–R10), of new households of the demo township with a
 * seriously ill head and little income (they qualify for the allowance, R4), entered from paper:
 * the finished steps lie in the past (notices entered after their last day carry the board
 * record, as the date rules require); the FIRST_NOTICE and SECOND_NOTICE cases have a notice on
 * the board today, so `publicNotices` shows both kinds.
 */
async function seedCases(knex: Knex, townshipId: string, township: ServiceContext, county: ServiceContext, today: string): Promise<Partial<Record<CaseState, number>>> {
  const registry = new RegistryService();
  const identification = new IdentificationService();
  const community = await knex('community').where('code', DEMO_COMMUNITY).select('id').first();
  const day = (n: number) => addCalendarDays(today, n);
  // Invented people; id numbers at the top of a day's sequence range (the generator fills a day from 0).
  const PEOPLE: Array<[string, string, string]> = [
    ['郑晓梅', '1975-04-12', '范建国'], ['蔡丽娟', '1968-09-03', '魏志强'], ['彭秀英', '1972-01-25', '邱国平'], ['卢桂芳', '1970-06-30', '龚海涛'],
    ['詹美华', '1966-11-08', '宁德胜'], ['严春兰', '1979-03-17', '温家明'], ['柯玉珍', '1964-07-21', '伍永福'], ['傅雪琴', '1977-12-02', '阮振华'],
    ['鲍慧敏', '1973-05-14', '欧阳立新'],
  ];
  const states: CaseState[] = [
    CaseState.SUBMITTED, CaseState.UNDER_INVESTIGATION, CaseState.FIRST_NOTICE, CaseState.FORWARDED_TO_COUNTY, CaseState.APPROVED,
    CaseState.SECOND_NOTICE, CaseState.CONFIRMED, CaseState.REJECTED, CaseState.WITHDRAWN,
  ];
  const reached: Partial<Record<CaseState, number>> = {};
  for (const [i, target] of states.entries()) {
    const [headName, birth, spouseName] = PEOPLE[i];
    const id = (date: string, sex: Sex, n: number) => syntheticIdNumber(COUNTY_REGION_CODE, date, 490 + n, sex);
    const householdId = ok('registerHousehold', await registry.register(township, {
      townshipId, communityId: String(community.id),
      address: `城东路${101 + i}号`, contactPhone: `1390000${String(9000 + i).padStart(4, '0')}`, housingArea: 38 + i, assets: null,
      members: [
        { name: headName, idNumber: id(birth, Sex.FEMALE, i), relationToHead: RelationToHead.HEAD, workCapacity: WorkCapacity.NONE, employmentStatus: EmploymentStatus.NOT_IN_LABOUR_FORCE,
          illness: IllnessKind.SERIOUS, illnessNote: '慢性肾病，需定期透析', schoolingStage: SchoolingStage.NONE, monthlyIncome: { transfers: 20000 } },
        { name: spouseName, idNumber: id(addCalendarDays(birth, -400), Sex.MALE, i), relationToHead: RelationToHead.SPOUSE, workCapacity: WorkCapacity.PARTIAL,
          employmentStatus: EmploymentStatus.FLEXIBLY_EMPLOYED, illness: IllnessKind.NONE, schoolingStage: SchoolingStage.NONE, monthlyIncome: { wages: 60000 } },
      ],
    }));
    // The day plan: finished steps in the past; a notice still on the board runs from yesterday.
    const onBoard = target === CaseState.FIRST_NOTICE;
    const secondOnBoard = target === CaseState.SECOND_NOTICE;
    let version = 1;
    const caseId = ok('submitApplication', await identification.submitApplication(township, { household: householdId, appliedOn: day(-20), reason: '户主重病，家庭收入低' }));
    const step = async (what: string, r: Promise<Result<string>>) => {
      ok(what, await r);
      version++;
    };
    const done = async () => {
      reached[target] = (reached[target] ?? 0) + 1;
    };
    if (target === CaseState.SUBMITTED) { await done(); continue; }
    await step('startInvestigation', identification.startInvestigation(township, { case: caseId, version, occurredOn: day(-20) }));
    if (target === CaseState.UNDER_INVESTIGATION) {
      await step('recordInvestigation', identification.recordInvestigation(township, { case: caseId, version, method: InvestigationMethod.HOME_VISIT, conductedOn: day(-19), findings: '入户核实家庭成员、住房及收入情况' }));
      await done();
      continue;
    }
    if (target === CaseState.WITHDRAWN) {
      await step('withdrawApplication', identification.withdraw(township, { case: caseId, version, reason: '申请人家庭收入增加，主动撤回申请', occurredOn: day(-18) }));
      await done();
      continue;
    }
    for (const method of Object.values(InvestigationMethod)) {
      await step(`recordInvestigation ${method}`, identification.recordInvestigation(township, {
        case: caseId, version, method, conductedOn: day(-19), findings: '调查情况属实',
        ...(method === InvestigationMethod.DEMOCRATIC_APPRAISAL ? { participants: ['社区主任', '居民代表', '网格员'], conclusion: '评议通过，同意上报' } : {}),
        ...(method === InvestigationMethod.ECONOMIC_CROSS_CHECK ? { authorisationSigned: true } : {}),
      }));
    }
    await step('recordReviewOpinion', identification.recordReviewOpinion(township, {
      case: caseId, version, recommendation: ReviewRecommendation.APPROVE, opinion: '户主重病无劳动能力，家庭人均收入低于低保标准，建议纳入',
      causes: [HardshipCause.ILLNESS], primaryCause: HardshipCause.ILLNESS, reviewedOn: day(-18),
    }));
    await step('postPublicNotice FIRST', identification.postPublicNotice(township, {
      case: caseId, version, kind: NoticeKind.FIRST, place: '城东社区公示栏', complaintContact: '0598-2800000',
      ...(onBoard ? { postedOn: day(-1), endsOn: day(3) } : { postedOn: day(-17), endsOn: day(-13), lateEntryEvidence: `公示栏照片记录 演示-${i}-1` }),
    }));
    if (onBoard) { await done(); continue; }
    await step('forwardToCounty', identification.forwardToCounty(township, { case: caseId, version, occurredOn: day(-12) }));
    if (target === CaseState.FORWARDED_TO_COUNTY) { await done(); continue; }
    if (target === CaseState.REJECTED) {
      await step('rejectApplication', identification.decide(county, { case: caseId, version, reason: '经核对，家庭存款超过规定标准', occurredOn: day(-11) }, false));
      await done();
      continue;
    }
    await step('approveApplication', identification.decide(county, { case: caseId, version, reason: '经审核符合城市低保条件', occurredOn: day(-11) }, true));
    if (target === CaseState.APPROVED) { await done(); continue; }
    await step('postPublicNotice SECOND', identification.postPublicNotice(township, {
      case: caseId, version, kind: NoticeKind.SECOND, place: '城东社区公示栏',
      ...(secondOnBoard ? { postedOn: day(-1), endsOn: day(3) } : { postedOn: day(-10), endsOn: day(-6), lateEntryEvidence: `公示栏照片记录 演示-${i}-2` }),
    }));
    if (secondOnBoard) { await done(); continue; }
    await step('confirmHousehold', identification.confirmHousehold(township, { case: caseId, version, occurredOn: day(-5) }));
    await done();
  }
  return reached;
}
