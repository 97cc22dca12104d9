// What a process type's command runs: the programs at the head of each `&&`/`;` part, with
// `npm start` / `npm run X` / `yarn X` replaced by the package.json script they run (one level).
import type { Language, PackageJson } from './facts.js';

const SEPARATORS = /&&|\|\||;|\|/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

function headWords(command: string): string[][] {
  return command
    .split(SEPARATORS)
    .map((part) =>
      part
        .trim()
        .split(/\s+/)
        .filter((word) => word !== ''),
    )
    .map((words) => {
      let at = 0;
      while (at < words.length && (ASSIGNMENT.test(words[at] ?? '') || words[at] === 'exec')) at++;
      return words.slice(at);
    })
    .filter((words) => words.length > 0);
}

function scriptOf(
  words: readonly string[],
  scripts: Readonly<Record<string, string>>,
): string | undefined {
  const [tool, first, second] = words;
  if (tool === 'npm' && first === 'start') return scripts.start ?? 'node server.js';
  if (tool === 'npm' && (first === 'run' || first === 'run-script') && second !== undefined)
    return scripts[second];
  if ((tool === 'yarn' || tool === 'pnpm') && first !== undefined)
    return scripts[first === 'run' ? (second ?? '') : first];
  return undefined;
}

/** The programs a command runs: `npx nodemon x.js` → [npx, nodemon]; `npm start` → its script's. */
export function commandPrograms(command: string, packageJson: PackageJson | undefined): string[] {
  const scripts = packageJson?.scripts ?? {};
  return headWords(command).flatMap((words) => {
    const script = scriptOf(words, scripts);
    const own = words[0] === 'npx' || words[0] === 'bundle' ? words.slice(0, 2) : words.slice(0, 1);
    if (script === undefined) return own.map(basename);
    return [
      ...own.map(basename),
      ...headWords(script).flatMap((inner) =>
        inner.slice(0, inner[0] === 'npx' ? 2 : 1).map(basename),
      ),
    ];
  });
}

function basename(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

const RUNTIMES: Readonly<Record<Language, RegExp>> = {
  nodejs: /^(node|nodejs|npm|npx|yarn|pnpm|nodemon|ts-node|tsx)$/,
  python:
    /^(python[0-9.]*|pip[0-9.]*|gunicorn|uvicorn|flask|django-admin|waitress-serve|daphne|celery|hypercorn|streamlit)$/,
  ruby: /^(ruby|bundle|rails|rake|rackup|puma|sidekiq|thin|unicorn)$/,
};

/** The language runtime a program comes from, when hdev knows it. */
export function runtimeOf(program: string): Language | undefined {
  return (Object.keys(RUNTIMES) as Language[]).find((language) => RUNTIMES[language].test(program));
}
