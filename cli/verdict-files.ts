/** Reading verdict files given on the command line: a file that is not one is a usage error. */
import { readFileSync } from 'node:fs';
import { conformanceSchema, type ConformanceReport } from '../fixtures/verdicts/schema.ts';
import { UsageError } from './command.ts';

export function readVerdictFile(command: string, file: string): ConformanceReport {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(command, `cannot read verdict file ${file}: ${(error as Error).message}`);
  }
  const parsed = conformanceSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(command, `${file} is not a conformance verdict file: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}
