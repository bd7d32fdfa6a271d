import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { targetRegistry, type TargetRegistry } from '../../fixtures/targets/registry.ts';
import type { TargetProfile } from '../../fixtures/targets/profile.ts';
import { EXIT, parseOptions, printHelp, UsageError, type Command } from '../command.ts';
import { DescriptionError, parseDescription, readDescriptionFile, type BugReport } from '../repro/description.ts';
import { PUBLIC_TEST_ENTRY, renderSpec, type ImportStyle } from '../repro/render.ts';
import { STEPS, stepUsage, type ParsedStep } from '../repro/steps.ts';
import { parseSteps, suggest } from '../repro/words.ts';
import { PACKAGE_ROOT } from '../playwright.ts';

const HELP = `usage: authconf repro --from BUG.yaml|BUG.json [--out FILE] [--force] [--run]
       authconf repro --target APP --version V --title TEXT --step STEP... --expected TEXT --actual TEXT [--check ID...] [--run]

Scaffolds a regression spec from a bug report. It uses the existing fixtures and runs without
editing: where the bug is present it FAILs, where it is fixed it passes.

Where it goes: in your app's repository (authconf installed as a package, or a configuration
file in use) authconf/specs/regressions/<app>-<title>.spec.ts beside the configuration file,
importing from '${PUBLIC_TEST_ENTRY}'; in authconf's own checkout specs/regressions/.

  --from FILE        the description as JSON or simple YAML (the same keys as the options;
                     steps and checks as lists); options given as well override it
  -t, --target APP   where the bug was seen: a target id (\`authconf targets\`) or, for an app
                     that is not a target yet, its name (the spec then runs on every target
                     that has what it needs, and SKIPs with the reason on the others)
  --app NAME         how the report names the app (default: the target's display name)
  -v, --version V    the version it was seen on (optional: reports do not always say)
  --title TEXT       what goes wrong, in one sentence
  --report REF       where the report lives (issue URL or number)
  --step STEP        repeatable, in order: in your own words ("Log in", "Open a second tab",
                     "Log out in the first tab", "Reload the second tab", "SMTP is down", "the
                     server clock is 90 s behind", "upgrade to 0.23"…) or a step id below.
                     Words that read as no step stay in the spec as a test.fixme (SKIP with the
                     words as reason) until written; repro names the closest steps
  --expected TEXT    what should happen;  --actual TEXT  what happens instead
  --check ID         repeatable: related catalog checks; their capabilities gate the spec
  -o, --out FILE     where to write;  --force  overwrite an existing file
  --run              then run it against the target: \`authconf run --target APP [--version V]
                     -- FILE\` in this process (V when the target supports the report's version);
                     APP must be a registered target. The file must lie where the run looks for
                     specs (the default place does)

steps (id, then words that read as it):
${Object.entries(STEPS).map(([id, s]) => `  ${stepUsage(id).padEnd(28)} ${s.examples.slice(0, 2).map((e) => `"${e}"`).join(', ')}`).join('\n')}

  WHERE: first-tab, second-tab, private-window, new-browser ("in the second tab", "in a private
  window", "in another browser"); the step acts on the last tab or window opened or named.

exit codes: 0 written (--run: the run's exit code) · 2 bad arguments or description (nothing written)`;

export const repro: Command = {
  help: HELP,
  async run(args) {
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
      run: { type: 'boolean' },
    });
    if (values.help) return printHelp(HELP);
    const report = description(values);
    const steps = report.steps.flatMap((text) => {
      const parsed = parseSteps(text);
      if ('error' in parsed) throw new UsageError('repro', parsed.error);
      return parsed;
    });
    const registry = targetRegistry();
    const profile = registry.has(report.target) ? registry.profile(report.target) : undefined;
    if (values.run && !profile) {
      throw new UsageError('repro', `--run runs the spec against a registered target, and '${report.target}' is not one (${registry.described()}): write the spec without --run, then run it with \`authconf run --target ID -- FILE\``);
    }
    const home = reproHome(registry);
    const outFile = path.resolve(values.out ?? path.join(home.dir, `${slug(report.target)}-${shortSlug(report.title)}.spec.ts`));
    if (!outFile.endsWith('.spec.ts')) throw new UsageError('repro', `--out must name a .spec.ts file (got '${values.out}')`);
    if (existsSync(outFile) && !values.force) throw new UsageError('repro', `${path.relative(process.cwd(), outFile)} exists; --force overwrites it`);
    const rendered = renderSpec({ report, steps, appName: report.app ?? profile?.displayName ?? report.target, registered: !!profile, outFile, importStyle: home.importStyle, capabilities: profile?.capabilities });
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, rendered.source);

    const shown = path.relative(process.cwd(), outFile) || outFile;
    const notes = [
      ...(profile ? [] : [`${report.target} is not an authconf target (${registry.described()}): the spec runs on every target that has what it needs`]),
      ...(profile && report.version && !profile.versions.supported.includes(report.version) ? [`${profile.id} ${report.version} is not a supported version here (supported: ${profile.versions.supported.join(', ')})`] : []),
      ...steps.filter((s) => !s.id).map((s) => unknownStepNote(s)),
      ...rendered.notes,
    ];
    const read = steps.flatMap((s, i) => (s.fromWords ? [`step ${i + 1}: "${s.text}" → ${s.id}${argsShown(s)}`] : []));
    process.stdout.write(`wrote ${shown}\n${read.map((r) => `  ${r}\n`).join('')}${notes.map((n) => `  note: ${n}\n`).join('')}`);
    if (!values.run) {
      if (profile) process.stdout.write(`run it: authconf run ${runArgs(profile, report.version, shown).join(' ')}\n`);
      return EXIT.ok;
    }
    const { run } = await import('./run.ts');
    return run.run(runArgs(profile!, report.version, outFile));
  },
};

/**
 * Where `repro` writes and how the spec imports the fixtures. In a maintainer's repository —
 * authconf runs from the installed package (compiled JavaScript), or a configuration file is
 * in use — beside the configuration file (else the working directory) in
 * authconf/specs/regressions/, importing the package's public test entry; in this source
 * checkout specs/regressions/, importing fixtures/ by relative path.
 */
export function reproHome(registry: TargetRegistry, installed = !import.meta.filename.endsWith('.ts')): { dir: string; importStyle: ImportStyle } {
  if (registry.config || installed) {
    const root = registry.config ? path.dirname(registry.config.file) : process.cwd();
    return { dir: path.join(root, 'authconf/specs/regressions'), importStyle: 'package' };
  }
  return { dir: path.join(PACKAGE_ROOT, 'specs/regressions'), importStyle: 'relative' };
}

/** `authconf run` arguments for the written spec: the target, the report's version when the target supports it, the file. */
export function runArgs(profile: TargetProfile, version: string | undefined, file: string): string[] {
  return ['--target', profile.id, ...(version && profile.versions.supported.includes(version) ? ['--version', version] : []), '--', file];
}

function unknownStepNote(step: ParsedStep): string {
  const close = suggest(step.text);
  return `step "${step.text}" reads as no step: the spec SKIPs (fixme) until it is written${close.length ? `; did you mean ${close.map((c) => `"${c.example}" (${c.id})`).join(', ')}?` : ''}`;
}

function argsShown({ args }: ParsedStep): string {
  const parts = [args.where, args.seconds !== undefined ? `${args.seconds} s` : undefined, args.offset !== undefined ? `offset ${args.offset}` : undefined, args.from && `from ${args.from}`, args.to && `to ${args.to}`].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

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

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
/** The title's slug in at most 60 characters, cut between words. */
const shortSlug = (text: string) => {
  const full = slug(text);
  return full.length <= 60 ? full : full.slice(0, 61).replace(/-[^-]*$/, '');
};
