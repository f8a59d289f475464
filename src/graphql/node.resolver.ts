import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import type { RequestContext } from './context';
import { loadNode } from './node-registry';
import { fromGlobalId, Node } from './relay';

/** The Relay `node` lookup: knows no module's types; they register them (node-registry.ts). */
@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when absent or not yours to see. 按全局标识获取对象。' })
  async node(@Arg('id', () => ID, { description: 'Global id. 全局标识。' }) id: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Node | null> {
    const parsed = fromGlobalId(id);
    if (!parsed) return null;
    return (await loadNode(ctx, parsed.type, parsed.key, info)) as Node | null;
  }
}
