/**
 * A bug report as a regression spec, in the shape of the hand-written ones in specs/regressions/.
 * Its imports come either from this checkout's fixtures (relative paths) or, in a maintainer's
 * own repository, from the package's public test entry `authconf/test` (test.ts).
 */
import path from 'node:path';
import { CATALOG } from '../../fixtures/catalog.ts';
import type { Capability } from '../../fixtures/targets/profile.ts';
import type { BugReport } from './description.ts';
import {
  describeArgs,
  FIXTURE_ORDER,
  PAGES,
  quote,
  STEPS,
  type Fixture,
  type Import,
  type Module,
  type ParsedStep,
  type SessionState,
  type StepArgs,
  type Where,
  type Writer,
  type WriterState,
} from './steps.ts';

const FIXTURES_DIR = path.resolve(import.meta.dirname, '../../fixtures');

/** What generated specs import in a maintainer's repository: the package's public test entry (test.ts). */
export const PUBLIC_TEST_ENTRY = 'authconf/test';

/**
 * `relative`: from this checkout's fixtures/ (a spec of this repository);
 * `package`: from `authconf/test` (a spec in the repository of an app that installed authconf).
 */
export type ImportStyle = 'relative' | 'package';

export interface SpecInput {
  report: BugReport;
  steps: ParsedStep[];
  /** The app's display name (the profile's, for a registered target). */
  appName: string;
  /** False when the app is not an authconf target yet. */
  registered: boolean;
  outFile: string;
  importStyle?: ImportStyle;
  /** The registered target's capabilities: some words read differently with them ("wait 5 minutes" behind a proxy). */
  capabilities?: readonly Capability[];
}

export interface RenderedSpec {
  source: string;
  /** What the reader should know: steps added because a later one needed them. */
  notes: string[];
}

export function renderSpec({ report, steps, appName, registered, outFile, importStyle = 'relative', capabilities: targetCapabilities }: SpecInput): RenderedSpec {
  const writer = new SpecWriter(steps, targetCapabilities);
  writer.writeAll();
  const manual = steps.filter((s) => s.id === undefined);
  const capabilities = unique<Capability>([...report.checks.flatMap((id) => [...CATALOG[id].needs]), ...writer.needs]);
  const fixtures = FIXTURE_ORDER.filter((f) => writer.fixtures.has(f));
  const imports = [...writer.imports];
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
  const annotations = [
    ...report.checks.map((id) => `{ type: 'related-check', description: ${quote(id)} }`),
    ...(report.report ? [`{ type: 'issue', description: ${quote(report.report)} }`] : []),
  ];
  const details = `{ tag: '@regression'${annotations.length ? `, annotation: [${annotations.join(', ')}]` : ''} }`;
  const prelude = [...(writer.slows.length ? [`test.setTimeout(test.info().timeout + ${seconds(writer.slows)} * 1000);`] : []), ...writer.preludes];
  const body = [...prelude, ...writer.blocks.flatMap((b) => (b.manual || b.lines.length ? [`// ${b.comment}`, ...b.lines] : []))];
  const fixturesHome = importStyle === 'package' ? PUBLIC_TEST_ENTRY : 'fixtures/index.ts';

  const source = [
    '/**',
    ...header.flatMap((line) => (line.startsWith(' ') ? [line] : wrap(line))).map((line) => (line ? ` * ${commentSafe(line)}` : ' *')),
    ' */',
    ...importLines(imports, outFile, importStyle),
    '',
    ...(capabilities.length ? [`requireCapabilities(${capabilities.map(quote).join(', ')});`] : []),
    ...(manual.length ? [`test.fixme(true, ${quote(`not automated yet: ${manual.map((s) => `"${oneLine(s.text)}"`).join(', ')} — write ${manual.length > 1 ? 'these steps' : 'this step'} with the fixtures (${fixturesHome})`)});`] : []),
    ...writer.file,
    ...(capabilities.length || manual.length || writer.file.length ? [''] : []),
    `test(${quote(`${appName}: ${report.title}`)}, ${details}, async (${fixtures.length ? `{ ${fixtures.join(', ')} }` : ''}) => {`,
    ...body.map((line) => `  ${line}`),
    '});',
    '',
  ].join('\n');
  return { source, notes: writer.notes };
}

type BrowserContextId = (typeof PAGES)[Where]['context'];

/** Writes the steps in order, keeping what each leaves behind for the next (see steps.ts). */
class SpecWriter implements Writer {
  readonly blocks: { comment: string; lines: string[]; manual?: boolean }[] = [];
  readonly fixtures = new Set<Fixture>();
  readonly imports: Import[] = [{ from: 'index.ts', name: 'test' }];
  readonly needs: Capability[] = [];
  readonly file: string[] = [];
  readonly preludes: string[] = [];
  readonly slows: string[] = [];
  readonly notes: string[] = [];
  focus: Where = 'first-tab';
  readonly state: WriterState = { credentials: 'account', smtp: 'working' };
  private current: string[] = [];
  private readonly names = new Set<string>([...FIXTURE_ORDER, 'test', 'expect', 'context', 'request', 'path']);
  private readonly declaredOnce = new Set<string>();
  private readonly opened = new Set<Where>(['first-tab']);
  private readonly sessions = new Map<BrowserContextId, { state: 'in' | 'out' | 'unknown'; at: Where }>();
  private index = 0;
  private readonly chain: string[] = [];

  constructor(
    private readonly steps: readonly ParsedStep[],
    readonly capabilities: readonly Capability[] | undefined,
  ) {}

  writeAll(): void {
    this.steps.forEach((step, index) => {
      this.index = index;
      if (step.id) this.write(step.id, step.args, describeStep(step));
      else this.blocks.push({ comment: describeStep(step), lines: [], manual: true });
    });
  }

  line(...lines: string[]): void {
    this.current.push(...lines);
  }

  fixture(...names: Fixture[]): void {
    for (const name of names) this.fixtures.add(name);
  }

  need(...capabilities: Capability[]): void {
    this.needs.push(...capabilities);
  }

  import(from: Module, ...names: string[]): void {
    for (const name of names) this.imports.push({ from, name });
  }

  fileLines(...lines: string[]): void {
    if (!this.file.includes(lines[0]!)) this.file.push(...lines);
  }

  prelude(line: string): void {
    if (!this.preludes.includes(line)) this.preludes.push(line);
  }

  slow(seconds: string): void {
    this.slows.push(seconds);
  }

  page(where: Where): string {
    const page = PAGES[where];
    if (page.context === 'main') this.fixture('page');
    if (!this.opened.has(where)) {
      if (page.context !== 'main') this.fixture('freshContext');
      this.names.add(page.variable);
      this.line(`const ${page.variable} = ${page.open};`);
      this.opened.add(where);
    }
    this.focus = where;
    return page.variable;
  }

  isOpen(where: Where): boolean {
    return this.opened.has(where);
  }

  declare(name: string): string {
    let candidate = name;
    for (let n = 2; this.names.has(candidate); n++) candidate = `${name}${n}`;
    this.names.add(candidate);
    return candidate;
  }

  once(name: string, init: string): string {
    if (!this.declaredOnce.has(name)) {
      this.declaredOnce.add(name);
      this.names.add(name);
      this.line(`const ${name} = ${init};`);
    }
    return name;
  }

  session(where: Where): SessionState {
    return this.sessions.get(PAGES[where].context)?.state;
  }

  signedOutAt(where: Where): Where | undefined {
    const session = this.sessions.get(PAGES[where].context);
    return session?.state === 'in' ? undefined : session?.at;
  }

  setSession(where: Where, state: 'in' | 'out'): void {
    const context = PAGES[where].context;
    // A sign-out may or may not end the sessions of other browsers: the app decides.
    if (state === 'out') for (const [other, session] of this.sessions) if (other !== context && session.state === 'in') this.sessions.set(other, { state: 'unknown', at: where });
    this.sessions.set(context, { state, at: where });
  }

  note(text: string): void {
    const step = this.steps[this.index]!;
    this.notes.push(`step ${this.index + 1} ("${oneLine(step.text)}"): ${text}`);
  }

  later(id: string): boolean {
    return this.chain.includes(id) || this.steps.slice(this.index + 1).some((s) => s.id === id);
  }

  require(id: string, args: StepArgs, why: string): void {
    const step = this.steps[this.index]!;
    this.notes.push(`step ${this.index + 1} ("${oneLine(step.text)}"): ${why}, so "${describeArgs(id, args)}" is written before it`);
    this.write(id, args, `${describeArgs(id, args)} (added: ${why})`);
  }

  /** The step's lines as one block, after the blocks of what it required. */
  private write(id: string, args: StepArgs, comment: string): void {
    const saved = this.current;
    this.current = [];
    this.chain.push(id);
    if (!STEPS[id]!.dynamicNeeds) this.need(...STEPS[id]!.needs);
    STEPS[id]!.write(this, args);
    this.chain.pop();
    this.blocks.push({ comment, lines: this.current });
    this.current = saved;
  }
}

function importLines(imports: Import[], outFile: string, style: ImportStyle): string[] {
  if (style === 'package') return [`import { ${unique(imports.map((i) => i.name)).sort().join(', ')} } from '${PUBLIC_TEST_ENTRY}';`];
  const byModule = new Map<string, Set<string>>();
  for (const { from, name } of imports) byModule.set(from, (byModule.get(from) ?? new Set()).add(name));
  const relative = (module: string) => {
    const p = path.relative(path.dirname(path.resolve(outFile)), path.join(FIXTURES_DIR, module)).split(path.sep).join('/');
    return p.startsWith('.') ? p : `./${p}`;
  };
  return [...byModule]
    .map(([module, names]) => ({ path: relative(module), names: [...names].sort() }))
    .sort((a, b) => a.path.localeCompare(b.path))
    .map(({ path: p, names }) => `import { ${names.join(', ')} } from '${p}';`);
}

/** The step for the header and its comment: its summary, after the report's own words when it was read from them. */
export function describeStep(step: ParsedStep): string {
  if (!step.id) return `${oneLine(step.text)} (not automated yet)`;
  const described = describeArgs(step.id, step.args);
  return step.fromWords ? `${oneLine(step.text)} → ${described}` : described;
}

/** The sum of the steps' extra seconds, folded where they are numbers: `(300 + stepsOf(…).x + 30)`. */
function seconds(terms: string[]): string {
  const numbers = terms.filter((t) => /^\d+$/.test(t)).reduce((sum, t) => sum + Number(t), 0);
  const rest = terms.filter((t) => !/^\d+$/.test(t));
  return rest.length === 0 ? String(numbers) : `(${[...rest, ...(numbers ? [String(numbers)] : [])].join(' + ')})`;
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
