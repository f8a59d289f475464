import { Field, ObjectType, registerEnumType } from 'type-graphql';
// The viewer's township and partner are those modules' node types (a GraphQL relation, as entity
// relations are in *.entity.ts); they are read through the request's loaders.
import { TownshipNode } from '../registry/registry.types';
import { PartnerOrganisationNode } from '../partners/partner.types';
import { PrincipalKind } from './viewer.enums';

registerEnumType(PrincipalKind, {
  name: 'PrincipalKind',
  description: 'Kind of caller. 调用者类型。',
  valuesConfig: {
    DEPARTMENT: { description: 'Staff of a county department. 县直部门工作人员。' },
    TOWNSHIP: { description: 'Staff of a township. 乡镇工作人员。' },
    PARTNER: { description: 'A partner organisation (API key). 帮扶主体（接口密钥）。' },
    CHARITY_PLATFORM: { description: 'A charity platform registered by civil affairs (API key). 慈善平台（接口密钥）。' },
    ANONYMOUS: { description: 'Not signed in (public notices only). 未登录（仅公示）。' },
  },
});

@ObjectType({ description: 'A county department (R21). 县直部门。' })
export class DepartmentInfo {
  @Field({ description: 'Code, e.g. CIVIL_AFFAIRS. 代码。' }) code!: string;
  @Field({ description: 'Chinese name. 名称。' }) name!: string;
  @Field({ description: 'English name. 英文名称。' }) nameEn!: string;
}

@ObjectType({ description: 'Who is calling and what the server lets them do. 当前调用者及其权限。' })
export class Viewer {
  @Field(() => PrincipalKind, { description: 'Kind of principal. 调用者类型。' }) kind!: PrincipalKind;
  @Field({ description: 'Role in the access matrix. 权限矩阵中的角色。' }) role!: string;
  @Field({ description: 'Display name. 名称。' }) name!: string;
  @Field(() => DepartmentInfo, { nullable: true, description: 'Department, for department staff. 所属部门。' }) department!: DepartmentInfo | null;
  @Field(() => TownshipNode, { nullable: true, description: 'Township, for township staff. 所属乡镇。' }) township!: TownshipNode | null;
  @Field(() => PartnerOrganisationNode, { nullable: true, description: 'Organisation, for partners. 所属帮扶主体。' }) partner!: PartnerOrganisationNode | null;
  @Field(() => [String], { description: 'Operations this principal may call (Query.x, Mutation.y). 可调用的操作。' }) operations!: string[];
  @Field(() => [String], { description: 'Sensitive field classes this principal may read. 可读取的敏感字段类别。' }) fieldClasses!: string[];
}
