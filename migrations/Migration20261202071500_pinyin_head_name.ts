import { Migration } from '@mikro-orm/migrations';

/**
 * Households ordered by the head's name follow pinyin (issue 14 item 10, office-docs): a collation
 * "pinyin" — ICU's Chinese pinyin order (zh-u-co-pinyin) where the server has ICU (PostgreSQL
 * packages of Debian and the official images do), else a copy of "C" — and the list's HEAD_NAME
 * keyset index under that collation. The readers always say `collate "pinyin"`, so the same SQL
 * runs everywhere; only the order differs. The embedded PGlite has the ICU provider but not ICU's
 * Chinese data: there the collation sorts Han characters by code point.
 */
export class Migration20261202071500_pinyin_head_name extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$
begin
  if not exists (select 1 from pg_collation where collname = 'pinyin' and collnamespace = current_schema()::regnamespace) then
    if exists (select 1 from pg_collation where collprovider = 'i') then
      execute 'create collation "pinyin" (provider = icu, locale = ''zh-u-co-pinyin'')';
    else
      execute 'create collation "pinyin" from "C"';
    end if;
  end if;
end $$;`);
    this.addSql(`create index "household_head_name_pinyin_idx" on "household" (("head_name" collate "pinyin"), "id");`);
    this.addSql(`drop index if exists "household_head_name_idx";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index "household_head_name_idx" on "household" ("head_name", "id");`);
    this.addSql(`drop index if exists "household_head_name_pinyin_idx";`);
    this.addSql(`drop collation if exists "pinyin";`);
  }
}
