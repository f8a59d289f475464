import { ArgsType, ClassType, Field, ID, Int, InterfaceType, ObjectType } from 'type-graphql';

/** Opaque global ids: base64url of `Type:key`. Clients must not build or parse them. */
export function toGlobalId(type: string, key: string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

/**
 * Types whose key is an opaque token rather than a database key (the donors module's DonationNeed:
 * a per-platform pseudonym that only its loader can open).
 */
const OPAQUE_KEY_TYPES = new Set<string>(['DonationNeed']);

export function fromGlobalId(id: string): { type: string; key: string } | null {
  if (typeof id !== 'string' || id.length > 200 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const i = decoded.indexOf(':');
  if (i <= 0) return null;
  const type = decoded.slice(0, i);
  const key = decoded.slice(i + 1);
  if (OPAQUE_KEY_TYPES.has(type)) return /^[A-Za-z0-9_-]{1,80}$/.test(key) ? { type, key } : null;
  // Database keys are bigints; anything else is not an id of ours.
  if (!/^[1-9]\d{0,17}$/.test(key)) return null;
  return { type, key };
}

/** The key of a global id of the expected type, or null. */
export function keyOf(id: string, type: string): string | null {
  const parsed = fromGlobalId(id);
  return parsed && parsed.type === type ? parsed.key : null;
}

@InterfaceType({ description: 'An object with a global id, fetchable with `node(id:)`. 具有全局标识的对象。' })
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id. 不透明的全局标识。' })
  id!: string;
}

@ObjectType({ description: 'Relay page information. 分页信息。' })
export class PageInfo {
  @Field({ description: 'More items follow the last edge. 之后还有数据。' })
  hasNextPage!: boolean;

  @Field({
    description: 'Items precede the first edge (exact for last/before; true when paging on from a cursor with first/after). 之前还有数据。',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge. 首条游标。' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge. 末条游标。' })
  endCursor!: string | null;
}

/** The Relay paging arguments of every connection field (read by keysetPage in paging.ts). */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: 'Page size from the start or `after` (max 100). 正向分页条数（最多100）。' }) first?: number | null;
  @Field(() => String, { nullable: true, description: 'Cursor to read after. 起始游标（之后）。' }) after?: string | null;
  @Field(() => Int, { nullable: true, description: 'Page size from the end or `before` (max 100). 反向分页条数。' }) last?: number | null;
  @Field(() => String, { nullable: true, description: 'Cursor to read before. 起始游标（之前）。' }) before?: string | null;
}

import type { Page } from '../db/keyset';
export type { Page };

/** Builds `XConnection` and `XEdge` for a node type. */
export function Connection<T extends object>(node: ClassType<T>, name: string, zh: string) {
  @ObjectType(`${name}Edge`, { description: `An edge to a ${name}. ${zh}边。` })
  class Edge {
    @Field(() => node, { description: 'The item. 数据项。' })
    node!: T;

    @Field({ description: 'Cursor for paging from this item. 分页游标。' })
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items. ${zh}分页列表。` })
  class ConnectionType {
    @Field(() => [Edge], { description: 'Edges of this page. 本页各项。' })
    edges!: Edge[];

    @Field(() => [node], { description: 'The items of this page, without cursors. 本页数据项。' })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Paging information. 分页信息。' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Items matching the filter that you may see, on all pages. 符合条件的总数。' })
    async totalCount(): Promise<number> {
      return this.count();
    }

    count!: () => Promise<number>;
  }

  return {
    type: ConnectionType,
    from(page: Page<T>): ConnectionType {
      const c = new ConnectionType();
      c.nodes = page.nodes;
      c.edges = page.nodes.map((n, i) => Object.assign(new Edge(), { node: n, cursor: page.cursors[i] }));
      c.pageInfo = page.pageInfo;
      c.count = page.totalCount;
      return c;
    },
  };
}
