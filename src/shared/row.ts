/**
 * A row as the database driver returns it (kernel). Column types differ per column, and every
 * mapper reads the columns it needs explicitly (`String(r.id)`, `Number(r.amount)`), so the row
 * itself is loosely typed — in this one place instead of at every mapper.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: one loose type for raw rows
export type Row = Record<string, any>;

/** The fields of an error (or what it wraps) that the error edges read: never assumed present. */
export interface ErrorFields {
  code?: unknown;
  sqlState?: unknown;
  constraint?: unknown;
  message?: unknown;
  stack?: unknown;
  name?: unknown;
  extensions?: Record<string, unknown>;
  originalError?: unknown;
  cause?: unknown;
}

/** `err` seen as error fields (undefined when it is not an object). */
export function errorFields(err: unknown): ErrorFields | undefined {
  return err && typeof err === 'object' ? (err as ErrorFields) : undefined;
}
