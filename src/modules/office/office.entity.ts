import { ArrayType, Entity, Index, ManyToOne, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Household } from '../registry/registry.entity';

/**
 * R7: a household civil affairs recognised directly from its own approvals (extreme-poverty
 * person, allowance recipient, orphan) through a ledger import, without the two notices: which
 * categories, the approval document the ledger names, who imported it and when. Insert-only.
 */
@Entity({ tableName: 'direct_recognition' })
@Index({ properties: ['household'] })
export class DirectRecognition {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Household)
  household!: Household;

  @Property({ type: ArrayType })
  categories!: string[];

  /** The civil affairs approval the ledger names (民政审批文号). */
  @Property({ type: 'string', length: 200 })
  sourceDocument!: string;

  /** The county day of recognition. */
  @Property({ type: 'date' })
  recognisedOn!: string;

  @Property({ type: 'string', length: 120 })
  importedBy!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  importedAt: Date & Opt = new Date();

  /** SHA-256 of the imported file, to find the file again. */
  @Property({ type: 'string', length: 64 })
  fileSha256!: string;
}
