/**
 * Registry writes (R1, R19): register a household with its members, change it, and add, change or
 * remove members. Every rule about what may be written lives here, for GraphQL, the CLI and
 * imports alike. A call takes database keys (the resolver decodes global ids; an id of another
 * type arrives as null and is reported as absent) and either writes everything with its SUCCESS
 * audit row in one transaction (runMutation) or returns problems and writes nothing.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlOf } from '../../access/audit';
import { REGISTRY_ROWS } from '../../access/matrix';
import { personScope } from '../../access/scope';
import { audited, Audited, runMutation } from '../../db/mutation';
import { publishEvent } from '../../events/publish';
import type { ServiceContext } from '../../shared/context';
import { countyToday } from '../../shared/county-calendar';
import { UserErrorCode } from '../../shared/errors';
import { Principal } from '../../shared/principal';
import { fail, Problem, Problems, refused, Result } from '../../shared/result';
import { textLength } from '../../shared/text';
import { Community, Household, Person, Township } from './registry.entity';
import {
  DisabilityCategory, EmploymentStatus, HouseholdStatus, IllnessKind, LegalSupporter, ParentalStatus, RelationToHead,
  SchoolingStage, WorkCapacity,
} from './registry.enums';
import { parseIdNumber } from './registry.id-number';

/** Invented people's id numbers with valid check digits, for samples and seeds (office-files: the sample ledger). */
export { syntheticIdNumber } from './registry.id-number';
import { LIMITS } from './registry.limits';

// ---- what the service takes: plain values and database keys (GraphQL inputs fit these shapes) ----

export interface IncomeData { wages?: number | null; business?: number | null; property?: number | null; transfers?: number | null; other?: number | null }
export interface AssetsData { deposits?: number | null; securities?: number | null; vehicles?: number | null; otherProperties?: number | null }
export interface DisabilityData { category: DisabilityCategory; grade: number }

export interface MemberData {
  name: string;
  idNumber: string;
  relationToHead: RelationToHead;
  workCapacity: WorkCapacity;
  employmentStatus: EmploymentStatus;
  disability?: DisabilityData | null;
  illness: IllnessKind;
  illnessNote?: string | null;
  schoolingStage: SchoolingStage;
  monthlyIncome?: IncomeData | null;
  hasLivelihoodSource?: boolean | null;
  legalSupporter?: LegalSupporter | null;
  parentalStatus?: ParentalStatus | null;
}

export interface HouseholdRegistration {
  /** null: the id named no township (UNKNOWN_TOWNSHIP at input.township). */
  townshipId: string | null;
  communityId: string | null;
  address: string;
  contactPhone: string;
  housingArea: number;
  assets?: AssetsData | null;
  members: MemberData[];
}

export interface HouseholdChanges {
  householdId: string | null;
  version: number;
  /** undefined: unchanged; null: the id named no community. */
  communityId?: string | null;
  address?: string | null;
  contactPhone?: string | null;
  housingArea?: number | null;
  assets?: AssetsData | null;
}

export interface HeadChange {
  householdId: string | null;
  version: number;
  newHeadId: string | null;
  formerHeadRelation: RelationToHead;
}

export interface MemberChanges {
  personId: string | null;
  version: number;
  name?: string | null;
  idNumber?: string | null;
  relationToHead?: RelationToHead | null;
  workCapacity?: WorkCapacity | null;
  employmentStatus?: EmploymentStatus | null;
  disability?: DisabilityData | null;
  clearDisability?: boolean | null;
  illness?: IllnessKind | null;
  illnessNote?: string | null;
  schoolingStage?: SchoolingStage | null;
  monthlyIncome?: IncomeData | null;
  hasLivelihoodSource?: boolean | null;
  legalSupporter?: LegalSupporter | null;
  parentalStatus?: ParentalStatus | null;
}

/** What a member write answers: the member and its household (whose totals may have changed). */
export interface MemberWritten { householdId: string; personId: string }

/** Problems with the input checks of the registry's fields. */
class InputProblems extends Problems {
  text(value: string | null | undefined, path: string[], max: number, required = true): string | undefined {
    const v = value?.trim();
    if (!v) {
      if (required) this.add(UserErrorCode.REQUIRED, path);
      return undefined;
    }
    if (textLength(v) > max) this.add(UserErrorCode.STRING_TOO_LONG, path, { max });
    return v;
  }

  money(value: number | null | undefined, path: string[], max: number): number {
    const v = value ?? 0;
    if (v < 0) this.add(UserErrorCode.AMOUNT_NEGATIVE, path);
    else if (v > max) this.add(UserErrorCode.AMOUNT_TOO_LARGE, path, { max });
    return v;
  }

  range(value: number | null | undefined, path: string[], min: number, max: number): number {
    const v = value ?? 0;
    if (!Number.isFinite(v) || v < min || v > max) this.add(UserErrorCode.OUT_OF_RANGE, path, { min, max });
    return v;
  }

  phone(value: string | null | undefined, path: string[]): string | undefined {
    const v = this.text(value, path, LIMITS.phone);
    if (v && v.length <= LIMITS.phone && !/^\+?[0-9][0-9 -]{4,19}$/.test(v)) this.add(UserErrorCode.INVALID_FORMAT, path);
    return v;
  }
}

/** A lost race on a current member's id number (the partial unique index of the registry migration). */
const onUniqueViolation = (constraint: string | undefined): Problem | undefined =>
  constraint === 'person_id_number_current_uniq' ? { code: UserErrorCode.ID_NUMBER_ALREADY_REGISTERED, path: ['input'] } : undefined;

const path = (...rest: string[]) => ['input', ...rest];

function principalMayWrite(principal: Principal, townshipId: string): boolean {
  const base = REGISTRY_ROWS[principal.role].base;
  return base === 'ALL' || (base === 'OWN_TOWNSHIP' && principal.kind === 'TOWNSHIP' && principal.townshipId === townshipId);
}

/** A household `checkRegistration` accepted, ready for `writeRegistrations`. */
export interface CheckedRegistration {
  townshipId: string;
  communityId: string;
  household: ReturnType<RegistryService['householdFields']>;
  members: MemberFields[];
}

export type MemberFields = Omit<Person, 'id' | 'household' | 'version' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy' | 'removedAt' | 'removedBy' | 'removalReason'>;

export class RegistryService {
  async register(ctx: ServiceContext, input: HouseholdRegistration): Promise<Result<string>> {
    const p = new InputProblems();
    const { townshipId, communityId } = input;
    if (!townshipId) p.add(UserErrorCode.UNKNOWN_TOWNSHIP, path('township'));
    if (!communityId) p.add(UserErrorCode.UNKNOWN_COMMUNITY, path('community'));
    const household = this.householdFields(p, input);
    const members = this.membersOf(p, input.members, path('members'), countyToday(ctx.clock));
    if (p.any) return p.result('');

    const em = ctx.em.fork();
    const community = await em.findOne(Community, { id: communityId! }, { populate: ['township'] });
    if (!community) {
      const townshipExists = await em.getKnex()('township').where('id', townshipId!).first();
      if (!townshipExists) p.add(UserErrorCode.UNKNOWN_TOWNSHIP, path('township'));
      p.add(UserErrorCode.UNKNOWN_COMMUNITY, path('community'));
      return p.result('');
    }
    if (community.township.id !== townshipId) {
      const townshipExists = await em.getKnex()('township').where('id', townshipId!).first();
      p.add(townshipExists ? UserErrorCode.COMMUNITY_NOT_IN_TOWNSHIP : UserErrorCode.UNKNOWN_TOWNSHIP, path(townshipExists ? 'community' : 'township'));
      return p.result('');
    }
    if (!principalMayWrite(ctx.principal, community.township.id)) {
      p.add(UserErrorCode.TOWNSHIP_NOT_YOURS, path('township'));
      return p.result('');
    }
    await this.checkIdNumbersFree(em, p, members.map((m) => m.fields.idNumber), members.map((m) => m.path), null);
    if (p.any) return p.result('');

    return runMutation(ctx, 'registerHousehold', async (tx) => {
      const now = ctx.clock.now();
      const h = tx.create(Household, {
        ...household,
        township: community.township,
        community,
        headName: members.find((m) => m.fields.relationToHead === RelationToHead.HEAD)!.fields.name,
        memberCount: members.length,
        monthlyIncomeTotal: members.reduce((s, m) => s + incomeTotal(m.fields), 0),
        createdBy: ctx.principal.actor,
        updatedBy: ctx.principal.actor,
        createdAt: now,
        updatedAt: now,
      });
      for (const m of members) tx.create(Person, { ...m.fields, household: h, createdBy: ctx.principal.actor, updatedBy: ctx.principal.actor, createdAt: now, updatedAt: now });
      await tx.flush();
      return audited(h.id, 'Household', h.id, { members: members.length });
    }, { onUniqueViolation });
  }

  // ---- office-files: the Excel ledger import (src/modules/office) checks and writes many households in one transaction ----

  /**
   * Checks one household as `register` does, without the database: the problems (paths as
   * registerHousehold's input) and, when there are none, the fields to write.
   */
  checkRegistration(input: HouseholdRegistration, today: string): { problems: Problem[]; checked: CheckedRegistration | null } {
    const p = new InputProblems();
    const household = this.householdFields(p, input);
    const members = this.membersOf(p, input.members, path('members'), today);
    return { problems: p.list, checked: p.any ? null : { townshipId: input.townshipId!, communityId: input.communityId!, household, members: members.map((m) => m.fields) } };
  }

  /**
   * Writes checked households with their members inside the caller's transaction (the import's
   * one runMutation: all or none). Returns the new households' keys in order.
   */
  async writeRegistrations(ctx: ServiceContext, tx: EntityManager, checked: CheckedRegistration[]): Promise<string[]> {
    const now = ctx.clock.now();
    const by = ctx.principal.actor;
    const households = checked.map((c) => {
      const h = tx.create(Household, {
        ...c.household,
        township: tx.getReference(Township, c.townshipId),
        community: tx.getReference(Community, c.communityId),
        headName: c.members.find((m) => m.relationToHead === RelationToHead.HEAD)!.name,
        memberCount: c.members.length,
        monthlyIncomeTotal: c.members.reduce((s, m) => s + incomeTotal(m), 0),
        createdBy: by, updatedBy: by, createdAt: now, updatedAt: now,
      });
      for (const m of c.members) tx.create(Person, { ...m, household: h, createdBy: by, updatedBy: by, createdAt: now, updatedAt: now });
      return h;
    });
    await tx.flush();
    return households.map((h) => h.id);
  }

  async update(ctx: ServiceContext, input: HouseholdChanges): Promise<Result<string>> {
    const p = new InputProblems();
    const changes: Partial<Household> = {};
    if (input.address != null) changes.address = p.text(input.address, path('address'), LIMITS.address);
    if (input.contactPhone != null) changes.contactPhone = p.phone(input.contactPhone, path('contactPhone'));
    if (input.housingArea != null) changes.housingArea = p.range(input.housingArea, path('housingArea'), 0, LIMITS.housingAreaMax);
    if (input.assets) Object.assign(changes, this.assets(p, input.assets));
    const { communityId } = input;
    if (communityId === null) p.add(UserErrorCode.UNKNOWN_COMMUNITY, path('community'));
    if (p.any) return p.result('');

    return this.onHousehold(ctx, p, 'updateHousehold', input.householdId, input.version, async (tx, h) => {
      if (communityId) {
        const community = await tx.findOne(Community, { id: communityId });
        if (!community) return p.add(UserErrorCode.UNKNOWN_COMMUNITY, path('community'));
        // Moving to another township is a transfer between townships, not an edit.
        if (community.township.id !== h.township.id) return p.add(UserErrorCode.COMMUNITY_NOT_IN_TOWNSHIP, path('community'));
        h.community = community;
      }
      const changed = Object.keys(changes).filter((k) => (h as unknown as Record<string, unknown>)[k] !== (changes as Record<string, unknown>)[k]);
      tx.assign(h, changes);
      this.touch(ctx, h);
      this.announce(ctx, tx, h);
      await tx.flush();
      return audited(h.id, 'Household', h.id, { changed: communityId ? [...changed, 'community'] : changed });
    });
  }

  async changeHead(ctx: ServiceContext, input: HeadChange): Promise<Result<string>> {
    const p = new InputProblems();
    const { newHeadId } = input;
    if (!newHeadId) p.add(UserErrorCode.NOT_FOUND, path('newHead'));
    if (input.formerHeadRelation === RelationToHead.HEAD) p.add(UserErrorCode.MULTIPLE_HEADS, path('formerHeadRelation'));
    if (p.any) return p.result('');
    return this.onHousehold(ctx, p, 'changeHouseholdHead', input.householdId, input.version, async (tx, h) => {
      const members = await tx.find(Person, { household: h, removedAt: null });
      const next = members.find((m) => m.id === newHeadId);
      if (!next) return p.add(UserErrorCode.NOT_FOUND, path('newHead'));
      if (next.relationToHead === RelationToHead.HEAD) return p.add(UserErrorCode.ALREADY_HEAD, path('newHead'));
      for (const m of members.filter((m) => m.relationToHead === RelationToHead.HEAD)) {
        m.relationToHead = input.formerHeadRelation;
        this.touch(ctx, m);
      }
      next.relationToHead = RelationToHead.HEAD;
      this.touch(ctx, next);
      this.recompute(ctx, h, members);
      this.announce(ctx, tx, h);
      await tx.flush();
      return audited(h.id, 'Household', h.id, { newHead: next.id });
    });
  }

  async addMember(ctx: ServiceContext, input: { householdId: string | null; version: number; member: MemberData }): Promise<Result<MemberWritten>> {
    const p = new InputProblems();
    const member = this.memberFields(p, input.member, path('member'), countyToday(ctx.clock));
    if (member && member.relationToHead === RelationToHead.HEAD) p.add(UserErrorCode.MULTIPLE_HEADS, path('member', 'relationToHead'));
    if (p.any || !member) return p.result({ householdId: '', personId: '' });
    return this.onHousehold(ctx, p, 'addHouseholdMember', input.householdId, input.version, async (tx, h) => {
      const members = await tx.find(Person, { household: h, removedAt: null });
      if (members.length >= LIMITS.membersMax) return p.add(UserErrorCode.HOUSEHOLD_TOO_LARGE, path('member'), { max: LIMITS.membersMax });
      await this.checkIdNumbersFree(tx, p, [member.idNumber], [path('member')], null);
      if (p.any) return;
      const now = ctx.clock.now();
      const person = tx.create(Person, { ...member, household: h, createdBy: ctx.principal.actor, updatedBy: ctx.principal.actor, createdAt: now, updatedAt: now });
      this.recompute(ctx, h, [...members, person]);
      this.announce(ctx, tx, h);
      await tx.flush();
      return audited({ householdId: h.id, personId: person.id }, 'Person', person.id, { household: h.id });
    });
  }

  async updateMember(ctx: ServiceContext, input: MemberChanges): Promise<Result<MemberWritten>> {
    const p = new InputProblems();
    const changes: Partial<MemberFields> = {};
    if (input.name != null) changes.name = p.text(input.name, path('name'), LIMITS.name);
    if (input.idNumber != null) Object.assign(changes, this.idNumber(p, input.idNumber, path('idNumber'), countyToday(ctx.clock)));
    if (input.relationToHead != null) {
      if (input.relationToHead === RelationToHead.HEAD) p.add(UserErrorCode.MULTIPLE_HEADS, path('relationToHead'));
      changes.relationToHead = input.relationToHead;
    }
    if (input.workCapacity != null) changes.workCapacity = input.workCapacity;
    if (input.employmentStatus != null) changes.employmentStatus = input.employmentStatus;
    if (input.disability) Object.assign(changes, this.disability(p, input.disability, path('disability')));
    if (input.clearDisability) Object.assign(changes, { disabilityCategory: null, disabilityGrade: null });
    if (input.illness != null) changes.illness = input.illness;
    if (input.illnessNote != null) changes.illnessNote = p.text(input.illnessNote, path('illnessNote'), LIMITS.note, false) ?? null;
    if (input.schoolingStage != null) changes.schoolingStage = input.schoolingStage;
    if (input.monthlyIncome) Object.assign(changes, this.income(p, input.monthlyIncome, path('monthlyIncome')));
    if (input.hasLivelihoodSource != null) changes.hasLivelihoodSource = input.hasLivelihoodSource;
    if (input.legalSupporter != null) changes.legalSupporter = input.legalSupporter;
    if (input.parentalStatus != null) changes.parentalStatus = input.parentalStatus;
    return this.onMember(ctx, p, 'updateHouseholdMember', input.personId, input.version, async (tx, person, h) => {
      if (changes.relationToHead && person.relationToHead === RelationToHead.HEAD) return p.add(UserErrorCode.HEAD_MISSING, path('relationToHead'));
      if (changes.idNumber && changes.idNumber !== person.idNumber) {
        await this.checkIdNumbersFree(tx, p, [changes.idNumber], [path()], person.id);
        if (p.any) return;
      }
      const changed = Object.keys(changes).filter((k) => (person as unknown as Record<string, unknown>)[k] !== (changes as Record<string, unknown>)[k]);
      tx.assign(person, changes);
      this.touch(ctx, person);
      this.recompute(ctx, h, await tx.find(Person, { household: h, removedAt: null }));
      this.announce(ctx, tx, h);
      await tx.flush();
      return audited({ householdId: h.id, personId: person.id }, 'Person', person.id, { changed });
    });
  }

  /**
   * R14: the education bureau keeps its roster of schoolchildren up to date — the schooling stage
   * of the pupils it can see (township staff and civil affairs may too). The plan follows.
   */
  async updateSchoolRecord(ctx: ServiceContext, input: { personId: string | null; version: number; schoolingStage: SchoolingStage }): Promise<Result<MemberWritten>> {
    const p = new InputProblems();
    return this.onMember(ctx, p, 'updateSchoolRecord', input.personId, input.version, async (tx, person, h) => {
      const changed = person.schoolingStage !== input.schoolingStage;
      person.schoolingStage = input.schoolingStage;
      this.touch(ctx, person);
      this.touch(ctx, h);
      if (changed) this.announce(ctx, tx, h);
      await tx.flush();
      return audited({ householdId: h.id, personId: person.id }, 'Person', person.id, { changed: changed ? ['schoolingStage'] : [] });
    }, async (tx, person) => {
      if (ctx.principal.role !== 'EDUCATION') return principalMayWrite(ctx.principal, person.household.township.id);
      const scope = personScope(ctx.principal);
      return !!(await sqlOf(tx)('person as p').join('household as h', 'h.id', 'p.household_id').whereRaw(scope.sql, scope.params as never[]).where('p.id', person.id).first());
    });
  }

  /** R19: the member leaves; the record is kept. Answers the household's key. */
  async removeMember(ctx: ServiceContext, input: { personId: string | null; version: number; reason: string }): Promise<Result<string>> {
    const p = new InputProblems();
    const reason = p.text(input.reason, path('reason'), LIMITS.reason);
    if (p.any) return p.result('');
    return this.onMember(ctx, p, 'removeHouseholdMember', input.personId, input.version, async (tx, person, h) => {
      if (person.relationToHead === RelationToHead.HEAD) return p.add(UserErrorCode.HEAD_CANNOT_BE_REMOVED, path('person'));
      person.removedAt = ctx.clock.now();
      person.removedBy = ctx.principal.actor;
      person.removalReason = reason!;
      this.touch(ctx, person);
      this.recompute(ctx, h, (await tx.find(Person, { household: h, removedAt: null })).filter((m) => m.id !== person.id));
      this.announce(ctx, tx, h);
      await tx.flush();
      return audited(h.id, 'Person', person.id, { household: h.id });
    });
  }

  // ---- shared steps ----

  /**
   * Loads a household the principal may write, checks the version and runs `change` as the
   * mutation `action` (runMutation: one transaction with its SUCCESS row). Problems `change`
   * records roll everything back; so do a concurrent change (STALE_VERSION) and a lost race on a
   * unique id number (ID_NUMBER_ALREADY_REGISTERED), never a 500.
   */
  private async onHousehold<T>(
    ctx: ServiceContext, p: Problems, action: string, id: string | null, version: number,
    change: (tx: EntityManager, h: Household) => Promise<Audited<T> | undefined>,
  ): Promise<Result<T>> {
    if (!id) return refused({ code: UserErrorCode.NOT_FOUND, path: path('household') });
    return runMutation(ctx, action, async (tx) => {
      const h = await tx.findOne(Household, { id });
      // Out of scope looks exactly like absent: errors never reveal other townships' rows.
      if (!h || !principalMayWrite(ctx.principal, h.township.id)) fail(UserErrorCode.NOT_FOUND, path('household'));
      if (h.version !== version) fail(UserErrorCode.STALE_VERSION, path('version'), { current: h.version });
      if (h.status === HouseholdStatus.EXITED) await this.refuseIfExited(tx, h.id, path('household'));
      const done = await change(tx, h);
      p.throwIfAny();
      return done!;
    }, { onUniqueViolation });
  }

  private async onMember<T>(
    ctx: ServiceContext, p: Problems, action: string, id: string | null, version: number,
    change: (tx: EntityManager, person: Person, h: Household) => Promise<Audited<T> | undefined>,
    mayWrite: (tx: EntityManager, person: Person) => Promise<boolean> = async (_tx, person) => principalMayWrite(ctx.principal, person.household.township.id),
  ): Promise<Result<T>> {
    if (!id || p.any) {
      if (!id) p.add(UserErrorCode.NOT_FOUND, path('person'));
      return refused(...p.list);
    }
    return runMutation(ctx, action, async (tx) => {
      const person = await tx.findOne(Person, { id, removedAt: null }, { populate: ['household'] });
      if (!person || !(await mayWrite(tx, person))) fail(UserErrorCode.NOT_FOUND, path('person'));
      if (person.version !== version) fail(UserErrorCode.STALE_VERSION, path('version'), { current: person.version });
      if (person.household.status === HouseholdStatus.EXITED) await this.refuseIfExited(tx, person.household.id, path('person'));
      const done = await change(tx, person, person.household);
      p.throwIfAny();
      return done!;
    }, { onUniqueViolation });
  }

  /**
   * R19 (issue 11, lifecycle): an exited household is read-only except while a new identification
   * case (re-entry) is open. The rule is the lifecycle's SQL function, so every writer applies the
   * same one without the registry importing the lifecycle. Asked only of an exited household, so
   * other writes cost no statement more.
   */
  private async refuseIfExited(tx: EntityManager, householdId: string, at: string[]) {
    const { rows } = await sqlOf(tx).raw('select lifecycle_household_writable(?::bigint) as ok', [householdId]);
    if (!rows[0].ok) fail(UserErrorCode.HOUSEHOLD_EXITED, at);
  }

  private touch(ctx: ServiceContext, record: Household | Person) {
    record.updatedAt = ctx.clock.now();
    record.updatedBy = ctx.principal.actor;
  }

  /**
   * A confirmed household's profile changed: announce it (in this transaction) so its plan follows
   * (R19: plans follow the household).
   */
  private announce(ctx: ServiceContext, tx: EntityManager, h: Household) {
    if (h.status !== HouseholdStatus.IN_HARDSHIP) return;
    publishEvent(tx, { type: 'HouseholdProfileChanged', aggregateType: 'Household', aggregateId: h.id, payload: { household: h.id }, occurredAt: ctx.clock.now() });
  }

  /** Member count, income total and head name are computed from the current members. */
  private recompute(ctx: ServiceContext, h: Household, members: Person[]) {
    h.memberCount = members.length;
    h.monthlyIncomeTotal = members.reduce((s, m) => s + incomeTotal(m), 0);
    h.headName = members.find((m) => m.relationToHead === RelationToHead.HEAD)?.name ?? h.headName;
    this.touch(ctx, h);
  }

  householdFields(p: InputProblems, input: HouseholdRegistration) {
    return {
      address: p.text(input.address, path('address'), LIMITS.address) ?? '',
      contactPhone: p.phone(input.contactPhone, path('contactPhone')) ?? '',
      housingArea: p.range(input.housingArea, path('housingArea'), 0, LIMITS.housingAreaMax),
      ...this.assets(p, input.assets ?? { deposits: 0, securities: 0, vehicles: 0, otherProperties: 0 }),
    };
  }

  private assets(p: InputProblems, a: AssetsData) {
    return {
      depositsFen: p.money(a.deposits, path('assets', 'deposits'), LIMITS.assetMaxFen),
      securitiesFen: p.money(a.securities, path('assets', 'securities'), LIMITS.assetMaxFen),
      vehicleCount: p.range(a.vehicles, path('assets', 'vehicles'), 0, LIMITS.countMax),
      otherPropertyCount: p.range(a.otherProperties, path('assets', 'otherProperties'), 0, LIMITS.countMax),
    };
  }

  private membersOf(p: InputProblems, inputs: MemberData[], at: string[], today: string) {
    if (inputs.length === 0) p.add(UserErrorCode.HOUSEHOLD_NEEDS_MEMBERS, at);
    if (inputs.length > LIMITS.membersMax) p.add(UserErrorCode.HOUSEHOLD_TOO_LARGE, at, { max: LIMITS.membersMax });
    const members = inputs.slice(0, LIMITS.membersMax).map((m, i) => ({ path: [...at, String(i)], fields: this.memberFields(p, m, [...at, String(i)], today) }));
    const heads = inputs.filter((m) => m.relationToHead === RelationToHead.HEAD).length;
    if (inputs.length > 0 && heads === 0) p.add(UserErrorCode.HEAD_MISSING, at);
    if (heads > 1) p.add(UserErrorCode.MULTIPLE_HEADS, at);
    const seen = new Map<string, number>();
    members.forEach((m, i) => {
      const id = m.fields?.idNumber;
      if (!id) return;
      if (seen.has(id)) p.add(UserErrorCode.ID_NUMBER_DUPLICATED_IN_INPUT, [...at, String(i), 'idNumber']);
      seen.set(id, i);
    });
    return members.filter((m): m is { path: string[]; fields: MemberFields } => m.fields !== null);
  }

  private memberFields(p: InputProblems, m: MemberData, at: string[], today: string): MemberFields | null {
    const before = p.list.length;
    const fields = {
      name: p.text(m.name, [...at, 'name'], LIMITS.name) ?? '',
      ...this.idNumber(p, m.idNumber, [...at, 'idNumber'], today),
      relationToHead: m.relationToHead,
      workCapacity: m.workCapacity,
      employmentStatus: m.employmentStatus,
      ...(m.disability ? this.disability(p, m.disability, [...at, 'disability']) : { disabilityCategory: null, disabilityGrade: null }),
      illness: m.illness,
      illnessNote: p.text(m.illnessNote, [...at, 'illnessNote'], LIMITS.note, false) ?? null,
      schoolingStage: m.schoolingStage,
      ...this.income(p, m.monthlyIncome ?? { wages: 0, business: 0, property: 0, transfers: 0, other: 0 }, [...at, 'monthlyIncome']),
      hasLivelihoodSource: m.hasLivelihoodSource ?? true,
      legalSupporter: m.legalSupporter ?? LegalSupporter.ABLE,
      parentalStatus: m.parentalStatus ?? ParentalStatus.PRESENT,
    };
    return p.list.length > before ? null : (fields as MemberFields);
  }

  private idNumber(p: InputProblems, raw: string, at: string[], today: string) {
    const parsed = parseIdNumber(raw ?? '', today);
    if ('problem' in parsed) {
      const code = { FORMAT: UserErrorCode.ID_NUMBER_FORMAT, BIRTH_DATE: UserErrorCode.ID_NUMBER_BIRTH_DATE, CHECK_DIGIT: UserErrorCode.ID_NUMBER_CHECK_DIGIT }[parsed.problem];
      p.add(code, at);
      return {};
    }
    return { idNumber: parsed.idNumber, sex: parsed.sex, birthDate: parsed.birthDate };
  }

  private disability(p: InputProblems, d: DisabilityData, at: string[]) {
    if (!Number.isInteger(d.grade) || d.grade < 1 || d.grade > 4) p.add(UserErrorCode.DISABILITY_GRADE_MISMATCH, [...at, 'grade']);
    return { disabilityCategory: d.category as Person['disabilityCategory'], disabilityGrade: d.grade };
  }

  private income(p: InputProblems, i: IncomeData, at: string[]) {
    const max = LIMITS.monthlyIncomeMaxFen;
    return {
      incomeWages: p.money(i.wages, [...at, 'wages'], max),
      incomeBusiness: p.money(i.business, [...at, 'business'], max),
      incomeProperty: p.money(i.property, [...at, 'property'], max),
      incomeTransfers: p.money(i.transfers, [...at, 'transfers'], max),
      incomeOther: p.money(i.other, [...at, 'other'], max),
    };
  }

  /** One statement for all the id numbers of a request. */
  private async checkIdNumbersFree(em: EntityManager, p: Problems, ids: string[], paths: string[][], exceptPersonId: string | null) {
    const qb = sqlOf(em)('person').select('id_number').whereIn('id_number', ids).whereNull('removed_at');
    if (exceptPersonId) qb.whereNot('id', exceptPersonId);
    const taken = new Set((await qb).map((r: { id_number: string }) => r.id_number));
    ids.forEach((id, i) => {
      if (taken.has(id)) p.add(UserErrorCode.ID_NUMBER_ALREADY_REGISTERED, [...paths[i], 'idNumber']);
    });
  }
}

function incomeTotal(m: Pick<Person, 'incomeWages' | 'incomeBusiness' | 'incomeProperty' | 'incomeTransfers' | 'incomeOther'>): number {
  return m.incomeWages + m.incomeBusiness + m.incomeProperty + m.incomeTransfers + m.incomeOther;
}

// ---------- the household side of identification (R8, R10b), in the case's transaction ----------
// Identification calls these instead of reaching into the registry's entities; the registry knows
// nothing of identification (no import back).

/** The household an application is for (R8): its township, for the township's check, and its causes. */
export async function householdForApplication(tx: EntityManager, householdId: string): Promise<{ id: string; townshipId: string; causes: string[] } | null> {
  const h = await tx.findOne(Household, { id: householdId });
  return h ? { id: h.id, townshipId: h.township.id, causes: [...(h.causes ?? [])] } : null;
}

/**
 * R10(b): the household is confirmed on the list, with the categories and causes decided; it gets
 * its assistance-card number, and a household that re-enters keeps its card.
 */
export async function confirmIdentifiedHousehold(
  tx: EntityManager,
  by: { actor: string; at: Date },
  householdId: string,
  decided: { categories: string[]; causes: string[]; primaryCause: Household['primaryCause']; identifiedOn: string; newCardNumber: () => string },
): Promise<{ categories: string[]; causes: string[]; primaryCause: Household['primaryCause']; assistanceCardNumber: string }> {
  const h = await tx.findOneOrFail(Household, { id: householdId });
  h.status = HouseholdStatus.IN_HARDSHIP;
  h.categories = [...decided.categories];
  h.causes = [...decided.causes];
  h.primaryCause = decided.primaryCause ?? null;
  h.identifiedOn = decided.identifiedOn;
  h.assistanceCardNumber ??= decided.newCardNumber();
  h.updatedAt = by.at;
  h.updatedBy = by.actor;
  return { categories: h.categories, causes: h.causes, primaryCause: h.primaryCause, assistanceCardNumber: h.assistanceCardNumber };
}
