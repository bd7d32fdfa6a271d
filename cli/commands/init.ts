import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { EXIT, parseOptions, printHelp, UsageError, wholeNumber, type Command } from '../command.ts';
import { ciWorkflow, configFile, targetFile, type TargetAnswers } from '../init/templates.ts';

const HELP = `usage: authconf init [options]

Sets authconf up in this repository (your app's): writes
  authconf.config.yaml              registers your target and makes it the run's default
  authconf/ID.yaml                  your app as a declarative target, to finish by hand
                                    (how an account is made, the sign-in locators)
  .github/workflows/authconf.yml    a CI workflow: a conformance run, reports uploaded
  .gitignore                        reports/ and test-results/ added when missing
Then: \`npx authconf targets\` checks the file, \`npx authconf run\` runs the checks.
Asks for what the options do not give when it runs on a terminal, unless --yes.

options:
      --id ID              the target's id (default: from --image, else this directory's name)
      --name NAME          its display name
      --image REF          the app's image as users pull it; {version} stands for the version
                           (e.g. ghcr.io/you/app:{version})
      --version V          the version a run tests by default
      --port N             the port the app listens on inside its container (default 8080)
      --health PATH        a path that answers (below 500) once the app is up (default /)
      --login-url PATH     the sign-in page (default /login)
  -y, --yes                never ask: defaults for what is not given
      --force              overwrite files that exist

exit codes: 0 written · 2 bad arguments, or a file exists (nothing written)`;

export const init: Command = {
  help: HELP,

  async run(args) {
    const { values } = parseOptions('init', args, {
      id: { type: 'string' },
      name: { type: 'string' },
      image: { type: 'string' },
      version: { type: 'string' },
      port: { type: 'string' },
      health: { type: 'string' },
      'login-url': { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      force: { type: 'boolean' },
    });
    if (values.help) return printHelp(HELP);
    const interactive = !values.yes && process.stdin.isTTY && process.stdout.isTTY;
    const answers = await (interactive ? ask : defaults)(values);
    validate(answers);

    const files: [string, string][] = [
      ['authconf.config.yaml', configFile(answers)],
      [path.join('authconf', `${answers.id}.yaml`), targetFile(answers)],
      [path.join('.github', 'workflows', 'authconf.yml'), ciWorkflow(answers)],
    ];
    const existing = files.filter(([file]) => existsSync(file)).map(([file]) => file);
    if (existing.length && !values.force) throw new UsageError('init', `${existing.join(', ')} exist${existing.length === 1 ? 's' : ''}; --force overwrites (nothing was written)`);
    for (const [file, content] of files) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    const ignored = addToGitignore(['node_modules/', 'reports/', 'test-results/']);
    process.stdout.write(
      `${files.map(([file]) => `wrote ${file}`).join('\n')}\n${ignored.length ? `added to .gitignore: ${ignored.join(' ')}\n` : ''}` +
        `next: finish authconf/${answers.id}.yaml (account, sign-in locators; see the comments), then\n  npx authconf targets ${answers.id}\n  npx authconf run\n`,
    );
    return EXIT.ok;
  },
};

type Values = Partial<Record<'id' | 'name' | 'image' | 'version' | 'port' | 'health' | 'login-url', string>>;

function defaults(values: Values): Promise<TargetAnswers> {
  const image = values.image ?? 'ghcr.io/OWNER/APP:{version}';
  const id = values.id ?? idFrom(values.image) ?? idFrom(path.basename(process.cwd())) ?? 'app';
  return Promise.resolve({
    id,
    name: values.name ?? id.replace(/(^|-)(\w)/g, (_, dash: string, c: string) => `${dash ? ' ' : ''}${c.toUpperCase()}`),
    image,
    version: values.version ?? (/:(?!\{)([\w.+-]+)$/.exec(image)?.[1] ?? 'latest'),
    port: wholeNumber('init', 'port', values.port, { min: 1, max: 65535 }) ?? 8080,
    health: values.health ?? '/',
    loginUrl: values['login-url'] ?? '/login',
  });
}

async function ask(values: Values): Promise<TargetAnswers> {
  const fallback = await defaults(values);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const question = async (text: string, given: string | undefined, suggestion: string) => given ?? ((await rl.question(`${text} [${suggestion}]: `)).trim() || suggestion);
    const image = await question("The app's image as users pull it ({version} for the version)", values.image, fallback.image);
    const id = await question('Target id', values.id, idFrom(image) ?? fallback.id);
    return {
      id,
      name: await question('Display name', values.name, fallback.name),
      image,
      version: await question('Version to test by default', values.version, fallback.version),
      port: wholeNumber('init', 'port', await question('Port the app listens on in its container', values.port, String(fallback.port)), { min: 1, max: 65535 })!,
      health: await question('A path that answers once the app is up', values.health, fallback.health),
      loginUrl: await question('The sign-in page', values['login-url'], fallback.loginUrl),
    };
  } finally {
    rl.close();
  }
}

/** `ghcr.io/you/my-app:{version}` → `my-app`. */
function idFrom(text: string | undefined): string | undefined {
  const name = text?.split('/').at(-1)?.split(':')[0]?.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return name || undefined;
}

function validate(answers: TargetAnswers): void {
  if (!/^[a-z0-9-]+$/.test(answers.id)) throw new UsageError('init', `--id: lower-case letters, digits and dashes (got '${answers.id}')`);
  if (!/^[\w.+-]+$/.test(answers.version)) throw new UsageError('init', `--version: a version such as 2.3.5 (got '${answers.version}')`);
  for (const [option, value] of [['health', answers.health], ['login-url', answers.loginUrl]] as const) {
    if (!value.startsWith('/')) throw new UsageError('init', `--${option}: a path on the app, starting with / (got '${value}')`);
  }
}

function addToGitignore(entries: string[]): string[] {
  const current = existsSync('.gitignore') ? readFileSync('.gitignore', 'utf8') : '';
  const lines = new Set(current.split('\n').map((l) => l.trim()));
  const missing = entries.filter((e) => !lines.has(e) && !lines.has(e.replace(/\/$/, '')));
  if (missing.length) writeFileSync('.gitignore', `${current}${current && !current.endsWith('\n') ? '\n' : ''}${current ? '\n' : ''}# authconf\n${missing.join('\n')}\n`);
  return missing;
}
