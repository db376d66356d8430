import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { GlueDatabaseRef, GlueTableRef } from '@icelog/core';
import { SynthesizedStack, newTestStack, onlyBlock, synthesize } from '@icelog/core/testing';
import {
  IDeliveryRouting,
  IcebergDeliveryStream,
  IcebergDeliveryStreamProps,
  IcebergWarehouseBucket,
} from '../src';

export const ACCOUNT = '111122223333';
export const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const OTHER_KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;

export function databaseIn(region: string, name = 'icelog'): GlueDatabaseRef {
  return {
    catalogId: ACCOUNT,
    catalogArn: `arn:aws:glue:${region}:${ACCOUNT}:catalog`,
    databaseName: name,
    databaseArn: `arn:aws:glue:${region}:${ACCOUNT}:database/${name}`,
  };
}

export const database = databaseIn('eu-west-1');

export function table(name: string, db: GlueDatabaseRef = database): GlueTableRef {
  return {
    database: db,
    tableName: name,
    tableArn: db.databaseArn.replace(`:database/${db.databaseName}`, `:table/${db.databaseName}/${name}`),
  };
}

/** The processing configuration of a routing that always names `request_200`. */
export const PROCESSING = {
  enabled: true,
  processors: [
    {
      type: 'MetadataExtraction',
      parameters: [
        { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
        {
          parameterName: 'MetadataExtractionQuery',
          parameterValue:
            '{destinationDatabaseName: "icelog", destinationTableName: "request_200", operation: "insert"}',
        },
      ],
    },
  ],
};

/** A routing (the shape `StatusRouting` has) that can produce `tableNames` in database `icelog`. */
export function routingFor(...tableNames: string[]): IDeliveryRouting {
  return {
    databaseName: 'icelog',
    processingConfiguration: PROCESSING,
    tables: tableNames.map((tableName) => ({ tableName })),
  };
}

export const warehouse: IcebergWarehouseBucket = {
  bucketName: 'icelog-dev-warehouse',
  bucketArn: 'arn:aws:s3:::icelog-dev-warehouse',
};

/** The props the pipeline passes, for a stack in `region`. */
export function baseProps(region = 'eu-west-1'): IcebergDeliveryStreamProps {
  const db = databaseIn(region);
  return {
    deliveryStreamName: 'icelog-dev',
    region,
    database: db,
    tables: [{ table: table('request_200', db) }],
    warehouse,
  };
}

/** A test stack (AWS provider in `region`) with one delivery stream built from `baseProps` + `overrides`. */
export function newStream(
  overrides: Partial<IcebergDeliveryStreamProps> = {},
  region = overrides.region ?? 'eu-west-1',
): { stack: TerraformStack; stream: IcebergDeliveryStream } {
  const stack = newTestStack(region);
  const stream = new IcebergDeliveryStream(stack, 'Delivery', { ...baseProps(region), ...overrides });
  return { stack, stream };
}

/** Synthesizes a new stream and returns the JSON and its single delivery stream block. */
export function synthStream(overrides: Partial<IcebergDeliveryStreamProps> = {}): {
  json: SynthesizedStack;
  firehose: any;
  stream: IcebergDeliveryStream;
} {
  const { stack, stream } = newStream(overrides);
  const json = synthesize(stack);
  return { json, firehose: onlyBlock(json.resource, 'aws_kinesis_firehose_delivery_stream'), stream };
}

/** The statements of the inline role policy named `policyName` (resolving its policy document). */
export function policyStatements(json: SynthesizedStack, policyName: string): any[] {
  const policies = Object.values(json.resource.aws_iam_role_policy ?? {}).filter(
    (p) => p.name === policyName,
  );
  if (policies.length !== 1)
    throw new Error(`expected one role policy ${policyName}, found ${policies.length}`);
  return documentOf(json, policies[0].policy).statement;
}

/** The `aws_iam_policy_document` that a `${data.aws_iam_policy_document.<id>.json}` reference names. */
export function documentOf(json: SynthesizedStack, reference: string): any {
  const match = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(reference);
  if (!match) throw new Error(`not a policy document reference: ${reference}`);
  return json.data.aws_iam_policy_document[match[1]];
}

/** Warnings added to `construct` with `Annotations.of(construct).addWarning`. */
export function warningsOf(construct: IConstruct): string[] {
  return construct.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
}

/** A reference to a resource attribute as it appears in the synthesized JSON. */
export function ref(json: SynthesizedStack, type: string, attribute: string): string {
  const ids = Object.keys(json.resource[type] ?? {});
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return `\${${type}.${ids[0]}.${attribute}}`;
}
