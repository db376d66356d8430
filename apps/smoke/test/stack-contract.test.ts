import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { App } from 'cdktf';
import { IcelogStack } from '@icelog/pipeline';
import { loadSettings, synthPathForApp } from '../src/settings';
import { makeWorkspace } from './harness';

/**
 * The contract between the stacks and this CLI: the real IcelogStack, synthesized the way apps/dev does
 * it, must give `check` every setting it needs from cdk.tf.json alone, before anything is deployed.
 */
describe('settings read from a real synthesized IcelogStack', () => {
  test('database, workgroup, statuses, prefix, region and table names need no outputs file', () => {
    const root = makeWorkspace('dev', {});
    const outdir = dirname(dirname(dirname(synthPathForApp(root, 'dev'))));
    mkdirSync(outdir, { recursive: true });
    const app = new App({ outdir });
    const stack = new IcelogStack(app, 'icelog-dev', {
      environment: 'dev',
      region: 'eu-central-1',
      state: { bucket: 'state-bucket' },
      routing: { statuses: [200, 404, 503] },
      service: { network: { defaultVpc: true }, ingressCidrs: ['10.0.0.0/8'] },
    });
    app.synth();

    const settings = loadSettings({
      root,
      cwd: root,
      app: 'dev',
      flags: {},
      required: ['database', 'workgroup', 'statuses'],
    });
    expect(settings).toMatchObject({
      region: 'eu-central-1',
      database: 'icelog_dev',
      workgroup: 'icelog-dev-smoke',
      tablePrefix: 'request_',
      statuses: [200, 404, 503],
      fallbackTable: stack.routing.fallbackTableName,
      unparsedTable: stack.routing.unparsedTableName,
    });
  });
});
