import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProjectGraphAsync, ProjectGraph } from 'nx/src/devkit-exports';
import { workspacePackages } from '@icelog/ci/workspace-bins';

/**
 * Every shell command in the root README's code blocks, run from the workspace root: the ones that
 * need no AWS credentials for real, the others (deploy-time, long-running or install commands) in a
 * dry form that still proves the command is right (the script, Nx target or bin subcommand exists
 * and accepts its options). A command without a rule below fails the test, so the README cannot
 * grow a command nobody checks.
 */
jest.setTimeout(300_000);

const ROOT = join(__dirname, '..', '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Commands of the README's sh/bash/shell code blocks: comments dropped, `a && b` split. */
export function readmeCommands(markdown: string): string[] {
  const commands: string[] = [];
  const fence = /^([ \t]*)```(?:sh|bash|shell)[ \t]*\n([\s\S]*?)^\1```/gm;
  for (const [, indent, body] of markdown.matchAll(fence)) {
    for (const raw of body.split('\n')) {
      const line = raw
        .slice(indent.length)
        .replace(/\s+#.*$/, '')
        .trim();
      if (line === '' || line.startsWith('#')) continue;
      commands.push(...line.split(/\s+&&\s+/));
    }
  }
  return commands;
}

function sh(command: string) {
  const r = spawnSync('bash', ['-c', command], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

let graph: ProjectGraph;
beforeAll(async () => {
  graph = await createProjectGraphAsync({ exitOnError: false });
});

/** Nx `project:target` pairs an Nx command line names (`nx run p:t`, `nx run-many -t a b -p x y`). */
function nxTasks(args: string[]): string[] {
  if (args[0] === 'run') return [args[1]];
  if (args[0] !== 'run-many' && args[0] !== 'affected')
    throw new Error(`unknown nx command ${args.join(' ')}`);
  const after = (flag: string) => {
    const i = args.indexOf(flag);
    if (i < 0) return [];
    const values: string[] = [];
    for (const a of args.slice(i + 1)) {
      if (a.startsWith('-')) break;
      values.push(a);
    }
    return values;
  };
  const targets = after('-t');
  const projects = after('-p');
  return projects.flatMap((p) => targets.map((t) => `${p}:${t}`));
}

function expectNxTasksExist(tasks: string[]) {
  expect(tasks.length).toBeGreaterThan(0);
  for (const task of tasks) {
    const [project, target] = task.split(':');
    expect({ task, exists: Boolean(graph.nodes[project]?.data.targets?.[target]) }).toEqual({
      task,
      exists: true,
    });
  }
}

const bins = new Set(workspacePackages(ROOT).flatMap((p) => Object.keys(p.bins)));

/** How each README command is checked. The first rule whose pattern matches applies. */
const RULES: { pattern: RegExp; check: (m: RegExpMatchArray) => void }[] = [
  {
    // Installing is not re-run here: the lock file must be in sync, which is what `npm ci` checks first.
    pattern: /^npm ci$/,
    check: () => {
      const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
      for (const p of [{ dir: '', name: pkg.name }, ...workspacePackages(ROOT)]) {
        const declared = JSON.parse(readFileSync(join(ROOT, p.dir, 'package.json'), 'utf8'));
        const locked = lock.packages[p.dir];
        for (const field of ['dependencies', 'devDependencies', 'peerDependencies'] as const) {
          expect({ pkg: p.name, field, locked: locked?.[field] ?? {} }).toEqual({
            pkg: p.name,
            field,
            locked: declared[field] ?? {},
          });
        }
      }
    },
  },
  {
    // The test command itself: its preflight (without installing) and the Nx command it would run.
    pattern: /^npm test$/,
    check: () => {
      const r = sh('npm test -- --dry-run');
      expect(r.status).toBe(0);
      expect(r.out).toContain('icelog test: nx run-many -t format lint typecheck test synth validate');
    },
  },
  {
    // `npm run <script>`: the script exists; Nx scripts name projects and targets that exist.
    pattern: /^npm run (\S+)(?: -- (.*))?$/,
    check: ([, script, args]) => {
      expect(Object.keys(pkg.scripts)).toContain(script);
      const nx = /(?:^|\s)nx (.*)$/.exec(pkg.scripts[script]);
      if (nx) expectNxTasksExist(nxTasks(nx[1].split(/\s+/)));
      else {
        // A node CLI: its options are accepted (`--help` prints the usage and runs nothing).
        const r = sh(`npm run ${script} -- ${args ?? ''} --help`);
        expect({ command: `npm run ${script}`, status: r.status }).toEqual({
          command: `npm run ${script}`,
          status: 0,
        });
      }
    },
  },
  {
    // Nx targets (deploy, diff): the project and target exist; nothing is run (they need AWS).
    pattern: /^npx nx (run .*)$/,
    check: ([, args]) => expectNxTasksExist(nxTasks(args.split(/\s+/))),
  },
  {
    // A workspace CLI: `<subcommand> --help` answers (the real run needs AWS credentials).
    pattern: /^npx (icelog-[\w-]+)((?: [a-z][\w-]*)?)(?: .*)?$/,
    check: ([, bin, subcommand]) => {
      expect(bins).toContain(bin);
      const r = sh(`npx ${bin}${subcommand} --help`);
      expect({ command: `npx ${bin}${subcommand} --help`, status: r.status }).toEqual({
        command: `npx ${bin}${subcommand} --help`,
        status: 0,
      });
      expect(r.out).toMatch(/Usage:/i);
    },
  },
  {
    // The bench's report: the bench writes it (checked in tools/bench); it exists only after a run.
    pattern: /^cat \.bench\/latest\.md$/,
    check: () => {
      expect(readFileSync(join(ROOT, 'tools', 'bench', 'src', 'cli.ts'), 'utf8')).toContain("'latest.md'");
      expect(readFileSync(join(ROOT, '.gitignore'), 'utf8')).toContain('.bench/');
    },
  },
];

const commands = readmeCommands(README);

it('finds the README commands (setup, test, deploy, bench)', () => {
  expect(commands).toEqual(expect.arrayContaining(['npm ci', 'npm run synth', 'npm test']));
  expect(commands.some((c) => c.startsWith('npx icelog-smoke'))).toBe(true);
});

it('extracts commands from indented and plain fences, dropping comments', () => {
  const md = [
    '```sh',
    'a && b   # two',
    '# only a comment',
    '```',
    '1. x',
    '   ```bash',
    '   c --d',
    '   ```',
    '```ts',
    'e',
    '```',
  ];
  expect(readmeCommands(md.join('\n'))).toEqual(['a', 'b', 'c --d']);
});

it.each(commands)('%s', (command) => {
  const rule = RULES.find((r) => r.pattern.test(command));
  if (!rule) throw new Error(`README command "${command}" has no rule in ${__filename}: add one`);
  rule.check(command.match(rule.pattern)!);
});

it('every workspace bin is linked in node_modules/.bin by the setup command', () => {
  for (const bin of bins) {
    expect({ bin, linked: existsSync(join(ROOT, 'node_modules', '.bin', bin)) }).toEqual({
      bin,
      linked: true,
    });
  }
});
