import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProjectGraphAsync, ProjectGraph } from 'nx/src/devkit-exports';
import { readNxJson } from 'nx/src/config/nx-json';
import { createTaskHasher } from 'nx/src/hasher/create-task-hasher';
import { createTaskGraph } from 'nx/src/tasks-runner/create-task-graph';
import { engineFacts, engineInputs, enginesKey } from '../src/engines-key.cjs';

/**
 * Issue 17: a task whose result depends on a system engine (jq 1.6, nginx, Terraform and its
 * provider mirror) has that engine in its cache key, so a machine with another or no engine never
 * gets a cached answer from one that had it. These tests hash the real tasks with Nx's own hasher,
 * change one engine's version string, and check the hash (the cache key) changes.
 */
jest.setTimeout(120_000);

const ENGINE_RUNTIMES = {
  jq: '/usr/bin/jq --version 2>&1 || echo no-jq',
  nginx: '/usr/sbin/nginx -v 2>&1 || echo no-nginx',
  terraform: 'CHECKPOINT_DISABLE=1 terraform version -json 2>/dev/null || echo no-terraform',
};

let graph: ProjectGraph;
beforeAll(async () => {
  graph = await createProjectGraphAsync({ exitOnError: false });
});

const tasksOf = (target: string) =>
  Object.values(graph.nodes)
    .filter((n) => n.data.targets?.[target])
    .map((n) => n.name)
    .sort();

/** The hash of `target` of each of `projects`, with `nxJson` changed by `edit`. */
async function hashes(
  target: string,
  projects: string[],
  edit: (nx: any) => void = () => undefined,
  env = process.env,
) {
  const nxJson = structuredClone(readNxJson());
  edit(nxJson);
  const taskGraph = createTaskGraph(graph, {}, projects, [target], undefined, {});
  const tasks = projects.map((p) => taskGraph.tasks[`${p}:${target}`]);
  const hashed = await createTaskHasher(graph, nxJson).hashTasks(tasks, taskGraph, env);
  return Object.fromEntries(projects.map((p, i) => [p, hashed[i].value]));
}

/** nx.json with the runtime input `command` replaced by one printing `version`. */
const withVersion = (command: string, version: string) => (nx: any) => {
  const engines: any[] = nx.namedInputs.engines;
  const i = engines.findIndex((e) => e.runtime === command);
  expect(i).toBeGreaterThanOrEqual(0);
  engines[i] = { runtime: `echo '${version}'` };
};

it('every test and validate task has the engines as inputs (new projects included, through targetDefaults)', async () => {
  const nxJson = readNxJson();
  expect(nxJson.namedInputs?.engines).toEqual(
    expect.arrayContaining(Object.values(ENGINE_RUNTIMES).map((runtime) => ({ runtime }))),
  );
  for (const target of ['test', 'validate']) {
    for (const p of tasksOf(target)) {
      expect({ task: `${p}:${target}`, inputs: graph.nodes[p].data.targets![target].inputs }).toEqual({
        task: `${p}:${target}`,
        inputs: expect.arrayContaining(['engines']),
      });
    }
  }
  expect(tasksOf('test').length).toBeGreaterThan(10);
  expect(tasksOf('validate')).toEqual(['dev', 'prod']);
});

it('the same engines give the same cache key', async () => {
  expect(await hashes('validate', ['dev', 'prod'])).toEqual(await hashes('validate', ['dev', 'prod']));
});

// Every test task has the same `engines` input (checked above); each engine is shown on the tasks
// that run it.
it.each([
  ['jq', 'jq-1.7.1', ['routing']],
  ['nginx', 'nginx version: nginx/1.27.0', ['ecs-firelens', 'smoke']],
  ['terraform', '{"terraform_version":"1.12.0"}', ['catalog', 'delivery', 'tf-offline']],
])('another %s version misses the cache of the tests that run it', async (engine, version, projects) => {
  const before = await hashes('test', projects);
  const runtime = ENGINE_RUNTIMES[engine as keyof typeof ENGINE_RUNTIMES];
  const after = await hashes('test', projects, withVersion(runtime, version));
  for (const p of projects) expect({ p, changed: after[p] !== before[p] }).toEqual({ p, changed: true });
});

it('another Terraform, another provider mirror or Terraform declared absent misses the validate cache', async () => {
  const apps = ['dev', 'prod'];
  const before = await hashes('validate', apps);
  const changed = [
    await hashes('validate', apps, withVersion(ENGINE_RUNTIMES.terraform, 'no-terraform')),
    await hashes('validate', apps, () => undefined, {
      ...process.env,
      ICELOG_TF_PLUGIN_MIRROR: '/nonexistent',
    }),
    await hashes('validate', apps, () => undefined, { ...process.env, ICELOG_TERRAFORM: 'absent' }),
  ];
  for (const after of changed) {
    expect(after.dev).not.toBe(before.dev);
    expect(after.prod).not.toBe(before.prod);
  }
});

describe('the pull-request workflow keys its Nx cache with the same engine inputs', () => {
  const workflow = readFileSync(
    join(__dirname, '..', '..', '..', '.github', 'workflows', 'test.yml'),
    'utf8',
  );

  it('reads the commands from nx.json', () => {
    expect(engineInputs()).toEqual(readNxJson().namedInputs?.engines);
    expect(engineFacts()).toEqual(expect.arrayContaining([`${ENGINE_RUNTIMES.jq} => jq-1.6\n`]));
  });

  it('gives another key for another mirror', () => {
    expect(enginesKey()).toMatch(/^[0-9a-f]{64}$/);
    expect(enginesKey({ ...process.env, ICELOG_TF_PLUGIN_MIRROR: '/nonexistent' })).not.toBe(enginesKey());
  });

  it('is the key of the workflow cache', () => {
    expect(workflow).toContain('run: echo "key=$(node tools/ci/src/engines-key.cjs)" >> "$GITHUB_OUTPUT"');
    expect(workflow).toMatch(/key: nx-\$\{\{ runner\.os \}\}-\$\{\{ steps\.engines\.outputs\.key \}\}-/);
    expect(workflow).toContain('run: npm test -- --affected');
  });
});
