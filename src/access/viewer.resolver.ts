import { Ctx, Field, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { RequestContext } from '../graphql/context';
import { TownshipNode } from '../modules/registry/registry.types';
import { PartnerOrganisationNode } from '../modules/partners/partner.types';
import { DEPARTMENTS } from '../modules/registry/county.data';
import { FIELDS, FieldClass, OPERATIONS } from './matrix';

export enum PrincipalKind {
  DEPARTMENT = 'DEPARTMENT',
  TOWNSHIP = 'TOWNSHIP',
  PARTNER = 'PARTNER',
  ANONYMOUS = 'ANONYMOUS',
}
registerEnumType(PrincipalKind, {
  name: 'PrincipalKind',
  description: 'Kind of caller. 调用者类型。',
  valuesConfig: {
    DEPARTMENT: { description: 'Staff of a county department. 县直部门工作人员。' },
    TOWNSHIP: { description: 'Staff of a township. 乡镇工作人员。' },
    PARTNER: { description: 'A partner organisation (API key). 帮扶主体（接口密钥）。' },
    ANONYMOUS: { description: 'Not signed in (public notices only). 未登录（仅公示）。' },
  },
});

@ObjectType({ description: 'A county department (R21). 县直部门。' })
class DepartmentInfo {
  @Field({ description: 'Code, e.g. CIVIL_AFFAIRS. 代码。' }) code!: string;
  @Field({ description: 'Chinese name. 名称。' }) name!: string;
  @Field({ description: 'English name. 英文名称。' }) nameEn!: string;
}

@ObjectType({ description: 'Who is calling and what the server lets them do. 当前调用者及其权限。' })
class Viewer {
  @Field(() => PrincipalKind, { description: 'Kind of principal. 调用者类型。' }) kind!: PrincipalKind;
  @Field({ description: 'Role in the access matrix. 权限矩阵中的角色。' }) role!: string;
  @Field({ description: 'Display name. 名称。' }) name!: string;
  @Field(() => DepartmentInfo, { nullable: true, description: 'Department, for department staff. 所属部门。' }) department!: DepartmentInfo | null;
  @Field(() => TownshipNode, { nullable: true, description: 'Township, for township staff. 所属乡镇。' }) township!: TownshipNode | null;
  @Field(() => PartnerOrganisationNode, { nullable: true, description: 'Organisation, for partners. 所属帮扶主体。' }) partner!: PartnerOrganisationNode | null;
  @Field(() => [String], { description: 'Operations this principal may call (Query.x, Mutation.y). 可调用的操作。' }) operations!: string[];
  @Field(() => [String], { description: 'Sensitive field classes this principal may read. 可读取的敏感字段类别。' }) fieldClasses!: string[];
}

@Resolver()
export class ViewerResolver {
  @Query(() => Viewer, { description: 'The current principal. 当前调用者。' })
  async viewer(@Ctx() ctx: RequestContext): Promise<Viewer> {
    const p = ctx.principal;
    const dept = p.kind === 'DEPARTMENT' ? DEPARTMENTS.find((d) => d.code === p.department) ?? null : null;
    return {
      kind: p.kind as PrincipalKind,
      role: p.role,
      name: p.name,
      department: dept,
      township: p.kind === 'TOWNSHIP' ? await ctx.loaders.township.load(p.townshipId) : null,
      partner: p.kind === 'PARTNER' ? await ctx.loaders.partner.load(p.partnerId) : null,
      operations: Object.keys(OPERATIONS).filter((op) => OPERATIONS[op].includes(p.role)).sort(),
      fieldClasses: (Object.keys(FIELDS) as FieldClass[]).filter((c) => FIELDS[c].includes(p.role)),
    };
  }
}
