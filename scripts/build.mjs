#!/usr/bin/env node
// npm run build (and prepack): the package's JavaScript in dist/, from tsconfig.build.json,
// plus the files the code reads at run time beside its modules (e.g.
// fixtures/targets/<target>/expected-failures.json, found from import.meta.dirname): every
// file under the compiled folders that is not TypeScript, copied to the same place in dist/.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist');
/** The folders tsconfig.build.json compiles (its root-level files are TypeScript only). */
const SOURCE_DIRS = ['cli', 'containers', 'fixtures', 'specs'];

rmSync(DIST, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  process.stderr.write(`build: tsc failed (exit ${compiled.status ?? compiled.signal})\n`);
  process.exit(1);
}

let copied = 0;
for (const dir of SOURCE_DIRS) {
  for (const entry of readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || /\.[cm]?ts$/.test(entry.name)) continue;
    const from = path.join(entry.parentPath, entry.name);
    cpSync(from, path.join(DIST, path.relative(ROOT, from)));
    copied++;
  }
}

// Declarations of spec files describe nothing anyone imports.
for (const entry of readdirSync(path.join(DIST, 'specs'), { recursive: true, withFileTypes: true })) {
  if (entry.isFile() && entry.name.endsWith('.d.ts')) rmSync(path.join(entry.parentPath, entry.name));
}

process.stdout.write(`build: dist/ compiled, ${copied} asset file(s) copied\n`);
