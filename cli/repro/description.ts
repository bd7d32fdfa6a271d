/**
 * A bug report as `authconf repro` reads it: from options, or from a small JSON or YAML file
 * (YAML: `key: value` lines and `key:` followed by `- item` lines; nothing more).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CATALOG, type CheckId } from '../../fixtures/catalog.ts';

export const descriptionSchema = z.object({
  /** The app the bug was seen on: a registered target id, or the app's name when it is not a target yet. */
  target: z.string().min(1, 'say which app the bug was seen on'),
  /** How the report names the app, when not as the target's profile does (e.g. "Beszel on PocketBase"). */
  app: z.string().min(1).optional(),
  /** The version it was seen on; absent when the report does not say. */
  version: z.string().min(1).optional(),
  title: z.string().min(5, 'a short sentence saying what goes wrong'),
  /** Where the report lives (issue URL or number). */
  report: z.string().optional(),
  steps: z.array(z.string().min(1)).min(1, 'at least one step'),
  expected: z.string().min(1, 'what should happen'),
  actual: z.string().min(1, 'what happens instead'),
  checks: z.array(z.enum(Object.keys(CATALOG) as [CheckId, ...CheckId[]])).default([]),
});

export type BugReport = z.infer<typeof descriptionSchema>;

export class DescriptionError extends Error {}

export function parseDescription(raw: unknown, source: string): BugReport {
  const parsed = descriptionSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(description)'}: ${i.code === 'invalid_value' ? `expected one of ${i.values.join(' | ')}` : i.message}`);
  throw new DescriptionError(`invalid bug description (${source}):\n${issues.join('\n')}`);
}

export function readDescriptionFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DescriptionError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new DescriptionError(`${file} is not JSON: ${(error as Error).message}`);
    }
  }
  return parseSimpleYaml(text, file);
}

/** The YAML subset a bug description needs: scalars and lists of scalars, one level deep. */
export function parseSimpleYaml(text: string, file: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  let list: string[] | undefined;
  text.split('\n').forEach((line, index) => {
    if (!line.trim() || line.trim().startsWith('#')) return;
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item) {
      if (!list) throw new DescriptionError(`${file}:${index + 1}: a list item outside a list ('key:' on the line before)`);
      list.push(unquote(item[1]!));
      return;
    }
    const pair = /^([a-z]+):\s*(.*)$/.exec(line);
    if (!pair) throw new DescriptionError(`${file}:${index + 1}: expected 'key: value', 'key:' or '  - item'`);
    const [, key, value] = pair as unknown as [string, string, string];
    if (value === '') result[key] = list = [];
    else {
      result[key] = unquote(value);
      list = undefined;
    }
  });
  return result;
}

function unquote(value: string): string {
  const v = value.trim();
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}
