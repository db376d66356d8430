import { TerraformOutput } from 'cdktf';
import { newTestStack, synthesize } from '@icelog/core/testing';
import { GlueDatabaseRef, GlueTableRef } from '@icelog/core';
import { bucketReadWriteStatements, glueTableWriteStatements } from '../src';

const database: GlueDatabaseRef = {
  catalogId: '111122223333',
  catalogArn: 'arn:aws:glue:eu-west-1:111122223333:catalog',
  databaseName: 'icelog',
  databaseArn: 'arn:aws:glue:eu-west-1:111122223333:database/icelog',
};
const table = (name: string, db: GlueDatabaseRef = database): GlueTableRef => ({
  database: db,
  tableName: name,
  tableArn: `arn:aws:glue:eu-west-1:111122223333:table/${db.databaseName}/${name}`,
});

describe('glueTableWriteStatements', () => {
  test('names the catalog, the database and exactly the given tables', () => {
    const statements = glueTableWriteStatements(database, [table('request_200'), table('request_404')]);
    expect(statements).toEqual([
      {
        sid: 'IcebergCatalogAccess',
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable'],
        resources: [
          'arn:aws:glue:eu-west-1:111122223333:catalog',
          'arn:aws:glue:eu-west-1:111122223333:database/icelog',
          'arn:aws:glue:eu-west-1:111122223333:table/icelog/request_200',
          'arn:aws:glue:eu-west-1:111122223333:table/icelog/request_404',
        ],
      },
    ]);
    expect(JSON.stringify(statements)).not.toContain('*');
  });

  test('rejects an empty table list and tables of another database', () => {
    expect(() => glueTableWriteStatements(database, [])).toThrow(
      'Invalid tables: must name at least one table to grant access to. Received: []',
    );
    const other = { ...database, databaseName: 'other', databaseArn: 'arn:x' };
    expect(() => glueTableWriteStatements(database, [table('request_200'), table('t', other)])).toThrow(
      'Invalid tables[1].database: must be the granted database "icelog". Received: "other"',
    );
  });
});

describe('bucketReadWriteStatements', () => {
  const bucket = { bucketName: 'warehouse', bucketArn: 'arn:aws:s3:::warehouse' };

  test('S3 actions on the bucket and its objects only, no KMS statement for SSE-S3', () => {
    const statements = bucketReadWriteStatements(newTestStack(), bucket);
    expect(statements).toHaveLength(1);
    expect(statements[0].resources).toEqual(['arn:aws:s3:::warehouse', 'arn:aws:s3:::warehouse/*']);
    expect(statements[0].actions).toEqual([
      's3:AbortMultipartUpload',
      's3:GetBucketLocation',
      's3:GetObject',
      's3:ListBucket',
      's3:ListBucketMultipartUploads',
      's3:PutObject',
      's3:DeleteObject',
    ]);
  });

  test('a KMS bucket adds key use through S3 in the stack region', () => {
    const stack = newTestStack();
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/abc';
    const [, kms] = bucketReadWriteStatements(stack, bucket, { kmsKeyArn: key });
    expect(kms.actions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(kms.resources).toEqual([key]);
    new TerraformOutput(stack, 'via', { value: kms.conditions?.[0].values[0] });
    expect(kms.conditions?.[0]).toMatchObject({ test: 'StringEquals', variable: 'kms:ViaService' });
    expect(synthesize(stack).output.via.value).toMatch(
      /^s3\.\$\{data\.aws_region\.\w+\.name\}\.\$\{data\.aws_partition\.\w+\.dns_suffix\}$/,
    );
  });
});

describe('bucketReadWriteStatements keyPrefixes', () => {
  const bucket = { bucketName: 'warehouse', bucketArn: 'arn:aws:s3:::warehouse' };

  test('limits object access to the given prefixes, bucket-level actions stay on the bucket', () => {
    const [s3] = bucketReadWriteStatements(newTestStack(), bucket, {
      keyPrefixes: ['warehouse/', 'staging/'],
    });
    expect(s3.resources).toEqual([
      'arn:aws:s3:::warehouse',
      'arn:aws:s3:::warehouse/warehouse/*',
      'arn:aws:s3:::warehouse/staging/*',
    ]);
    expect(s3.resources).not.toContain('arn:aws:s3:::warehouse/*');
  });

  test('rejects an empty list and non-literal or malformed prefixes', () => {
    const stack = newTestStack();
    expect(() => bucketReadWriteStatements(stack, bucket, { keyPrefixes: [] })).toThrow(
      'Invalid keyPrefixes: must name at least one prefix (omit it to grant the whole bucket). Received: []',
    );
    expect(() => bucketReadWriteStatements(stack, bucket, { keyPrefixes: ['warehouse'] })).toThrow(
      `Invalid keyPrefixes[0]: must be a relative S3 key prefix ending in "/" (no leading "/"; letters, digits, Firehose !{…} expressions and !_.*'()-/=:). Received: "warehouse"`,
    );
    expect(() =>
      bucketReadWriteStatements(stack, bucket, { keyPrefixes: ['ok/', 'e/!{timestamp:yyyy}/'] }),
    ).toThrow(
      'Invalid keyPrefixes[1]: must be a literal prefix without Firehose !{…} expressions (lifecycle rules and IAM policies match it literally). Received: "e/!{timestamp:yyyy}/"',
    );
  });
});
