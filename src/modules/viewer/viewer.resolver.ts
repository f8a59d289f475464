import { Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { FIELDS, FieldClass, OPERATIONS } from '../../access/matrix';
import { departmentByCode } from '../registry/registry.reader';
import { PrincipalKind } from './viewer.enums';
import { Viewer } from './viewer.types';

@Resolver()
export class ViewerResolver {
  @Query(() => Viewer, { description: 'The current principal. 当前调用者。' })
  async viewer(@Ctx() ctx: RequestContext): Promise<Viewer> {
    const p = ctx.principal;
    const dept = p.kind === 'DEPARTMENT' ? departmentByCode(p.department) : null;
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
