import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { maySee } from '../access/matrix';
import { RequestContext } from '../graphql/context';
import { DomainError, ErrorCode } from '../graphql/errors';
import { toPayload } from '../graphql/payload';
import { countyToday, DateScalar } from '../graphql/scalars';
import { HouseholdNode } from '../modules/registry/registry.types';
import { assessEligibility } from './eligibility';
import { EligibilityResult } from './eligibility.types';
import { PARAMETERS, ParameterKey } from './parameter-definitions';
import { parameterHistory, parametersInForce } from './policy.reader';
import { PolicyService } from './policy.service';
import { EligibilityCheckInput, EligibilityResultType, PolicyParameterKey, PolicyParameterValue, SetPolicyParameterInput, SetPolicyParameterPayload } from './policy.types';
import { householdSnapshot } from './snapshot';

const service = new PolicyService();

export function eligibilityToGraphQL(r: EligibilityResult): EligibilityResultType {
  return { ...r, trace: r.trace.map((s) => ({ ...s, member: s.member ?? null, inputs: s.inputs as Record<string, unknown>, thresholds: s.thresholds as Record<string, unknown>, outcome: s.outcome as never })) };
}

function checkDay(day: string | null | undefined, ctx: RequestContext): string {
  return day ?? countyToday(ctx.clock.now());
}

@Resolver()
export class PolicyResolver {
  @Query(() => [PolicyParameterValue], { description: 'Every parameter in force on a day (default today). 某日有效的全部政策参数。' })
  async policyParameters(@Ctx() ctx: RequestContext, @Arg('asOf', () => DateScalar, { nullable: true, description: 'The day. 日期。' }) asOf?: string) {
    const rows = await parametersInForce(ctx.knex, checkDay(asOf, ctx));
    if (rows.length === 0) throw new DomainError(ErrorCode.BAD_USER_INPUT, `No policy in force on ${checkDay(asOf, ctx)}`);
    return rows.map((h) => ({ ...h, unit: PARAMETERS[h.key].unit }));
  }

  @Query(() => [PolicyParameterValue], { description: 'All values a parameter has had, newest first. 参数的历史取值。' })
  async policyParameterHistory(@Ctx() ctx: RequestContext, @Arg('key', () => PolicyParameterKey, { description: 'Parameter. 参数。' }) key: ParameterKey) {
    return (await parameterHistory(ctx.knex, key)).map((h) => ({ ...h, unit: PARAMETERS[h.key].unit }));
  }

  @Query(() => EligibilityResultType, { description: 'Walk-in advice: would this household qualify, and why? Nothing is saved. 咨询：是否符合条件（不保存）。' })
  async eligibilityCheck(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => EligibilityCheckInput, { description: 'The household. 家庭信息。' }) input: EligibilityCheckInput,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'Policy day (default today). 政策基准日。' }) asOf?: string,
  ) {
    if (input.members.length > 30) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'At most 30 members');
    const bad = input.members.find((m) => m.monthlyIncome < 0 || (m.disabilityGrade != null && (m.disabilityGrade < 1 || m.disabilityGrade > 4)) || m.birthDate > countyToday(ctx.clock.now()));
    if (bad || input.financialAssets < 0 || input.vehicles < 0 || input.otherProperties < 0) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'Amounts and counts must not be negative; grades are 1–4; birth dates not in the future');
    const policy = await ctx.loaders.policy.load(checkDay(asOf, ctx));
    return eligibilityToGraphQL(assessEligibility({
      members: input.members.map((m, i) => ({ ...m, ref: `member ${i + 1}`, disabilityGrade: m.disabilityGrade ?? null })),
      financialAssets: input.financialAssets, vehicles: input.vehicles, otherProperties: input.otherProperties, causes: input.causes,
    }, policy));
  }

  @Mutation(() => SetPolicyParameterPayload, { description: 'Set a parameter from a day on; history is kept, never rewritten (civil affairs). 设置政策参数。' })
  async setPolicyParameter(@Arg('input', () => SetPolicyParameterInput, { description: 'The input. 输入。' }) input: SetPolicyParameterInput, @Ctx() ctx: RequestContext) {
    const r = await service.setParameter(ctx, input);
    return toPayload(ctx, SetPolicyParameterPayload, r, async () => ({ history: (await parameterHistory(ctx.knex, input.key)).map((h) => ({ ...h, unit: PARAMETERS[h.key].unit })) }));
  }
}

@Resolver(() => HouseholdNode)
export class HouseholdEligibilityResolver {
  @FieldResolver(() => EligibilityResultType, {
    nullable: true,
    description: 'Eligibility of the household as registered now, under the policy of a day (default today). 按某日政策的认定判断。 [INCOME: null unless your role may see it 仅授权角色可见]',
  })
  async eligibility(@Root() h: HouseholdNode, @Ctx() ctx: RequestContext, @Arg('asOf', () => DateScalar, { nullable: true, description: 'Policy day. 政策基准日。' }) asOf?: string) {
    if (!maySee(ctx.principal.role, 'INCOME')) return null;
    const [policy, rows] = await Promise.all([ctx.loaders.policy.load(checkDay(asOf, ctx)), ctx.loaders.memberRows.load(h.dbId)]);
    const household = { deposits_fen: h.assets?.deposits ?? 0, securities_fen: h.assets?.securities ?? 0, vehicle_count: h.assets?.vehicles ?? 0, other_property_count: h.assets?.otherProperties ?? 0 };
    return eligibilityToGraphQL(assessEligibility(householdSnapshot(household, rows, h.causes), policy));
  }
}
