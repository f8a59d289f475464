/**
 * The synthetic population generator: households and their members, every person invented. Names
 * are built from common surname and given-name characters, id numbers come from
 * syntheticIdNumber, phone numbers from an invented 1380000xxxx / 1390000xxxx range.
 *
 * Households in hardship are what the eligibility engine (src/policy/eligibility.ts) confirms under
 * the policy in force on the seed day: the seed loads that policy once, aims incomes at its R2
 * standard and R6 line, and a household meant to be in hardship that the engine does not confirm
 * stays REGISTERED. No policy number appears here; demo shapes (shares of households, multiples
 * of the standard) do. Generation is pure apart from IdNumbers.load, which reads the numbers
 * already taken.
 */
import type { Knex } from '@mikro-orm/postgresql';
import { addCalendarDays } from '../../shared/county-calendar';
import { COUNTY_REGION_CODE } from '../../modules/registry/registry.county-data';
import { syntheticIdNumber } from '../../modules/registry/registry.id-number';
import {
  CommunityKind, DisabilityCategory, EmploymentStatus, HardshipCategory, HardshipCause, HouseholdStatus,
  IllnessKind, LegalSupporter, ParentalStatus, RelationToHead, SchoolingStage, Sex, WorkCapacity,
} from '../../modules/registry/registry.enums';
import { assessEligibility } from '../../policy/eligibility';
import { HouseholdSnapshot } from '../../policy/eligibility.types';
import { PolicySnapshot } from '../../policy/parameter-definitions';
import { profileCauses } from '../../policy/snapshot';
import { run } from './sql';

/** Default PRNG seed, so the demo county is the same on every fresh start ("347" mechanism). */
export const DEFAULT_SEED = 347;

/** mulberry32: a tiny, fast, seedable PRNG returning [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What generation takes from the policy in force on the seed day (all of it from `policy.values`). */
export interface SeedPolicy {
  policy: PolicySnapshot;
  /** R2 standard, fen per person per month, as the engine computes it. */
  standard: number;
  /** R6 line per person (standard × EXPENDITURE_INCOME_MULTIPLIER), floored to the fen. */
  r6Line: number;
  /** I2 ages: elderly from, minors (R5) under, R3 minors under, working age from. */
  elderlyAge: number;
  minorAge: number;
  r3MinorAge: number;
  workingAgeMin: number;
}

export function seedPolicy(policy: PolicySnapshot): SeedPolicy {
  // The engine's own R2 figure (rounding included): assess an empty household.
  const { allowanceStandard: standard } = assessEligibility(
    { members: [], financialAssets: 0, vehicles: 0, otherProperties: 0, causes: [] }, policy);
  return {
    policy,
    standard,
    r6Line: Math.floor(standard * policy.values.EXPENDITURE_INCOME_MULTIPLIER),
    elderlyAge: policy.values.ELDERLY_AGE,
    minorAge: policy.values.MINOR_AGE,
    r3MinorAge: policy.values.EXTREME_POVERTY_MINOR_AGE,
    workingAgeMin: policy.values.WORKING_AGE_MIN,
  };
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏付方邹熊白孟秦邱江严赖官游黎'];
const MALE_CHARS = [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林建国志文海东成峰永庆祥德生福荣金发兴斌晨阳'];
const FEMALE_CHARS = [...'芳娜敏静丽艳娟霞秀英华慧玲婷燕红梅兰琴云莲洁萍颖雪倩琳晶欣怡佳悦梦雨桂凤玉珍'];
const CHRONIC_NOTES = ['高血压', '糖尿病', '慢性阻塞性肺疾病', '类风湿关节炎', '冠心病', '慢性肾病'];
const SERIOUS_NOTES = ['恶性肿瘤', '尿毒症', '白血病', '脑卒中后遗症', '重症精神病'];
const DISABILITIES: Array<[DisabilityCategory, number]> = [
  [DisabilityCategory.PHYSICAL, 40], [DisabilityCategory.VISUAL, 12], [DisabilityCategory.HEARING, 12],
  [DisabilityCategory.SPEECH, 3], [DisabilityCategory.INTELLECTUAL, 12], [DisabilityCategory.MENTAL, 13],
  [DisabilityCategory.MULTIPLE, 8],
];

export interface Member {
  name: string;
  idNumber: string;
  sex: Sex;
  age: number;
  birthDate: string;
  relation: RelationToHead;
  workCapacity: WorkCapacity;
  employment: EmploymentStatus;
  disabilityCategory: DisabilityCategory | null;
  disabilityGrade: number | null;
  illness: IllnessKind;
  illnessNote: string | null;
  schooling: SchoolingStage;
  /** R3 facts: own source of livelihood, and whether a legal supporter is able to support them. */
  hasLivelihoodSource: boolean;
  legalSupporter: LegalSupporter;
  /** R5 fact for minors (PRESENT for everyone else). */
  parentalStatus: ParentalStatus;
  /** wages, business, property, transfers, other (fen) */
  income: [number, number, number, number, number];
}

export interface CommunityRow { id: string; townshipId: string; name: string; kind: CommunityKind }

/** Random helpers over one generator. */
export class Rng {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number { return min + Math.floor(this.next() * (max - min + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(items: readonly T[]): T { return items[Math.floor(this.next() * items.length)]; }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let r = this.next() * items.reduce((s, [, w]) => s + w, 0);
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1][0];
  }
}

/**
 * Hands out unique national id numbers. The person table may already hold numbers (an earlier
 * seed, real entries), so the counters continue from the highest sequence per (birth date, sex)
 * found with one aggregate query; removed members are counted too, to never reuse a number.
 */
export class IdNumbers {
  private constructor(private readonly next: Map<string, number>) {}

  static async load(knex: Knex): Promise<IdNumbers> {
    const rows = await run<{ d: string; odd: number; seq: number }>(knex,
      `select substr(id_number, 7, 8) as d, substr(id_number, 15, 3)::int % 2 as odd,
              max(substr(id_number, 15, 3)::int / 2) as seq
       from person where left(id_number, 6) = ? and id_number ~ '^[0-9]{17}[0-9X]$'
       group by 1, 2`, [COUNTY_REGION_CODE]);
    return new IdNumbers(new Map(rows.map((r) => [r.d + r.odd, Number(r.seq) + 1])));
  }

  /** Returns the number and the birth date actually used (moved back a day while a date is full). */
  assign(birthDate: string, sex: Sex): { idNumber: string; birthDate: string } {
    let date = birthDate;
    for (;;) {
      const key = date.replace(/-/g, '') + (sex === Sex.MALE ? 1 : 0);
      const seq = this.next.get(key) ?? 0;
      if (seq < 500) {
        this.next.set(key, seq + 1);
        return { idNumber: syntheticIdNumber(COUNTY_REGION_CODE, date, seq, sex), birthDate: date };
      }
      date = addCalendarDays(date, -1); // backwards, so a birth date never passes `today`
      if (date < '1900-01-01') throw new Error('no free id numbers left'); // unreachable in practice
    }
  }
}

/** A birth date that makes the person exactly `age` on `today`. */
function birthDateForAge(rng: Rng, today: string, age: number): string {
  const [y, m, d] = today.split('-').map(Number);
  const lastBirthday = new Date(Date.UTC(y - age, m - 1, d));
  lastBirthday.setUTCDate(lastBirthday.getUTCDate() - rng.int(0, 364));
  return lastBirthday.toISOString().slice(0, 10);
}

export interface GeneratedHousehold {
  community: CommunityRow;
  address: string;
  phone: string;
  housingArea: string;
  depositsFen: number;
  securitiesFen: number;
  vehicles: number;
  otherProperties: number;
  status: HouseholdStatus;
  categories: HardshipCategory[];
  causes: HardshipCause[];
  primaryCause: HardshipCause | null;
  /** Day confirmed on the list (IN_HARDSHIP and EXITED); null for REGISTERED. */
  identifiedOn: string | null;
  members: Member[];
}

/** The people of a household: relation, sex, age (attributes follow in makeMember). */
type Sketch = Array<{ relation: RelationToHead; sex: Sex; age: number; surname: string }>;

function sketchMembers(rng: Rng): Sketch {
  const size = rng.weighted([[1, 18], [2, 25], [3, 27], [4, 17], [5, 9], [6, 4]] as const);
  const family = rng.pick(SURNAMES);
  const other = () => rng.pick(SURNAMES);
  const spouse = size >= 2 && rng.chance(size >= 3 ? 0.8 : 0.6);
  let rest = size - 1 - (spouse ? 1 : 0);

  // Skipped-generation household: grandparent(s) raising minor grandchildren (possible orphans).
  if (rest >= 1 && rng.chance(0.12)) {
    const headSex = spouse ? (rng.chance(0.6) ? Sex.MALE : Sex.FEMALE) : rng.weighted([[Sex.MALE, 1], [Sex.FEMALE, 2]] as const);
    const headAge = rng.int(56, 82);
    const sketch: Sketch = [{ relation: RelationToHead.HEAD, sex: headSex, age: headAge, surname: headSex === Sex.MALE || !spouse ? family : other() }];
    if (spouse) {
      const s = headSex === Sex.MALE ? Sex.FEMALE : Sex.MALE;
      sketch.push({ relation: RelationToHead.SPOUSE, sex: s, age: Math.max(50, headAge + rng.int(-5, 5)), surname: s === Sex.MALE ? family : other() });
    }
    for (; rest > 0; rest--) {
      sketch.push({ relation: RelationToHead.GRANDCHILD, sex: rng.chance(0.5) ? Sex.MALE : Sex.FEMALE, age: rng.int(1, 17), surname: family });
    }
    return sketch;
  }

  // Otherwise: head (+ spouse) with children, the head's parents or a sibling.
  let parents = 0;
  let siblings = 0;
  if (rest === 1) {
    const kind = rng.weighted([['child', 70], ['parent', 20], ['sibling', 10]] as const);
    if (kind === 'parent') parents = 1; else if (kind === 'sibling') siblings = 1;
  } else if (rest >= 2) {
    parents = Math.min(rest - 1, rng.weighted([[0, 60], [1, 25], [2, 15]] as const));
  }
  const children = rest - parents - siblings;

  const headAge = parents > 0 ? rng.int(26, 55)
    : children > 0 ? rng.int(26, 70)
      : size === 1 ? (rng.chance(0.6) ? rng.int(60, 92) : rng.int(22, 59)) : rng.int(22, 85);
  const headSex = spouse ? (rng.chance(0.7) ? Sex.MALE : Sex.FEMALE) : (rng.chance(0.5) ? Sex.MALE : Sex.FEMALE);
  const headSurname = headSex === Sex.MALE || !spouse ? family : other();
  const sketch: Sketch = [{ relation: RelationToHead.HEAD, sex: headSex, age: headAge, surname: headSurname }];
  if (spouse) {
    const s = headSex === Sex.MALE ? Sex.FEMALE : Sex.MALE;
    // A husband is usually a little older than his wife.
    const age = Math.max(20, headAge + (s === Sex.MALE ? rng.int(-1, 6) : rng.int(-6, 1)));
    sketch.push({ relation: RelationToHead.SPOUSE, sex: s, age, surname: s === Sex.MALE ? family : other() });
  }
  for (let i = 0; i < children; i++) {
    const age = headAge - rng.int(22, 38);
    const sex = rng.chance(0.5) ? Sex.MALE : Sex.FEMALE;
    if (age >= 0) sketch.push({ relation: RelationToHead.CHILD, sex, age, surname: family });
    else sketch.push({ relation: RelationToHead.CHILD, sex, age: rng.int(0, Math.max(0, headAge - 22)), surname: family });
  }
  for (let i = 0; i < parents; i++) {
    const sex = parents === 2 ? (i === 0 ? Sex.MALE : Sex.FEMALE) : (rng.chance(0.3) ? Sex.MALE : Sex.FEMALE);
    const age = Math.min(98, headAge + rng.int(22, 35));
    // The head's father carries the head's surname; the mother keeps her own.
    sketch.push({ relation: RelationToHead.PARENT, sex, age, surname: sex === Sex.MALE ? headSurname : other() });
  }
  for (let i = 0; i < siblings; i++) {
    sketch.push({ relation: RelationToHead.SIBLING, sex: rng.chance(0.5) ? Sex.MALE : Sex.FEMALE, age: Math.max(16, headAge + rng.int(-8, 8)), surname: headSurname });
  }
  return sketch;
}

function givenName(rng: Rng, sex: Sex): string {
  const chars = sex === Sex.MALE ? MALE_CHARS : FEMALE_CHARS;
  return rng.chance(0.35) ? rng.pick(chars) : rng.pick(chars) + rng.pick(chars);
}

function schoolingFor(rng: Rng, age: number): SchoolingStage {
  if (age < 3) return SchoolingStage.NONE;
  if (age <= 5) return rng.chance(0.85) ? SchoolingStage.PRESCHOOL : SchoolingStage.NONE;
  if (age <= 11) return SchoolingStage.PRIMARY;
  if (age <= 14) return SchoolingStage.JUNIOR_HIGH;
  if (age <= 17) return rng.weighted([[SchoolingStage.SENIOR_HIGH, 60], [SchoolingStage.VOCATIONAL, 30], [SchoolingStage.NONE, 10]] as const);
  if (age <= 19) return rng.weighted([[SchoolingStage.HIGHER, 35], [SchoolingStage.VOCATIONAL, 15], [SchoolingStage.NONE, 50]] as const);
  if (age <= 22) return rng.chance(0.3) ? SchoolingStage.HIGHER : SchoolingStage.NONE;
  return SchoolingStage.NONE;
}

/** Fills in health, schooling, work capacity and employment consistent with age. */
function makeMember(rng: Rng, s: Sketch[number], today: string, ids: IdNumbers, poor: boolean, sp: SeedPolicy): Member {
  const { age, sex } = s;
  const f = poor ? 1.8 : 1; // illness and disability are more common among households in hardship
  const chronicP = (age < 18 ? 0.02 : age < 45 ? 0.05 : age < 60 ? 0.15 : 0.3) * f;
  const seriousP = (age < 18 ? 0.005 : age < 60 ? 0.025 : 0.05) * f;
  const r = rng.next();
  const illness = r < seriousP ? IllnessKind.SERIOUS : r < seriousP + chronicP ? IllnessKind.CHRONIC : IllnessKind.NONE;
  const illnessNote = illness === IllnessKind.SERIOUS ? rng.pick(SERIOUS_NOTES)
    : illness === IllnessKind.CHRONIC ? rng.pick(CHRONIC_NOTES) : null;
  const disabled = rng.chance((age < 18 ? 0.03 : age < 60 ? 0.05 : 0.1) * f);
  const disabilityCategory = disabled ? rng.weighted(DISABILITIES) : null;
  const disabilityGrade = disabled ? rng.weighted([[1, 15], [2, 25], [3, 30], [4, 30]] as const) : null;
  const severe = illness === IllnessKind.SERIOUS || (disabilityGrade !== null && disabilityGrade <= 2);
  const limited = illness === IllnessKind.CHRONIC || disabilityGrade !== null;

  const schooling = schoolingFor(rng, age);
  let workCapacity: WorkCapacity;
  if (age < sp.workingAgeMin || severe) workCapacity = WorkCapacity.NONE;
  else if (age < 60) workCapacity = limited && rng.chance(0.7) ? WorkCapacity.PARTIAL : WorkCapacity.FULL;
  else if (age < 70) workCapacity = rng.weighted([[WorkCapacity.PARTIAL, 60], [WorkCapacity.NONE, 30], [WorkCapacity.FULL, 10]] as const);
  else workCapacity = rng.chance(0.75) ? WorkCapacity.NONE : WorkCapacity.PARTIAL;

  const retirementAge = sex === Sex.MALE ? 60 : 55;
  let employment: EmploymentStatus;
  if (schooling !== SchoolingStage.NONE) employment = EmploymentStatus.IN_SCHOOL;
  else if (age < sp.workingAgeMin) employment = EmploymentStatus.NOT_IN_LABOUR_FORCE;
  else if (age >= retirementAge) {
    employment = workCapacity !== WorkCapacity.NONE && rng.chance(0.15) ? EmploymentStatus.FLEXIBLY_EMPLOYED
      : rng.chance(0.5) ? EmploymentStatus.RETIRED : EmploymentStatus.NOT_IN_LABOUR_FORCE;
  } else if (workCapacity === WorkCapacity.NONE) employment = EmploymentStatus.NOT_IN_LABOUR_FORCE;
  else {
    employment = rng.weighted(poor
      ? [[EmploymentStatus.EMPLOYED, 25], [EmploymentStatus.FLEXIBLY_EMPLOYED, 30], [EmploymentStatus.SELF_EMPLOYED, 8], [EmploymentStatus.UNEMPLOYED, 37]] as const
      : [[EmploymentStatus.EMPLOYED, 50], [EmploymentStatus.FLEXIBLY_EMPLOYED, 25], [EmploymentStatus.SELF_EMPLOYED, 12], [EmploymentStatus.UNEMPLOYED, 13]] as const);
  }

  const assigned = ids.assign(birthDateForAge(rng, today, age), sex);
  return {
    name: s.surname + givenName(rng, sex), idNumber: assigned.idNumber, sex, age, birthDate: assigned.birthDate, relation: s.relation,
    workCapacity, employment, disabilityCategory, disabilityGrade, illness, illnessNote, schooling,
    hasLivelihoodSource: true, legalSupporter: LegalSupporter.ABLE, parentalStatus: ParentalStatus.PRESENT,
    income: [0, 0, 0, 0, 0],
  };
}

/**
 * The R3 and R5 facts of the members. Most people have a source of livelihood and a legal supporter
 * able to support them, and minors have their parents. `f` scales how often that is not so (1 in
 * households meant to be in hardship, small in registered ones, 0 in exited ones, which left the
 * list because they no longer qualify):
 * - a minor raised without its parents (a grandchild in a skipped-generation household, a young
 *   sibling of the head) may have lost both or have untraceable parents (R5);
 * - an elderly, disabled or young (R3 age) member who cannot work, with nobody in the household
 *   able to work, may have no livelihood and no supporter, or one unable to support them (R3);
 *   now and then the supporter is able after all, so R3 fails on that alone.
 */
function assignSupportFacts(rng: Rng, members: Member[], f: number, sp: SeedPolicy): void {
  if (f <= 0) return;
  const withoutParents = !members.some((m) => m.relation === RelationToHead.CHILD || m.relation === RelationToHead.PARENT);
  for (const m of members) {
    if (m.age < sp.minorAge && withoutParents && (m.relation === RelationToHead.GRANDCHILD || m.relation === RelationToHead.SIBLING)
      && rng.chance(0.5 * f)) {
      m.parentalStatus = rng.weighted([[ParentalStatus.BOTH_DECEASED, 70], [ParentalStatus.CANNOT_BE_FOUND, 30]] as const);
    }
  }
  for (const m of members) {
    if (m.workCapacity !== WorkCapacity.NONE) continue;
    const orphan = m.parentalStatus !== ParentalStatus.PRESENT;
    const young = m.age < sp.r3MinorAge;
    if (young && !orphan) continue; // a child living with its parents is supported by them
    if (!(young || m.age >= sp.elderlyAge || m.disabilityGrade !== null)) continue;
    const othersCanWork = members.some((o) => o !== m && o.workCapacity === WorkCapacity.FULL);
    if (!rng.chance((othersCanWork ? 0.05 : 0.45) * f)) continue;
    m.hasLivelihoodSource = false;
    m.legalSupporter = rng.weighted([[LegalSupporter.NONE, 50], [LegalSupporter.UNABLE, 40], [LegalSupporter.ABLE, 10]] as const);
  }
}

/** Income index by source: the five person.income_* columns. */
export const WAGES = 0, BUSINESS = 1, PROPERTY = 2, TRANSFERS = 3, OTHER = 4;

/**
 * Splits a household's monthly income over its members by what they do. Amounts are floored to
 * whole yuan, so the household total never exceeds `total` (the category checks rely on it).
 */
function distributeIncome(rng: Rng, members: Member[], total: number): void {
  const share = (m: Member): [number, number] => {
    if (!m.hasLivelihoodSource) return [TRANSFERS, 0];
    switch (m.employment) {
      case EmploymentStatus.EMPLOYED: return [WAGES, 1];
      case EmploymentStatus.SELF_EMPLOYED: return [BUSINESS, 1];
      case EmploymentStatus.FLEXIBLY_EMPLOYED: return [rng.chance(0.5) ? WAGES : OTHER, 0.6];
      case EmploymentStatus.RETIRED: return [TRANSFERS, 0.5];
      case EmploymentStatus.UNEMPLOYED: return [rng.chance(0.5) ? TRANSFERS : OTHER, 0.1];
      case EmploymentStatus.NOT_IN_LABOUR_FORCE: return m.age >= 16 ? [TRANSFERS, 0.15] : [TRANSFERS, 0];
      default: return [TRANSFERS, 0]; // in school
    }
  };
  const shares = members.map(share);
  let weight = shares.reduce((s, [, w]) => s + w, 0);
  if (weight === 0) {
    // Nobody earns: support from relatives goes to the first member with a livelihood; without
    // one, the household has no income at all.
    const i = members.findIndex((m) => m.hasLivelihoodSource);
    if (i < 0) return;
    shares[i] = [TRANSFERS, 1];
    weight = 1;
  }
  members.forEach((m, i) => {
    const [source, w] = shares[i];
    let amount = Math.floor((total * w) / weight / 100) * 100;
    if (amount > 0 && rng.chance(0.1)) {
      // A little rent or other income on the side.
      const side = Math.floor((amount * rng.int(10, 30)) / 100 / 100) * 100;
      m.income[rng.chance(0.5) ? PROPERTY : OTHER] += side;
      amount -= side;
    }
    m.income[source] += amount;
  });
}

export const sumIncome = (m: Member) => m.income[0] + m.income[1] + m.income[2] + m.income[3] + m.income[4];

/** The engine's input for a generated household: what householdSnapshot reads from its rows. */
function snapshotOf(
  members: Member[], assets: { deposits: number; securities: number; vehicles: number; otherProperties: number },
  recordedCauses: HardshipCause[],
): HouseholdSnapshot {
  const snapshotMembers = members.map((m, i) => ({
    ref: `member ${i + 1}`, birthDate: m.birthDate, workCapacity: m.workCapacity, disabilityGrade: m.disabilityGrade,
    illness: m.illness, schoolingStage: m.schooling, monthlyIncome: sumIncome(m), hasLivelihoodSource: m.hasLivelihoodSource,
    legalSupporter: m.legalSupporter, parentalStatus: m.parentalStatus,
  }));
  return {
    members: snapshotMembers,
    financialAssets: assets.deposits + assets.securities,
    vehicles: assets.vehicles,
    otherProperties: assets.otherProperties,
    causes: [...new Set([...profileCauses(snapshotMembers), ...recordedCauses])],
  };
}

/**
 * Per-capita monthly income (fen) of a household in hardship: mostly below the R2 standard, some
 * with a cause between the standard and the R6 line, a few with none at all.
 */
function hardshipPerCapita(rng: Rng, sp: SeedPolicy, withCause: boolean): number {
  return rng.chance(0.08) ? 0
    : withCause && rng.chance(0.2) ? rng.int(sp.standard, sp.r6Line)
      : Math.floor(rng.next() ** 1.3 * (sp.standard - 1));
}

export function generateHousehold(
  rng: Rng, today: string, communities: ReadonlyArray<readonly [CommunityRow, number]>, ids: IdNumbers, sp: SeedPolicy,
): GeneratedHousehold {
  let status = rng.weighted([[HouseholdStatus.IN_HARDSHIP, 60], [HouseholdStatus.REGISTERED, 35], [HouseholdStatus.EXITED, 5]] as const);
  const poor = status !== HouseholdStatus.REGISTERED; // exited households were once in hardship
  const sketch = sketchMembers(rng);
  const members = sketch.map((s) => makeMember(rng, s, today, ids, poor, sp));
  assignSupportFacts(rng, members, status === HouseholdStatus.IN_HARDSHIP ? 1 : status === HouseholdStatus.REGISTERED ? 0.1 : 0, sp);
  const n = members.length;

  const causeCandidates: HardshipCause[] = [];
  if (members.some((m) => m.illness !== IllnessKind.NONE)) causeCandidates.push(HardshipCause.ILLNESS);
  if (members.some((m) => m.disabilityGrade !== null)) causeCandidates.push(HardshipCause.DISABILITY);
  if (members.some((m) => m.schooling !== SchoolingStage.NONE)) causeCandidates.push(HardshipCause.SCHOOLING);
  if (rng.chance(0.06)) causeCandidates.push(HardshipCause.DISASTER);
  let causes = poor ? causeCandidates.filter((c) => c === HardshipCause.DISASTER || rng.chance(0.85)) : [];
  // R11: an identified household is classified by at least one cause when one applies.
  if (poor && causes.length === 0 && causeCandidates.length > 0) causes.push(rng.pick(causeCandidates));

  // Per-capita monthly income target (fen), in multiples of the R2 standard: households in
  // hardship below it (or within the R6 line when a cause applies); exited ones above the R6 line
  // (by more than the flooring in distributeIncome can take away); others mostly ½–4 standards.
  const S = sp.standard;
  let perCapita: number;
  if (status === HouseholdStatus.IN_HARDSHIP) perCapita = hardshipPerCapita(rng, sp, causes.length > 0);
  else if (status === HouseholdStatus.EXITED) perCapita = rng.int(sp.r6Line + 200, Math.max(sp.r6Line + 200, 4 * S));
  else perCapita = rng.chance(0.05) ? rng.int(4 * S, 8 * S) : rng.int(Math.round(S / 2), 4 * S);
  distributeIncome(rng, members, perCapita * n);

  const assets = {
    deposits: Math.floor(rng.next() ** 2 * (poor ? 1_500_000 : 8_000_000) / 100) * 100,
    securities: rng.chance(poor ? 0.03 : 0.12) ? rng.int(1, 200) * 10_000 : 0,
    vehicles: rng.chance(poor ? 0.03 : 0.2) ? (rng.chance(0.1) ? 2 : 1) : 0,
    otherProperties: rng.chance(poor ? 0.02 : 0.1) ? 1 : 0,
  };

  // The categories are the engine's (R1–R7) under the seed day's policy. A household in hardship
  // is assessed as it is now; an exited one as it was when confirmed, with a hardship-level income
  // (its members' facts are ordinary, so only the income decided it). Not confirmed → REGISTERED.
  let categories: HardshipCategory[] = [];
  if (poor) {
    const snapshot = snapshotOf(members, assets, causes);
    if (status === HouseholdStatus.EXITED) {
      const past = hardshipPerCapita(rng, sp, causes.length > 0) * n;
      snapshot.members = snapshot.members.map((m, i) => ({ ...m, monthlyIncome: i === 0 ? past : 0 }));
    }
    const result = assessEligibility(snapshot, sp.policy);
    if (result.qualifies) categories = result.categories as HardshipCategory[];
    else status = HouseholdStatus.REGISTERED;
  }

  let primaryCause: HardshipCause | null = null;
  let identifiedOn: string | null = null;
  if (status === HouseholdStatus.REGISTERED) causes = [];
  else {
    if (causes.length > 0) {
      primaryCause = causes.includes(HardshipCause.ILLNESS) && members.some((m) => m.illness === IllnessKind.SERIOUS) && rng.chance(0.7)
        ? HardshipCause.ILLNESS : rng.pick(causes);
    }
    // Confirmed within the last three years; exited households one to five years ago.
    identifiedOn = addCalendarDays(today, status === HouseholdStatus.IN_HARDSHIP ? -rng.int(14, 3 * 365) : -rng.int(365, 5 * 365));
  }

  const [community] = rng.weighted(communities.map(([c, w]) => [[c], w] as const));
  const address = community.kind === CommunityKind.RESIDENTIAL
    ? `${community.name}${rng.int(1, 30)}号楼${rng.int(1, 7)}0${rng.int(1, 4)}室`
    : `${community.name}${rng.int(1, 12)}组${rng.int(1, 80)}号`;
  const phone = `${rng.chance(0.5) ? '1380000' : '1390000'}${String(rng.int(0, 9999)).padStart(4, '0')}`;
  const areaPerCapita = poor ? 6 + rng.next() ** 1.5 * 30 : 10 + rng.next() * 40;

  return {
    community, address, phone,
    housingArea: (areaPerCapita * n).toFixed(2),
    depositsFen: assets.deposits,
    securitiesFen: assets.securities,
    vehicles: assets.vehicles,
    otherProperties: assets.otherProperties,
    status,
    categories,
    causes,
    primaryCause,
    identifiedOn,
    members,
  };
}
