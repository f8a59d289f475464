import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { AuditedEntity } from '../../db/audited.entity';
import { CommunityKind } from './registry.enums';

/** A township (乡镇) of the county; township staff are scoped to one. */
@Entity({ tableName: 'township' })
export class Township extends AuditedEntity {
  /** Administrative division code, e.g. 350421100. */
  @Property({ type: 'string', length: 12, unique: true })
  code!: string;

  @Property({ type: 'string', length: 50 })
  name!: string;
}

/** A village or residents' community (村/居) of a township: where notices are posted (R10). */
@Entity({ tableName: 'community' })
@Index({ properties: ['township'] })
export class Community extends AuditedEntity {
  @ManyToOne(() => Township)
  township!: Township;

  @Property({ type: 'string', length: 15, unique: true })
  code!: string;

  @Property({ type: 'string', length: 50 })
  name!: string;

  @Enum({ items: () => CommunityKind })
  kind!: CommunityKind;
}

/** The county departments of R21 (reference data, seeded). */
@Entity({ tableName: 'department' })
export class Department {
  @Property({ type: 'string', length: 40, primary: true })
  code!: string;

  @Property({ type: 'string', length: 50 })
  name!: string;

  @Property({ type: 'string', length: 80 })
  nameEn!: string;
}
