/** Looks for every secret a run used in every file the run wrote. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp-dir.ts';

/** A file (outside the report folder) where the run records its secrets for this scan. */
export function newLedger(): string {
  return path.join(tempDir('ledger'), 'secrets.txt');
}

export function readLedger(ledger: string): string[] {
  return readFileSync(ledger, 'utf8').split('\n').filter(Boolean);
}

/** `file: secret…` for every occurrence; empty when the folder is clean. */
export function findSecrets(folder: string, secrets: string[]): string[] {
  const hits: string[] = [];
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const content = readFileSync(file).toString('latin1');
    for (const secret of secrets) if (content.includes(secret)) hits.push(`${path.relative(folder, file)}: ${secret.slice(0, 3)}…`);
  }
  return hits;
}
