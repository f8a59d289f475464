/**
 * Registry writes (R1, R19): register a household with its members, change it, and add, change or
 * remove members. Every rule about what may be written lives here, for GraphQL, the CLI and
 * imports alike. A call either writes everything and an audit row in one transaction, or returns
 * userErrors and writes nothing.
 */
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlOf, writeAudit, AuditSource } from '../../access/audit';
import { REGISTRY_ROWS } from '../../access/matrix';
import { Principal } from '../../shared/principal';
import { UserError, userError, UserErrorCode } from '../../graphql/errors';
import { Lang } from '../../graphql/i18n';
import { keyOf } from '../../graphql/relay';
import { textLength } from '../../graphql/scalars';
import { InstantSource, countyToday } from '../../shared/county-calendar';
import { Household, Person } from './household.entity';
import { parseIdNumber } from './id-number';
import { HouseholdStatus, LegalSupporter, ParentalStatus, RelationToHead, SchoolingStage } from './registry.enums';
import { personScope } from '../../access/scope';
import { DomainEvent } from '../identification/identification.entity';
import {
  AddHouseholdMemberInput, AssetsInput, ChangeHouseholdHeadInput, IncomeInput, LIMITS, MemberInput, RegisterHouseholdInput,
  RemoveHouseholdMemberInput, UpdateHouseholdInput, UpdateHouseholdMemberInput,
} from './registry.inputs';
import { Community } from './township.entity';

export interface ServiceContext extends AuditSource {
  em: EntityManager;
  lang: Lang;
  /** The request's clock: every date and time a service stamps comes from it (county day: county-calendar.ts). */
  clock: InstantSource;
}

export type Result<T> = { ok: true; value: T } | { ok: false; userErrors: UserError[] };

/** Collects userErrors with their input paths. */
class Problems {
  readonly list: UserError[] = [];
  constructor(private readonly lang: Lang) {}
  add(code: UserErrorCode, path: string[], params: Record<string, string | number> = {}) {
    this.list.push(userError(this.lang, code, path, params));
  }
  get any() {
    return this.list.length > 0;
  }

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

  result<T>(value: T): Result<T> {
    return this.any ? { ok: false, userErrors: this.list } : { ok: true, value };
  }
}

function principalMayWrite(principal: Principal, townshipId: string): boolean {
  const base = REGISTRY_ROWS[principal.role].base;
  return base === 'ALL' || (base === 'OWN_TOWNSHIP' && principal.kind === 'TOWNSHIP' && principal.townshipId === townshipId);
}

type MemberFields = Omit<Person, 'id' | 'household' | 'version' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy' | 'removedAt' | 'removedBy' | 'removalReason'>;

export class HouseholdService {
  async register(ctx: ServiceContext, input: RegisterHouseholdInput): Promise<Result<string>> {
    const p = new Problems(ctx.lang);
    const path = (...rest: string[]) => ['input', ...rest];
    const townshipId = keyOf(input.township, 'Township');
    const communityId = keyOf(input.community, 'Community');
    if (!townshipId) p.add(UserErrorCode.UNKNOWN_TOWNSHIP, path('township'));
    if (!communityId) p.add(UserErrorCode.UNKNOWN_COMMUNITY, path('community'));
    const household = this.householdFields(p, input, path);
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

    return this.write(ctx, p, async (tx) => {
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
      await writeAudit(tx, ctx, [{ action: 'Mutation.registerHousehold', entity: 'Household', recordId: h.id, outcome: 'SUCCESS', detail: { members: members.length } }]);
      return h.id;
    });
  }

  async update(ctx: ServiceContext, input: UpdateHouseholdInput): Promise<Result<string>> {
    const p = new Problems(ctx.lang);
    const path = (...rest: string[]) => ['input', ...rest];
    const changes: Partial<Household> = {};
    if (input.address != null) changes.address = p.text(input.address, path('address'), LIMITS.address);
    if (input.contactPhone != null) changes.contactPhone = p.phone(input.contactPhone, path('contactPhone'));
    if (input.housingArea != null) changes.housingArea = p.range(input.housingArea, path('housingArea'), 0, LIMITS.housingAreaMax);
    if (input.assets) Object.assign(changes, this.assets(p, input.assets, path));
    const communityId = input.community != null ? keyOf(input.community, 'Community') : undefined;
    if (communityId === null) p.add(UserErrorCode.UNKNOWN_COMMUNITY, path('community'));
    if (p.any) return p.result('');

    return this.onHousehold(ctx, p, input.household, input.version, path, async (tx, h) => {
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
      await writeAudit(tx, ctx, [{ action: 'Mutation.updateHousehold', entity: 'Household', recordId: h.id, outcome: 'SUCCESS', detail: { changed: communityId ? [...changed, 'community'] : changed } }]);
    });
  }

  async changeHead(ctx: ServiceContext, input: ChangeHouseholdHeadInput): Promise<Result<string>> {
    const p = new Problems(ctx.lang);
    const path = (...rest: string[]) => ['input', ...rest];
    const newHeadId = keyOf(input.newHead, 'Person');
    if (!newHeadId) p.add(UserErrorCode.NOT_FOUND, path('newHead'));
    if (input.formerHeadRelation === RelationToHead.HEAD) p.add(UserErrorCode.MULTIPLE_HEADS, path('formerHeadRelation'));
    if (p.any) return p.result('');
    return this.onHousehold(ctx, p, input.household, input.version, path, async (tx, h) => {
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
      await writeAudit(tx, ctx, [{ action: 'Mutation.changeHouseholdHead', entity: 'Household', recordId: h.id, outcome: 'SUCCESS', detail: { newHead: next.id } }]);
    });
  }

  async addMember(ctx: ServiceContext, input: AddHouseholdMemberInput): Promise<Result<{ householdId: string; personId: string }>> {
    const p = new Problems(ctx.lang);
    const path = (...rest: string[]) => ['input', ...rest];
    const member = this.memberFields(p, input.member, path('member'), countyToday(ctx.clock));
    if (member && member.relationToHead === RelationToHead.HEAD) p.add(UserErrorCode.MULTIPLE_HEADS, path('member', 'relationToHead'));
    if (p.any || !member) return p.result({ householdId: '', personId: '' });
    let personId = '';
    const r = await this.onHousehold(ctx, p, input.household, input.version, path, async (tx, h) => {
      const members = await tx.find(Person, { household: h, removedAt: null });
      if (members.length >= LIMITS.membersMax) return p.add(UserErrorCode.HOUSEHOLD_TOO_LARGE, path('member'), { max: LIMITS.membersMax });
      await this.checkIdNumbersFree(tx, p, [member.idNumber], [path('member')], null);
      if (p.any) return;
      const now = ctx.clock.now();
      const person = tx.create(Person, { ...member, household: h, createdBy: ctx.principal.actor, updatedBy: ctx.principal.actor, createdAt: now, updatedAt: now });
      this.recompute(ctx, h, [...members, person]);
      this.announce(ctx, tx, h);
      await tx.flush();
      personId = person.id;
      await writeAudit(tx, ctx, [{ action: 'Mutation.addHouseholdMember', entity: 'Person', recordId: person.id, outcome: 'SUCCESS', detail: { household: h.id } }]);
    });
    return r.ok ? { ok: true, value: { householdId: r.value, personId } } : r;
  }

  async updateMember(ctx: ServiceContext, input: UpdateHouseholdMemberInput): Promise<Result<string>> {
    const p = new Problems(ctx.lang);
    const path = (...rest: string[]) => ['input', ...rest];
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
    return this.onMember(ctx, p, input.person, input.version, path, async (tx, person, h) => {
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
      await writeAudit(tx, ctx, [{ action: 'Mutation.updateHouseholdMember', entity: 'Person', recordId: person.id, outcome: 'SUCCESS', detail: { changed } }]);
    });
  }

  /**
   * R14: the education bureau keeps its roster of schoolchildren up to date — the schooling stage
   * of the pupils it can see (township staff and civil affairs may too). The plan follows.
   */
  async updateSchoolRecord(ctx: ServiceContext, input: { person: string; version: number; schoolingStage: SchoolingStage }): Promise<Result<string>> {
    const p = new Problems(ctx.lang);
    const path = (...rest: string[]) => ['input', ...rest];
    return this.onMember(ctx, p, input.person, input.version, path, async (tx, person, h) => {
      const changed = person.schoolingStage !== input.schoolingStage;
      person.schoolingStage = input.schoolingStage;
      this.touch(ctx, person);
      this.touch(ctx, h);
      if (changed) this.announce(ctx, tx, h);
      await tx.flush();
      await writeAudit(tx, ctx, [{ action: 'Mutation.updateSchoolRecord', entity: 'Person', recordId: person.id, outcome: 'SUCCESS', detail: { changed: changed ? ['schoolingStage'] : [] } }]);
    }, async (tx, person) => {
      if (ctx.principal.role !== 'EDUCATION') return principalMayWrite(ctx.principal, person.household.township.id);
      const scope = personScope(ctx.principal);
      return !!(await sqlOf(tx)('person as p').join('household as h', 'h.id', 'p.household_id').whereRaw(scope.sql, scope.params as never[]).where('p.id', person.id).first());
    });
  }

  async removeMember(ctx: ServiceContext, input: RemoveHouseholdMemberInput): Promise<Result<string>> {
    const p = new Problems(ctx.lang);
    const path = (...rest: string[]) => ['input', ...rest];
    const reason = p.text(input.reason, path('reason'), LIMITS.reason);
    if (p.any) return p.result('');
    return this.onMember(ctx, p, input.person, input.version, path, async (tx, person, h) => {
      if (person.relationToHead === RelationToHead.HEAD) return p.add(UserErrorCode.HEAD_CANNOT_BE_REMOVED, path('person'));
      person.removedAt = ctx.clock.now();
      person.removedBy = ctx.principal.actor;
      person.removalReason = reason!;
      this.touch(ctx, person);
      this.recompute(ctx, h, (await tx.find(Person, { household: h, removedAt: null })).filter((m) => m.id !== person.id));
      this.announce(ctx, tx, h);
      await tx.flush();
      await writeAudit(tx, ctx, [{ action: 'Mutation.removeHouseholdMember', entity: 'Person', recordId: person.id, outcome: 'SUCCESS', detail: { household: h.id } }]);
    });
  }

  // ---- shared steps ----

  /** Loads a household the principal may write, checks the version, runs `change` in a transaction. */
  private async onHousehold(
    ctx: ServiceContext, p: Problems, globalId: string, version: number, path: (...r: string[]) => string[],
    change: (tx: EntityManager, h: Household) => Promise<void>,
  ): Promise<Result<string>> {
    const id = keyOf(globalId, 'Household');
    if (!id) {
      p.add(UserErrorCode.NOT_FOUND, path('household'));
      return p.result('');
    }
    return this.write(ctx, p, async (tx) => {
      const h = await tx.findOne(Household, { id });
      // Out of scope looks exactly like absent: errors never reveal other townships' rows.
      if (!h || !principalMayWrite(ctx.principal, h.township.id)) return p.add(UserErrorCode.NOT_FOUND, path('household'));
      if (h.version !== version) return p.add(UserErrorCode.STALE_VERSION, path('version'), { current: h.version });
      await change(tx, h);
      return h.id;
    });
  }

  private async onMember(
    ctx: ServiceContext, p: Problems, globalId: string, version: number, path: (...r: string[]) => string[],
    change: (tx: EntityManager, person: Person, h: Household) => Promise<void>,
    mayWrite: (tx: EntityManager, person: Person) => Promise<boolean> = async (_tx, person) => principalMayWrite(ctx.principal, person.household.township.id),
  ): Promise<Result<string>> {
    const id = keyOf(globalId, 'Person');
    if (!id || p.any) {
      if (!id) p.add(UserErrorCode.NOT_FOUND, path('person'));
      return p.result('');
    }
    return this.write(ctx, p, async (tx) => {
      const person = await tx.findOne(Person, { id, removedAt: null }, { populate: ['household'] });
      if (!person || !(await mayWrite(tx, person))) return p.add(UserErrorCode.NOT_FOUND, path('person'));
      if (person.version !== version) return p.add(UserErrorCode.STALE_VERSION, path('version'), { current: person.version });
      await change(tx, person, person.household);
      return person.household.id;
    });
  }

  /**
   * Runs `work` in one transaction; problems recorded during it roll everything back. A
   * concurrent change (version moved between read and write) or a lost race on a unique id
   * number becomes a userError, never a 500.
   */
  private async write<T>(ctx: ServiceContext, p: Problems, work: (tx: EntityManager) => Promise<T | void>): Promise<Result<T>> {
    const rollback = new Error('rollback');
    let value: T | void = undefined;
    try {
      await ctx.em.fork().transactional(async (tx) => {
        value = await work(tx);
        if (p.any) throw rollback;
      });
    } catch (err) {
      if (err === rollback) return { ok: false, userErrors: p.list };
      if (err instanceof OptimisticLockError) {
        p.add(UserErrorCode.STALE_VERSION, ['input', 'version'], { current: '?' });
        return { ok: false, userErrors: p.list };
      }
      if (err instanceof UniqueConstraintViolationException) {
        p.add(UserErrorCode.ID_NUMBER_ALREADY_REGISTERED, ['input']);
        return { ok: false, userErrors: p.list };
      }
      throw err;
    }
    return { ok: true, value: value as T };
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
    tx.create(DomainEvent, { type: 'HouseholdProfileChanged', aggregateType: 'Household', aggregateId: h.id, payload: { household: h.id }, occurredAt: ctx.clock.now() });
  }

  /** Member count, income total and head name are computed from the current members. */
  private recompute(ctx: ServiceContext, h: Household, members: Person[]) {
    h.memberCount = members.length;
    h.monthlyIncomeTotal = members.reduce((s, m) => s + incomeTotal(m), 0);
    h.headName = members.find((m) => m.relationToHead === RelationToHead.HEAD)?.name ?? h.headName;
    this.touch(ctx, h);
  }

  private householdFields(p: Problems, input: RegisterHouseholdInput, path: (...r: string[]) => string[]) {
    return {
      address: p.text(input.address, path('address'), LIMITS.address) ?? '',
      contactPhone: p.phone(input.contactPhone, path('contactPhone')) ?? '',
      housingArea: p.range(input.housingArea, path('housingArea'), 0, LIMITS.housingAreaMax),
      ...this.assets(p, input.assets ?? { deposits: 0, securities: 0, vehicles: 0, otherProperties: 0 }, path),
    };
  }

  private assets(p: Problems, a: AssetsInput, path: (...r: string[]) => string[]) {
    return {
      depositsFen: p.money(a.deposits, path('assets', 'deposits'), LIMITS.assetMaxFen),
      securitiesFen: p.money(a.securities, path('assets', 'securities'), LIMITS.assetMaxFen),
      vehicleCount: p.range(a.vehicles, path('assets', 'vehicles'), 0, LIMITS.countMax),
      otherPropertyCount: p.range(a.otherProperties, path('assets', 'otherProperties'), 0, LIMITS.countMax),
    };
  }

  private membersOf(p: Problems, inputs: MemberInput[], path: string[], today: string) {
    if (inputs.length === 0) p.add(UserErrorCode.HOUSEHOLD_NEEDS_MEMBERS, path);
    if (inputs.length > LIMITS.membersMax) p.add(UserErrorCode.HOUSEHOLD_TOO_LARGE, path, { max: LIMITS.membersMax });
    const members = inputs.slice(0, LIMITS.membersMax).map((m, i) => ({ path: [...path, String(i)], fields: this.memberFields(p, m, [...path, String(i)], today) }));
    const heads = inputs.filter((m) => m.relationToHead === RelationToHead.HEAD).length;
    if (inputs.length > 0 && heads === 0) p.add(UserErrorCode.HEAD_MISSING, path);
    if (heads > 1) p.add(UserErrorCode.MULTIPLE_HEADS, path);
    const seen = new Map<string, number>();
    members.forEach((m, i) => {
      const id = m.fields?.idNumber;
      if (!id) return;
      if (seen.has(id)) p.add(UserErrorCode.ID_NUMBER_DUPLICATED_IN_INPUT, [...path, String(i), 'idNumber']);
      seen.set(id, i);
    });
    return members.filter((m): m is { path: string[]; fields: MemberFields } => m.fields !== null);
  }

  private memberFields(p: Problems, m: MemberInput, path: string[], today: string): MemberFields | null {
    const before = p.list.length;
    const fields = {
      name: p.text(m.name, [...path, 'name'], LIMITS.name) ?? '',
      ...this.idNumber(p, m.idNumber, [...path, 'idNumber'], today),
      relationToHead: m.relationToHead,
      workCapacity: m.workCapacity,
      employmentStatus: m.employmentStatus,
      ...(m.disability ? this.disability(p, m.disability, [...path, 'disability']) : { disabilityCategory: null, disabilityGrade: null }),
      illness: m.illness,
      illnessNote: p.text(m.illnessNote, [...path, 'illnessNote'], LIMITS.note, false) ?? null,
      schoolingStage: m.schoolingStage,
      ...this.income(p, m.monthlyIncome ?? { wages: 0, business: 0, property: 0, transfers: 0, other: 0 }, [...path, 'monthlyIncome']),
      hasLivelihoodSource: m.hasLivelihoodSource ?? true,
      legalSupporter: m.legalSupporter ?? LegalSupporter.ABLE,
      parentalStatus: m.parentalStatus ?? ParentalStatus.PRESENT,
    };
    return p.list.length > before ? null : (fields as MemberFields);
  }

  private idNumber(p: Problems, raw: string, path: string[], today: string) {
    const parsed = parseIdNumber(raw ?? '', today);
    if ('problem' in parsed) {
      const code = { FORMAT: UserErrorCode.ID_NUMBER_FORMAT, BIRTH_DATE: UserErrorCode.ID_NUMBER_BIRTH_DATE, CHECK_DIGIT: UserErrorCode.ID_NUMBER_CHECK_DIGIT }[parsed.problem];
      p.add(code, path);
      return {};
    }
    return { idNumber: parsed.idNumber, sex: parsed.sex, birthDate: parsed.birthDate };
  }

  private disability(p: Problems, d: { category: string; grade: number }, path: string[]) {
    if (!Number.isInteger(d.grade) || d.grade < 1 || d.grade > 4) p.add(UserErrorCode.DISABILITY_GRADE_MISMATCH, [...path, 'grade']);
    return { disabilityCategory: d.category as Person['disabilityCategory'], disabilityGrade: d.grade };
  }

  private income(p: Problems, i: IncomeInput, path: string[]) {
    const max = LIMITS.monthlyIncomeMaxFen;
    return {
      incomeWages: p.money(i.wages, [...path, 'wages'], max),
      incomeBusiness: p.money(i.business, [...path, 'business'], max),
      incomeProperty: p.money(i.property, [...path, 'property'], max),
      incomeTransfers: p.money(i.transfers, [...path, 'transfers'], max),
      incomeOther: p.money(i.other, [...path, 'other'], max),
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
