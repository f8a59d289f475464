/**
 * Command-line arguments of the CLI commands, through Node's own `util.parseArgs` (issue 14
 * item 9) instead of hand-written loops: `--name value` and `--name=value`, unknown options and
 * stray positionals refused, the command's usage printed with the reason.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed values, or the message to print (with the usage) and exit 2 on. */
export function parseCommandLine<O extends Options>(args: string[], options: O, usage: string, allowPositionals = false) {
  try {
    return { ok: true as const, ...parseArgs({ args, options, strict: true, allowPositionals }) };
  } catch (err) {
    // Node's TypeError (ERR_PARSE_ARGS_*); its first line says what is wrong.
    const text = typeof (err as { message?: unknown })?.message === 'string' ? (err as { message: string }).message : String(err);
    const reason = text.split('\n')[0]!;
    return { ok: false as const, message: `${reason}\n${usage}` };
  }
}

/** A non-negative integer option in [min, max], or the message saying what it must be. */
export function integerOption(name: string, value: string | undefined, fallback: number, min: number, max: number, usage: string): number | string {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) return `--${name} must be an integer in [${min}, ${max}], got '${value}'\n${usage}`;
  return n;
}
