import type { Knex } from '@mikro-orm/postgresql';

/**
 * Makes inserts of two invented people fail inside PostgreSQL, with the person's name and id
 * number in the error's message and detail (as a constraint's detail would carry them): `internal`
 * with XX000 (an internal error), `unavailable` with 40001 (a serialization failure). Needs the
 * owner's connection (a trigger); `trigger` names the trigger and its function, one per test file.
 * Returns the function that removes both.
 */
export async function failInsertsOfPeople(owner: Knex, trigger: string, people: { internal: string; unavailable: string }): Promise<() => Promise<void>> {
  const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
  await owner.raw(`
    create or replace function ${trigger}() returns trigger language plpgsql as $$
    begin
      if new.name in (${quote(people.internal)}, ${quote(people.unavailable)}) then
        raise exception 'refused person % (%)', new.name, new.id_number
          using errcode = case new.name when ${quote(people.internal)} then 'XX000' else '40001' end, detail = 'Key (id_number)=(' || new.id_number || ') is refused';
      end if;
      return new;
    end $$;
    drop trigger if exists ${trigger} on person;
    create trigger ${trigger} before insert on person for each row execute function ${trigger}();`);
  return async () => {
    await owner.raw(`drop trigger if exists ${trigger} on person; drop function if exists ${trigger}();`);
  };
}
