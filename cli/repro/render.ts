/** A bug report as a regression spec, in the shape of the hand-written ones in specs/regressions/. */
import path from 'node:path';
import { CATALOG } from '../../fixtures/catalog.ts';
import type { Capability } from '../../fixtures/targets/profile.ts';
import type { BugReport } from './description.ts';
import { STEPS, type Fixture, type Import, type ParsedStep } from './steps.ts';

const FIXTURES_DIR = path.resolve(import.meta.dirname, '../../fixtures');
const FIXTURE_ORDER: Fixture[] = ['page', 'target', 'account', 'freshContext', 'mailbox', 'totpSignIn', 'runnerClock'];

export interface SpecInput {
  report: BugReport;
  steps: ParsedStep[];
  /** The app's display name (the profile's, for a registered target). */
  appName: string;
  /** False when the app is not an authconf target yet. */
  registered: boolean;
  outFile: string;
}

export function renderSpec({ report, steps, appName, registered, outFile }: SpecInput): string {
  const automated = steps.filter((s) => s.id !== undefined).map((s) => ({ ...s, definition: STEPS[s.id!]! }));
  const manual = steps.filter((s) => s.id === undefined);
  const capabilities = unique<Capability>([...report.checks.flatMap((id) => [...CATALOG[id].needs]), ...automated.flatMap((s) => s.definition.needs)]);
  const fixtures = FIXTURE_ORDER.filter((f) => automated.some((s) => s.definition.fixtures.includes(f)));
  const imports: Import[] = [{ from: 'index.ts', name: 'test' }, ...automated.flatMap((s) => s.definition.imports)];
  if (capabilities.length) imports.push({ from: 'checks.ts', name: 'requireCapabilities' });

  const header = [
    `Bug report (${appName}, ${report.version ? `version ${report.version}` : 'version not given'}): ${sentence(report.title)}`,
    ...(report.report ? [`Reported: ${sentence(report.report)}`] : []),
    '',
    `Expected: ${report.expected}`,
    `Actual: ${report.actual}`,
    'Steps:',
    ...steps.flatMap((s, i) => wrap(`${i + 1}. ${describeStep(s)}`, '   ').map((line) => `  ${line}`)),
    ...(report.checks.length ? [`Related checks: ${report.checks.map((id) => `${id} (${CATALOG[id].requirements.join(', ')})`).join('; ')}.`] : []),
    ...(registered ? [] : ['', `${appName} is not an authconf target yet: the spec runs on every target that has what it needs.`]),
    '',
    'Scaffolded by `authconf repro`: where the bug is present it FAILs, where it is fixed it passes;',
    'a target without the capabilities it needs SKIPs it with the reason.',
  ];
  const uses = unique(automated.flatMap((s) => (s.definition.use ? [s.definition.use(s.seconds)] : [])));
  const annotations = [
    ...report.checks.map((id) => `{ type: 'related-check', description: ${quote(id)} }`),
    ...(report.report ? [`{ type: 'issue', description: ${quote(report.report)} }`] : []),
  ];
  const details = `{ tag: '@regression'${annotations.length ? `, annotation: [${annotations.join(', ')}]` : ''} }`;
  const body = steps.flatMap((s) => {
    const lines = s.id ? STEPS[s.id]!.lines(s.seconds) : [];
    return s.id && lines.length === 0 ? [] : [`// ${describeStep(s)}`, ...lines];
  });

  return [
    '/**',
    ...header.flatMap((line) => (line.startsWith(' ') ? [line] : wrap(line))).map((line) => (line ? ` * ${commentSafe(line)}` : ' *')),
    ' */',
    ...importLines(imports, outFile),
    '',
    ...(capabilities.length ? [`requireCapabilities(${capabilities.map(quote).join(', ')});`] : []),
    ...(manual.length ? [`test.fixme(true, ${quote(`not automated yet: ${manual.map((s) => `"${oneLine(s.text)}"`).join(', ')} — write ${manual.length > 1 ? 'these steps' : 'this step'} with the fixtures (fixtures/index.ts)`)});`] : []),
    ...uses,
    ...(capabilities.length || manual.length || uses.length ? [''] : []),
    `test(${quote(`${appName}: ${report.title}`)}, ${details}, async (${fixtures.length ? `{ ${fixtures.join(', ')} }` : ''}) => {`,
    ...body.map((line) => `  ${line}`),
    '});',
    '',
  ].join('\n');
}

function importLines(imports: Import[], outFile: string): string[] {
  const byModule = new Map<string, Set<string>>();
  for (const { from, name } of imports) byModule.set(from, (byModule.get(from) ?? new Set()).add(name));
  const relative = (module: string) => {
    const p = path.relative(path.dirname(path.resolve(outFile)), path.join(FIXTURES_DIR, module));
    return p.startsWith('.') ? p : `./${p}`;
  };
  return [...byModule]
    .map(([module, names]) => ({ path: relative(module), names: [...names].sort() }))
    .sort((a, b) => a.path.localeCompare(b.path))
    .map(({ path: p, names }) => `import { ${names.join(', ')} } from '${p}';`);
}

function describeStep(step: ParsedStep): string {
  return step.id ? STEPS[step.id]!.summary.replace('SECONDS', `${step.seconds} s`) : `${oneLine(step.text)} (not automated yet)`;
}

/** Lines of at most `width` characters, continued with `indent`. */
function wrap(text: string, indent = '', width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const unique = <T>(items: T[]) => [...new Set(items)];
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const commentSafe = (text: string) => text.replace(/\*\//g, '*\\/');
/** A single-quoted TypeScript string literal. */
const quote = (text: string) => `'${oneLine(text).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
