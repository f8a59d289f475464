/**
 * The CLI commands read their arguments through node:util parseArgs (src/cli/args.ts; issue 14
 * item 9): both `--name value` and `--name=value`, unknown options, stray words and bad numbers
 * refused with the reason and the usage.
 */
import { integerOption, parseCommandLine } from '../../src/cli/args';
import { parseSeedArgs } from '../../src/cli/seed';

const USAGE = 'usage: npm run seed -- [--households N]   (N: a non-negative integer, default 200)';

describe('npm run seed arguments', () => {
  it('takes --households N and --households=N, default 200', () => {
    expect(parseSeedArgs([])).toBe(200);
    expect(parseSeedArgs(['--households', '5000'])).toBe(5000);
    expect(parseSeedArgs(['--households=0'])).toBe(0);
  });

  it('refuses unknown options, stray words, missing and bad values, saying why and how', () => {
    // Node's own wording (its first line; it varies a little between Node versions), then the usage.
    expect(parseSeedArgs(['--house', '5'])).toMatch(/^Unknown option '--house'/);
    expect(parseSeedArgs(['--house', '5'])).toMatch(new RegExp(`\\n${USAGE.replace(/[()[\]]/g, '\\$&')}$`));
    expect(parseSeedArgs(['5000'])).toMatch(/^Unexpected argument '5000'/);
    expect(parseSeedArgs(['--households'])).toMatch(/^Option '--households <value>' argument missing/);
    expect(parseSeedArgs(['--households', '-3'])).toMatch(/argument is ambiguous|argument missing|must be an integer/);
    expect(parseSeedArgs(['--households=1e3'])).toBe(`--households must be an integer in [0, ${Number.MAX_SAFE_INTEGER}], got '1e3'\n${USAGE}`);
    for (const bad of [['--households=abc'], ['--households', '12x']]) expect(parseSeedArgs(bad)).toMatch(/must be an integer/);
  });
});

describe('parseCommandLine', () => {
  it('gives booleans, strings with defaults and positionals only when allowed', () => {
    const r = parseCommandLine(['--check', '--ttl=2h', 'v1.2.0'], { check: { type: 'boolean' }, ttl: { type: 'string', default: '12h' }, name: { type: 'string' } }, 'usage', true);
    expect(r).toMatchObject({ ok: true, values: { check: true, ttl: '2h' }, positionals: ['v1.2.0'] });
    expect(parseCommandLine(['v1'], {}, 'usage')).toMatchObject({ ok: false });
    expect(integerOption('page', '101', 50, 1, 100, 'u')).toBe("--page must be an integer in [1, 100], got '101'\nu");
    expect(integerOption('page', undefined, 50, 1, 100, 'u')).toBe(50);
  });
});
