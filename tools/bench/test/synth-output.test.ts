import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { diffJson, normalizeSynthOutput, readNormalizedStack, stackFile } from '../src/synth-output';
import { tempDir } from './helpers';

const placeholders = [
  { path: '/tmp/bench/clone', placeholder: '<workspace>' },
  { path: '/tmp/bench/clone/apps/dev/cdktf.out', placeholder: '<outdir>' },
];

describe('normalizeSynthOutput', () => {
  it('replaces machine paths in values and keys, longest path first, and keeps cdktf metadata', () => {
    const json = {
      '//': { metadata: { stackName: 'icelog-dev', version: '0.21.0' } },
      resource: {
        aws_s3_object: {
          Config: {
            source: '/tmp/bench/clone/apps/dev/cdktf.out/assets/x.conf',
            '//': { metadata: { path: 'icelog-dev/Config' } },
          },
        },
      },
      output: { '/tmp/bench/clone/key': { value: ['/tmp/bench/clone/a', 3, true, null] } },
    };
    expect(normalizeSynthOutput(json, placeholders)).toEqual({
      '//': { metadata: { stackName: 'icelog-dev', version: '0.21.0' } },
      resource: {
        aws_s3_object: {
          Config: { source: '<outdir>/assets/x.conf', '//': { metadata: { path: 'icelog-dev/Config' } } },
        },
      },
      output: { '<workspace>/key': { value: ['<workspace>/a', 3, true, null] } },
    });
  });

  it('reads a stack from <outdir>/stacks/<stack>/cdk.tf.json', () => {
    const outdir = tempDir();
    mkdirSync(join(outdir, 'stacks', 'icelog-dev'), { recursive: true });
    writeFileSync(stackFile(outdir, 'icelog-dev'), JSON.stringify({ a: `${outdir}/x` }));
    expect(
      readNormalizedStack(stackFile(outdir, 'icelog-dev'), [{ path: outdir, placeholder: '<o>' }]),
    ).toEqual({
      a: '<o>/x',
    });
  });
});

describe('diffJson', () => {
  it('is empty for equal documents, whatever the key order', () => {
    expect(diffJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toEqual([]);
  });

  it('names each differing path with both values', () => {
    expect(
      diffJson(
        { resource: { aws_s3_bucket: { W: { bucket: 'a', tags: { x: '1' } } } }, list: [1, 2] },
        { resource: { aws_s3_bucket: { W: { bucket: 'b' } } }, list: [1, 2, 3] },
      ),
    ).toEqual([
      '$.list.2: (missing) ≠ 3',
      '$.resource.aws_s3_bucket.W.bucket: "a" ≠ "b"',
      '$.resource.aws_s3_bucket.W.tags: {"x":"1"} ≠ (missing)',
    ]);
  });

  it('tells an array from an object and stops at the limit', () => {
    expect(diffJson({ a: [] }, { a: {} })).toEqual(['$.a: [] ≠ {}']);
    expect(diffJson({ a: 1, b: 1, c: 1 }, { a: 2, b: 2, c: 2 }, 2)).toHaveLength(2);
  });

  it('shortens long values', () => {
    const [line] = diffJson({ a: 'x'.repeat(200) }, { a: 'y' });
    expect(line).toBe(`$.a: "${'x'.repeat(76)}... ≠ "y"`);
  });
});
