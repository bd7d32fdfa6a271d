/** Looks for every secret a run used in every file the run wrote. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { tempDir } from './temp-dir.ts';

/** A file (outside the report folder) where the run records its secrets for this scan. */
export function newLedger(): string {
  return path.join(tempDir('ledger'), 'secrets.txt');
}

export function readLedger(ledger: string): string[] {
  return readFileSync(ledger, 'utf8').split('\n').filter(Boolean);
}

/**
 * `file: secret…` for every occurrence; empty when the folder is clean. Zip archives (Playwright
 * traces, in test-results and copied into the HTML report) are searched entry by entry.
 */
export async function findSecrets(folder: string, secrets: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const raw = readFileSync(file);
    const contents: [string, string][] = [[path.relative(folder, file), raw.toString('latin1')]];
    if (raw.subarray(0, 4).equals(ZIP_MAGIC)) {
      const zip = await JSZip.loadAsync(raw);
      for (const inner of Object.values(zip.files).filter((f) => !f.dir)) contents.push([`${path.relative(folder, file)}!${inner.name}`, (await inner.async('nodebuffer')).toString('latin1')]);
    }
    for (const [name, content] of contents) for (const secret of secrets) if (content.includes(secret)) hits.push(`${name}: ${secret.slice(0, 3)}…`);
  }
  return hits;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
