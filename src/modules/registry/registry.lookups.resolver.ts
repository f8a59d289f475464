/**
 * Root lookups by the identifiers staff have (issue 14 item 2): `township(code:)`,
 * `community(code:)`, `household(cardNumber:)` and, with the personal-data right,
 * `household(idNumber:)` and `person(idNumber:)`. Same row rules as every other path (the answer
 * is null for what the caller may not see, as for what does not exist); a lookup by id number is
 * audited as an unmasked read of the person found (the caller typed the whole number).
 */
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { maySee } from '../../access/matrix';
import { RequestContext } from '../../graphql/context';
import { keyOf } from '../../graphql/relay';
import { countyToday } from '../../graphql/scalars';
import { ErrorCode, RequestRefused } from '../../shared/errors';
import { parseIdNumber } from './registry.id-number';
import { normaliseCardNumber, RegistryLookups } from './registry.lookups';
import { CommunityNode, HouseholdNode, PersonNode, TownshipNode } from './registry.types';

const CODE_MAX = 40;

function code(value: string, what: string): string {
  const v = value.trim();
  if (!v || v.length > CODE_MAX) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, `${what} must be 1–${CODE_MAX} characters`);
  return v;
}

function idNumberOf(ctx: RequestContext, raw: string): string {
  if (!maySee(ctx.principal.role, 'ID_NUMBER')) throw new RequestRefused(ErrorCode.FORBIDDEN, 'Looking up by id number needs the personal-data right');
  const parsed = parseIdNumber(raw.slice(0, 40), countyToday(ctx.clock));
  if ('problem' in parsed) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, `Not a valid national id number (${parsed.problem})`);
  return parsed.idNumber;
}

@Resolver()
export class RegistryLookupResolver {
  @Query(() => TownshipNode, {
    nullable: true,
    description: 'A township by its code (the 9-digit administrative code, e.g. 350421100 for 雪峰镇); null if there is none. 按乡镇代码查询乡镇（如 350421100 雪峰镇）。',
  })
  async township(@Ctx() ctx: RequestContext, @Arg('code', { description: 'The township code. 乡镇代码。' }) value: string): Promise<TownshipNode | null> {
    const id = await new RegistryLookups(ctx.knex, ctx.principal).townshipIdByCode(code(value, 'code'));
    return id ? ctx.loaders.township.load(id) : null;
  }

  @Query(() => CommunityNode, {
    nullable: true,
    description: 'A community (村/居) by its code (the township code and three digits, e.g. 350421100001 for 城东社区); null if there is none. 按村（居）代码查询（如 350421100001 城东社区）。',
  })
  async community(@Ctx() ctx: RequestContext, @Arg('code', { description: 'The community code. 村（居）代码。' }) value: string): Promise<CommunityNode | null> {
    const id = await new RegistryLookups(ctx.knex, ctx.principal).communityIdByCode(code(value, 'code'));
    return id ? ctx.loaders.community.load(id) : null;
  }

  @Query(() => HouseholdNode, {
    nullable: true,
    description:
      'A household you may see, by the number on its assistance card (cardNumber, e.g. MX7K3Q9W2T5N, case-insensitive) or, with the personal-data right, by the national id number of a current member (idNumber; audited). Give exactly one. Null when there is none or it is not yours to see (the same answer). '
      + '按救助卡号（cardNumber）或（有个人信息权限时）成员身份证号（idNumber，留痕）查询可见的家庭，二者给一；不存在或无权查看时均返回空。',
  })
  async household(
    @Ctx() ctx: RequestContext,
    @Arg('cardNumber', () => String, { nullable: true, description: 'Assistance-card number (MX + 10 characters). 救助卡号。' }) cardNumber?: string | null,
    @Arg('idNumber', () => String, { nullable: true, description: 'National id number of a current member (personal-data right; audited). 成员身份证号（需个人信息权限，留痕）。' }) idNumber?: string | null,
  ): Promise<HouseholdNode | null> {
    if ((cardNumber == null) === (idNumber == null)) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, 'Give exactly one of cardNumber and idNumber');
    const lookups = new RegistryLookups(ctx.knex, ctx.principal);
    if (cardNumber != null) {
      const card = normaliseCardNumber(cardNumber.slice(0, 40));
      if (!card) throw new RequestRefused(ErrorCode.BAD_USER_INPUT, 'An assistance-card number is MX and 10 letters or digits');
      const id = await lookups.householdIdByCardNumber(card);
      return id ? ctx.loaders.household.load(id) : null;
    }
    const found = await lookups.personByIdNumber(idNumberOf(ctx, idNumber!));
    if (!found) return null;
    ctx.unmaskedReads.note('LOOKUP_BY_ID_NUMBER', 'Person', found.personId);
    return ctx.loaders.household.load(found.householdId);
  }

  @Query(() => PersonNode, {
    nullable: true,
    description: 'A current household member you may see, by national id number (personal-data right; the lookup is audited). Null when there is none or it is not yours to see. 按身份证号查询可见的家庭成员（需个人信息权限，留痕）。',
  })
  async person(@Ctx() ctx: RequestContext, @Arg('idNumber', { description: 'National id number (18 characters). 身份证号。' }) idNumber: string): Promise<PersonNode | null> {
    const found = await new RegistryLookups(ctx.knex, ctx.principal).personByIdNumber(idNumberOf(ctx, idNumber));
    if (!found) return null;
    ctx.unmaskedReads.note('LOOKUP_BY_ID_NUMBER', 'Person', found.personId);
    return ctx.loaders.person.load(found.personId);
  }
}

/** Something a person could have typed as a code (digits and letters, at most CODE_MAX). */
const isCode = (value: string) => /^[0-9A-Za-z-]{1,40}$/.test(value.trim());

/**
 * A township input as a person types it: its global id (`Township.id`, from `township(code:)` or
 * `townships`) or its code. Null when it names no township.
 */
export async function townshipKeyOf(ctx: RequestContext, value: string): Promise<string | null> {
  const key = keyOf(value, 'Township');
  if (key) return key;
  return isCode(value) ? new RegistryLookups(ctx.knex, ctx.principal).townshipIdByCode(value) : null;
}

/** A community input: its global id (`Community.id`, from `community(code:)` or `communities`) or its code. */
export async function communityKeyOf(ctx: RequestContext, value: string): Promise<string | null> {
  const key = keyOf(value, 'Community');
  if (key) return key;
  return isCode(value) ? new RegistryLookups(ctx.knex, ctx.principal).communityIdByCode(value) : null;
}
