import { join } from 'node:path';
import * as ts from 'typescript';
import { deepImportDir, parseBarrelNamespaces, readBarrelNamespaces } from '../src/naive/provider-barrel';
import { RewriteContext, relativeSpecifier, rewriteImports } from '../src/naive/rewrite-imports';
import { WORKSPACE_ROOT } from './helpers';

const FILE = '/naive/packages/core/src/secure-bucket.ts';
const context: RewriteContext = {
  providerNamespaces: new Map([
    ['s3-bucket', 's3Bucket'],
    ['s3-bucket-versioning', 's3BucketVersioning'],
    ['kinesis-firehose-delivery-stream', 'kinesisFirehoseDeliveryStream'],
    ['provider', 'provider'],
  ]),
  resolveWorkspace: (specifier) =>
    ({
      '@icelog/core': '/naive/packages/core/src/index',
      '@icelog/core/testing': '/naive/packages/core/src/testing',
      '@icelog/catalog': '/naive/packages/catalog/src/index',
    })[specifier],
};

const rewrite = (text: string) => rewriteImports(text, FILE, context);

describe('rewriteImports: deep provider imports', () => {
  it('imports the barrel once and aliases each imported class, keeping the rest of the file', () => {
    const result = rewrite(
      [
        "import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';",
        "import { S3BucketVersioningA as Versioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';",
        '',
        "new S3Bucket(scope, 'b', {});",
      ].join('\n'),
    );
    expect(result.text).toBe(
      [
        "import * as aws from '@cdktf/provider-aws';",
        'import S3Bucket = aws.s3Bucket.S3Bucket;',
        'import Versioning = aws.s3BucketVersioning.S3BucketVersioningA;',
        '',
        "new S3Bucket(scope, 'b', {});",
      ].join('\n'),
    );
    expect(result).toMatchObject({ providerImports: 2, workspaceImports: 0 });
  });

  it('aliases type-only imports and namespace imports too', () => {
    const result = rewrite(
      [
        "import type { KinesisFirehoseDeliveryStreamConfig } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';",
        "import * as providerModule from '@cdktf/provider-aws/lib/provider';",
      ].join('\n'),
    );
    expect(result.text).toBe(
      [
        "import * as aws from '@cdktf/provider-aws';",
        'import KinesisFirehoseDeliveryStreamConfig = aws.kinesisFirehoseDeliveryStream.KinesisFirehoseDeliveryStreamConfig;',
        'import providerModule = aws.provider;',
      ].join('\n'),
    );
  });

  it('accepts the /index form of a deep path', () => {
    expect(rewrite("import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index';").text).toBe(
      "import * as aws from '@cdktf/provider-aws';\nimport S3Bucket = aws.s3Bucket.S3Bucket;",
    );
  });

  it('picks another namespace name when the file already uses `aws`', () => {
    const result = rewrite(
      "import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';\nconst aws = 'aws:kms';\nconst aws_1 = aws;",
    );
    expect(result.text).toContain(
      "import * as aws_2 from '@cdktf/provider-aws';\nimport S3Bucket = aws_2.s3Bucket.S3Bucket;",
    );
  });

  it('leaves the barrel itself and other packages alone', () => {
    const text =
      "import { s3Bucket } from '@cdktf/provider-aws';\nimport { App } from 'cdktf';\nimport { x } from './x';";
    expect(rewrite(text)).toEqual({ text, providerImports: 0, workspaceImports: 0 });
  });

  it('compiles to a require of the barrel and none of a resource module', () => {
    const { outputText } = ts.transpileModule(
      rewrite(
        "import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';\nexport const b = new S3Bucket();",
      ).text,
      { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } },
    );
    expect(outputText).toContain('require("@cdktf/provider-aws")');
    expect(outputText).toContain('var S3Bucket = aws.s3Bucket.S3Bucket;');
    expect(outputText).not.toContain('provider-aws/lib');
  });

  it('rejects forms it cannot rewrite faithfully, naming file, line and column', () => {
    expect(() => rewrite("import S3 from '@cdktf/provider-aws/lib/s3-bucket';")).toThrow(
      `${FILE}:1:8: default import from '@cdktf/provider-aws/lib/s3-bucket' is not supported`,
    );
    expect(() => rewrite("\nexport { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';")).toThrow(
      `${FILE}:2:1: re-export from '@cdktf/provider-aws/lib/s3-bucket' is not supported`,
    );
    expect(() => rewrite("const m = import('@cdktf/provider-aws/lib/s3-bucket');")).toThrow(
      `${FILE}:1:11: dynamic import of '@cdktf/provider-aws/lib/s3-bucket' is not supported`,
    );
    expect(() => rewrite("import s3 = require('@cdktf/provider-aws/lib/s3-bucket');")).toThrow(
      `${FILE}:1:1: import = require('@cdktf/provider-aws/lib/s3-bucket') is not supported`,
    );
    expect(() => rewrite("import { Lb } from '@cdktf/provider-aws/lib/lb';")).toThrow(
      `${FILE}:1:1: '@cdktf/provider-aws/lib/lb' has no namespace in the barrel`,
    );
  });
});

describe('rewriteImports: workspace imports', () => {
  it('turns every kind of @icelog specifier into a relative path to the copied sources', () => {
    const result = rewrite(
      [
        "import { ValidationError } from '@icelog/core';",
        "import { newTestStack } from '@icelog/core/testing';",
        "export * from '@icelog/catalog';",
        "const lazy = () => require('@icelog/catalog') as typeof import('@icelog/catalog');",
        "const later = import('@icelog/core');",
      ].join('\n'),
    );
    expect(result.text).toBe(
      [
        "import { ValidationError } from './index';",
        "import { newTestStack } from './testing';",
        "export * from '../../catalog/src/index';",
        "const lazy = () => require('../../catalog/src/index') as typeof import('../../catalog/src/index');",
        "const later = import('./index');",
      ].join('\n'),
    );
    expect(result.workspaceImports).toBe(6);
  });

  it('rejects a workspace package that was not copied', () => {
    expect(() => rewrite("\n\nimport { x } from '@icelog/guardrails';")).toThrow(
      `${FILE}:3:19: no source file for workspace import '@icelog/guardrails' in the naive tree`,
    );
  });
});

describe('relativeSpecifier', () => {
  it('starts with ./ or ../ and uses forward slashes', () => {
    expect(relativeSpecifier('/a/b/c.ts', '/a/b/d/index')).toBe('./d/index');
    expect(relativeSpecifier('/a/b/c.ts', '/a/x/index')).toBe('../x/index');
  });
});

describe('the provider barrel', () => {
  it('names every resource module of the installed @cdktf/provider-aws', () => {
    const namespaces = readBarrelNamespaces(join(WORKSPACE_ROOT, 'node_modules', '@cdktf', 'provider-aws'));
    expect(namespaces.size).toBeGreaterThan(2000);
    expect(namespaces.get('s3-bucket')).toBe('s3Bucket');
    expect(namespaces.get('data-aws-caller-identity')).toBe('dataAwsCallerIdentity');
    expect(namespaces.get('kinesis-firehose-delivery-stream')).toBe('kinesisFirehoseDeliveryStream');
    expect(namespaces.get('provider')).toBe('provider');
  });

  it('rejects an index without namespace exports', () => {
    expect(() => parseBarrelNamespaces("export * from './s3-bucket';")).toThrow(
      `@cdktf/provider-aws barrel: no "export * as <name> from './<dir>'" line found`,
    );
  });

  it('recognizes deep imports, and not the barrel or its lazy index', () => {
    expect(deepImportDir('@cdktf/provider-aws/lib/s3-bucket')).toBe('s3-bucket');
    expect(deepImportDir('@cdktf/provider-aws/lib/s3-bucket/index.js')).toBe('s3-bucket');
    expect(deepImportDir('@cdktf/provider-aws')).toBeUndefined();
    expect(deepImportDir('@cdktf/provider-aws/lib/index')).toBeUndefined();
    expect(deepImportDir('@cdktf/provider-aws/lib/lazy-index')).toBeUndefined();
    expect(deepImportDir('cdktf')).toBeUndefined();
  });
});
