import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { targetRegistry } from '../../fixtures/targets/registry.ts';
import { EXIT, parseOptions, printHelp, UsageError, type Command } from '../command.ts';
import { DescriptionError, parseDescription, readDescriptionFile, type BugReport } from '../repro/description.ts';
import { renderSpec } from '../repro/render.ts';
import { parseStep, STEPS, type ParsedStep } from '../repro/steps.ts';
import { PACKAGE_ROOT } from '../playwright.ts';

const HELP = `usage: authconf repro --from BUG.yaml|BUG.json [--out FILE] [--force]
       authconf repro --target APP --version V --title TEXT --step STEP... --expected TEXT --actual TEXT [--check ID...]

Scaffolds a regression spec (default specs/regressions/<app>-<title>.spec.ts) from a bug report.
It uses the existing fixtures and runs without editing: where the bug is present it FAILs,
where it is fixed it passes.

  --from FILE        the description as JSON or simple YAML (the same keys as the options;
                     steps and checks as lists); options given as well override it
  -t, --target APP   where the bug was seen: a target id (\`authconf targets\`) or, for an app
                     that is not a target yet, its name (the spec then runs on every target
                     that has what it needs, and SKIPs with the reason on the others)
  --app NAME         how the report names the app (default: the target's display name)
  -v, --version V    the version it was seen on (optional: reports do not always say)
  --title TEXT       what goes wrong, in one sentence
  --report REF       where the report lives (issue URL or number)
  --step STEP        repeatable, in order; a step of the vocabulary below, or any words, which
                     stay in the spec as a test.fixme (SKIP with the step as reason) until written
  --expected TEXT    what should happen;  --actual TEXT  what happens instead
  --check ID         repeatable: related catalog checks; their capabilities gate the spec
  -o, --out FILE     where to write;  --force  overwrite an existing file

steps:
${Object.entries(STEPS).map(([id, s]) => `  ${`${id}${s.argument ? ' SECONDS' : ''}`.padEnd(26)} ${s.summary}`).join('\n')}

exit codes: 0 written · 2 bad arguments or description (nothing written)`;

export const repro: Command = {
  help: HELP,
  run(args) {
    const { values } = parseOptions('repro', args, {
      from: { type: 'string' },
      target: { type: 'string', short: 't' },
      version: { type: 'string', short: 'v' },
      app: { type: 'string' },
      title: { type: 'string' },
      report: { type: 'string' },
      step: { type: 'string', multiple: true },
      expected: { type: 'string' },
      actual: { type: 'string' },
      check: { type: 'string', multiple: true },
      out: { type: 'string', short: 'o' },
      force: { type: 'boolean' },
    });
    if (values.help) return printHelp(HELP);
    const report = description(values);
    const steps = report.steps.map((text) => {
      const step = parseStep(text);
      if ('error' in step) throw new UsageError('repro', step.error);
      return step;
    });
    checkOrder(steps);
    const registry = targetRegistry();
    const profile = registry.has(report.target) ? registry.profile(report.target) : undefined;
    const outFile = path.resolve(values.out ?? path.join(PACKAGE_ROOT, 'specs/regressions', `${slug(report.target)}-${slug(report.title).slice(0, 60).replace(/-$/, '')}.spec.ts`));
    if (!outFile.endsWith('.spec.ts')) throw new UsageError('repro', `--out must name a .spec.ts file (got '${values.out}')`);
    if (existsSync(outFile) && !values.force) throw new UsageError('repro', `${path.relative(process.cwd(), outFile)} exists; --force overwrites it`);
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, renderSpec({ report, steps, appName: report.app ?? profile?.displayName ?? report.target, registered: !!profile, outFile }));

    const notes = [
      ...(profile ? [] : [`${report.target} is not an authconf target (${registry.described()}): the spec runs on every target that has what it needs`]),
      ...(profile && report.version && !profile.versions.supported.includes(report.version) ? [`${profile.id} ${report.version} is not a supported version here (supported: ${profile.versions.supported.join(', ')})`] : []),
      ...steps.filter((s) => !s.id).map((s) => `step "${s.text}" is not in the vocabulary: the spec SKIPs (fixme) until it is written`),
    ];
    process.stdout.write(`wrote ${path.relative(process.cwd(), outFile)}\n${notes.map((n) => `  note: ${n}\n`).join('')}`);
    return EXIT.ok;
  },
};

function description(values: Record<string, string | string[] | boolean | undefined>): BugReport {
  try {
    const fromFile = typeof values.from === 'string' ? (readDescriptionFile(values.from) as Record<string, unknown>) : {};
    const fromOptions = Object.fromEntries(
      (['target', 'app', 'version', 'title', 'report', 'expected', 'actual'] as const).flatMap((k) => (values[k] === undefined ? [] : [[k, values[k]]])),
    );
    if (values.step) fromOptions.steps = values.step;
    if (values.check) fromOptions.checks = values.check;
    return parseDescription({ ...fromFile, ...fromOptions }, typeof values.from === 'string' ? values.from : 'options');
  } catch (error) {
    if (error instanceof DescriptionError) throw new UsageError('repro', error.message);
    throw error;
  }
}

function checkOrder(steps: ParsedStep[]): void {
  steps.forEach((step, index) => {
    const after = step.id && STEPS[step.id]!.after;
    if (after && !steps.slice(0, index).some((s) => s.id === after)) throw new UsageError('repro', `step '${step.id}' needs '${after}' before it`);
  });
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
