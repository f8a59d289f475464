#!/usr/bin/env node
/**
 * Build for `npm start` and the CLI commands: compiles src/, migrations/ and partner-adapters/ to
 * dist/ with swc (.swcrc: legacy decorators and decorator metadata, as type-graphql and MikroORM
 * need; same output layout as tsc had). swc only strips types: `npm run typecheck` (tsc --noEmit)
 * checks them, in CI. Skips the build when dist/ is newer than every input, so a command whose
 * code has not changed starts at once. `--force` builds anyway. Uses @swc/core's API directly:
 * @swc/cli would add ~100 packages (a downloader for another binary) for the same few lines.
 *
 * Plain JavaScript on purpose: it runs before anything is compiled.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const SOURCES = ['src', 'migrations', 'partner-adapters'];
// Files whose change changes the output too (compiler options and version).
const SETTINGS = ['.swcrc', 'package-lock.json', __filename];
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-stamp');

/** Newest mtime under `p`: files and folders (a deleted or renamed file changes its folder's). */
function newest(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  let t = st.mtimeMs;
  if (st.isDirectory()) for (const name of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, name)));
  return t;
}

function upToDate() {
  let built;
  try {
    built = fs.statSync(stamp).mtimeMs;
  } catch {
    return false;
  }
  const inputs = Math.max(...SOURCES.map((d) => newest(path.join(root, d))), ...SETTINGS.map((f) => newest(path.resolve(root, f))));
  return inputs < built;
}

/** The .ts files under the source folders, relative to the root. */
function sources(dir) {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

async function build() {
  const started = Date.now();
  const swc = require('@swc/core');
  // Into a fresh folder, swapped in when complete: no stale files of deleted sources, and a
  // command started meanwhile never sees a half-written dist/.
  const tmp = path.join(root, `dist.tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const files = SOURCES.flatMap(sources);
    await Promise.all(files.map(async (rel) => {
      const out = path.join(tmp, rel.replace(/\.ts$/, '.js'));
      const { code, map } = await swc.transformFile(path.join(root, rel), {
        configFile: path.join(root, '.swcrc'),
        swcrc: false,
        sourceMaps: true,
        sourceFileName: path.relative(path.dirname(out), path.join(root, rel)),
      });
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
      fs.writeFileSync(`${out}.map`, map);
    }));
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    console.error(`[build] ${err && err.message ? err.message : err}`);
    process.exit(1);
  }
  // The stamp's time is the start of the build: a source saved during the build is newer, so
  // the next command builds again.
  const stampFile = path.join(tmp, '.build-stamp');
  fs.writeFileSync(stampFile, `${new Date(started).toISOString()}\n`);
  fs.utimesSync(stampFile, new Date(started), new Date(started));
  const old = path.join(root, `dist.old-${process.pid}`);
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(tmp, dist);
  fs.rmSync(old, { recursive: true, force: true });
  if (!process.argv.includes('--quiet')) console.error(`[build] compiled with swc in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv.includes('--force') || !upToDate()) build();

