import {
  FirehoseCustomerManagedKey,
  FirehoseErrorLogging,
  FirehoseFailedRecordsKept,
  FirehoseRoleTrust,
  FirehoseServerSideEncryption,
  GlueNoWildcardArns,
  KinesisStreamCustomerManagedKey,
  KinesisStreamEncryption,
} from '../../src';
import { check, expectEveryRuleCovered, modified, ref, stackJson } from '../helpers';

const S = 'aws_kinesis_firehose_delivery_stream.stream';
const ROLE = 'aws_iam_role.firehose';
const GLUE = 'aws_iam_role_policy.glue';
const account = ref('data.aws_caller_identity.ctx.account_id');
const arn = (resource: string): string =>
  `arn:${ref('data.aws_partition.ctx.partition')}:glue:${ref('data.aws_region.ctx.name')}:${account}:${resource}`;

/** A Direct PUT stream to Iceberg with everything SECURITY.md asks for. */
const delivery = stackJson({
  resource: {
    aws_kinesis_firehose_delivery_stream: {
      stream: {
        name: 'icelog',
        destination: 'iceberg',
        server_side_encryption: {
          enabled: true,
          key_type: 'CUSTOMER_MANAGED_CMK',
          key_arn: ref('aws_kms_key.k.arn'),
        },
        iceberg_configuration: {
          role_arn: ref('aws_iam_role.firehose.arn'),
          catalog_arn: arn('catalog'),
          s3_backup_mode: 'FailedDataOnly',
          cloudwatch_logging_options: {
            enabled: true,
            log_group_name: ref('aws_cloudwatch_log_group.fh.name'),
            log_stream_name: ref('aws_cloudwatch_log_stream.fh.name'),
          },
          s3_configuration: {
            role_arn: ref('aws_iam_role.firehose.arn'),
            bucket_arn: ref('aws_s3_bucket.w.arn'),
            error_output_prefix: 'errors/',
          },
        },
      },
    },
    aws_cloudwatch_log_group: { fh: { name: '/aws/kinesisfirehose/icelog', retention_in_days: 30 } },
    aws_cloudwatch_log_stream: {
      fh: { name: 'DestinationDelivery', log_group_name: ref('aws_cloudwatch_log_group.fh.name') },
    },
    aws_iam_role: { firehose: { assume_role_policy: ref('data.aws_iam_policy_document.trust.json') } },
    aws_iam_role_policy: {
      glue: {
        role: ref('aws_iam_role.firehose.name'),
        policy: ref('data.aws_iam_policy_document.glue.json'),
      },
    },
    aws_kinesis_stream: {
      src: { name: 'src', encryption_type: 'KMS', kms_key_id: ref('aws_kms_key.k.arn') },
    },
  },
  data: {
    aws_iam_policy_document: {
      trust: {
        statement: [
          {
            effect: 'Allow',
            actions: ['sts:AssumeRole'],
            principals: [{ type: 'Service', identifiers: ['firehose.amazonaws.com'] }],
            condition: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: [account] }],
          },
        ],
      },
      glue: {
        statement: [
          {
            sid: 'Glue',
            effect: 'Allow',
            actions: ['glue:GetTable', 'glue:GetDatabase', 'glue:UpdateTable'],
            resources: [arn('catalog'), arn('database/icelog'), arn('table/icelog/request_200')],
          },
        ],
      },
    },
    aws_caller_identity: { ctx: {} },
  },
});

const trustStatement = (j: any) => j.data.aws_iam_policy_document.trust.statement[0];
const glueStatement = (j: any) => j.data.aws_iam_policy_document.glue.statement[0];
const streamBody = (j: any) => j.resource.aws_kinesis_firehose_delivery_stream.stream;
const withKinesisSource = modified(delivery, (j) => {
  streamBody(j).kinesis_source_configuration = {
    kinesis_stream_arn: ref('aws_kinesis_stream.src.arn'),
    role_arn: ref('aws_iam_role.firehose.arn'),
  };
  delete streamBody(j).server_side_encryption;
});

describe('CKV_AWS_240 FirehoseServerSideEncryption', () => {
  it('is compliant with SSE enabled', () => {
    expect(check(FirehoseServerSideEncryption, delivery, S)).toEqual({ status: 'compliant' });
  });

  it('is non-compliant without SSE', () => {
    const json = modified(delivery, (j) => delete streamBody(j).server_side_encryption);
    expect(check(FirehoseServerSideEncryption, json, S)).toEqual({
      status: 'non-compliant',
      message: 'server_side_encryption.enabled is unset; set it to true',
    });
  });

  it('is non-compliant when SSE is explicitly disabled', () => {
    const json = modified(delivery, (j) => (streamBody(j).server_side_encryption = { enabled: false }));
    expect(check(FirehoseServerSideEncryption, json, S).status).toBe('non-compliant');
  });

  it('is not applicable with a Kinesis source', () => {
    expect(check(FirehoseServerSideEncryption, withKinesisSource, S)).toEqual({
      status: 'not-applicable',
      message: 'the stream reads from Kinesis/MSK; encryption belongs on the source stream (CKV_AWS_43)',
    });
  });
});

describe('CKV_AWS_241 FirehoseCustomerManagedKey', () => {
  it('is not applicable unless requireCmk', () => {
    expect(check(FirehoseCustomerManagedKey, delivery, S).status).toBe('not-applicable');
  });

  it('is compliant with a CUSTOMER_MANAGED_CMK key', () => {
    expect(check(FirehoseCustomerManagedKey, delivery, S, { requireCmk: true })).toEqual({
      status: 'compliant',
      message: 'key_arn "${aws_kms_key.k.arn}"',
    });
  });

  it('is non-compliant with the AWS-owned key', () => {
    const json = modified(
      delivery,
      (j) => (streamBody(j).server_side_encryption = { enabled: true, key_type: 'AWS_OWNED_CMK' }),
    );
    expect(check(FirehoseCustomerManagedKey, json, S, { requireCmk: true })).toEqual({
      status: 'non-compliant',
      message:
        'server_side_encryption is enabled=true, key_type="AWS_OWNED_CMK", key_arn=unset; use key_type "CUSTOMER_MANAGED_CMK" with the key\'s ARN',
    });
  });

  it('is not applicable with a Kinesis source even with requireCmk', () => {
    expect(check(FirehoseCustomerManagedKey, withKinesisSource, S, { requireCmk: true }).status).toBe(
      'not-applicable',
    );
  });
});

describe('CKV_AWS_43 KinesisStreamEncryption', () => {
  const K = 'aws_kinesis_stream.src';

  it('is compliant with KMS encryption', () => {
    expect(check(KinesisStreamEncryption, delivery, K).status).toBe('compliant');
  });

  it('is non-compliant with encryption_type NONE', () => {
    const json = modified(
      delivery,
      (j) => (j.resource.aws_kinesis_stream.src = { name: 'src', encryption_type: 'NONE' }),
    );
    expect(check(KinesisStreamEncryption, json, K)).toEqual({
      status: 'non-compliant',
      message:
        'encryption_type is "NONE" and kms_key_id is unset; set encryption_type "KMS" with a key (alias/aws/kinesis at least)',
    });
  });
});

describe('CKV_AWS_185 KinesisStreamCustomerManagedKey', () => {
  const K = 'aws_kinesis_stream.src';

  it('is not applicable unless requireCmk', () => {
    expect(check(KinesisStreamCustomerManagedKey, delivery, K).status).toBe('not-applicable');
  });

  it('is compliant with a customer-managed key', () => {
    expect(check(KinesisStreamCustomerManagedKey, delivery, K, { requireCmk: true }).status).toBe(
      'compliant',
    );
  });

  it('is non-compliant with the AWS-managed alias/aws/kinesis', () => {
    const json = modified(
      delivery,
      (j) => (j.resource.aws_kinesis_stream.src.kms_key_id = 'alias/aws/kinesis'),
    );
    expect(check(KinesisStreamCustomerManagedKey, json, K, { requireCmk: true })).toEqual({
      status: 'non-compliant',
      message:
        'encryption_type is "KMS" and kms_key_id is "alias/aws/kinesis"; use encryption_type "KMS" with a customer-managed key',
    });
  });
});

describe('ICELOG_FH_1 FirehoseErrorLogging', () => {
  const logging = (j: any) => streamBody(j).iceberg_configuration.cloudwatch_logging_options;

  it('is compliant with logging to a log group and stream of the stack', () => {
    expect(check(FirehoseErrorLogging, delivery, S)).toEqual({
      status: 'compliant',
      message: 'aws_cloudwatch_log_group.fh, aws_cloudwatch_log_stream.fh',
    });
  });

  it('finds the log group and stream by literal names too', () => {
    const json = modified(delivery, (j) => {
      logging(j).log_group_name = '/aws/kinesisfirehose/icelog';
      logging(j).log_stream_name = 'DestinationDelivery';
    });
    expect(check(FirehoseErrorLogging, json, S).status).toBe('compliant');
  });

  it('is non-compliant when logging is disabled', () => {
    const json = modified(delivery, (j) => (logging(j).enabled = false));
    expect(check(FirehoseErrorLogging, json, S)).toEqual({
      status: 'non-compliant',
      message: 'iceberg_configuration.cloudwatch_logging_options.enabled is false; set it to true',
    });
  });

  it('is non-compliant without logging options', () => {
    const json = modified(
      delivery,
      (j) => delete streamBody(j).iceberg_configuration.cloudwatch_logging_options,
    );
    expect(check(FirehoseErrorLogging, json, S)).toEqual({
      status: 'non-compliant',
      message:
        'iceberg_configuration.cloudwatch_logging_options is not set; enable error logging to a log group of this stack',
    });
  });

  it('is non-compliant when the log group is not in the stack', () => {
    const json = modified(delivery, (j) => (logging(j).log_group_name = '/elsewhere'));
    expect(check(FirehoseErrorLogging, json, S)).toEqual({
      status: 'non-compliant',
      message: 'no aws_cloudwatch_log_group named "/elsewhere" exists in this stack',
    });
  });

  it('is non-compliant when the log stream is missing', () => {
    const json = modified(delivery, (j) => delete j.resource.aws_cloudwatch_log_stream);
    expect(check(FirehoseErrorLogging, json, S)).toEqual({
      status: 'non-compliant',
      message:
        'iceberg_configuration.cloudwatch_logging_options.log_stream_name refers to aws_cloudwatch_log_stream.fh, which is not in this stack; Firehose does not create the log stream',
    });
  });

  it('is non-compliant when the log stream belongs to another log group', () => {
    const json = modified(delivery, (j) => {
      j.resource.aws_cloudwatch_log_group.other = { name: '/other', retention_in_days: 30 };
      j.resource.aws_cloudwatch_log_stream.fh.log_group_name = ref('aws_cloudwatch_log_group.other.name');
    });
    expect(check(FirehoseErrorLogging, json, S)).toEqual({
      status: 'non-compliant',
      message: 'aws_cloudwatch_log_stream.fh is not in log group aws_cloudwatch_log_group.fh',
    });
  });

  it('is non-compliant when the log group name refers to another resource type', () => {
    const json = modified(delivery, (j) => (logging(j).log_group_name = ref('aws_kinesis_stream.src.name')));
    expect(check(FirehoseErrorLogging, json, S)).toEqual({
      status: 'non-compliant',
      message:
        'iceberg_configuration.cloudwatch_logging_options.log_group_name refers to aws_kinesis_stream.src, not an aws_cloudwatch_log_group',
    });
  });

  it('is non-compliant, without throwing, when the log group name is a variable', () => {
    const json = modified(delivery, (j) => (logging(j).log_group_name = ref('var.log_group')));
    expect(check(FirehoseErrorLogging, json, S)).toEqual({
      status: 'non-compliant',
      message:
        'iceberg_configuration.cloudwatch_logging_options.log_group_name is an expression (${var.log_group}); the rule cannot find the aws_cloudwatch_log_group it names',
    });
  });

  it('is non-compliant, without throwing, when the log group name is a function call', () => {
    const json = modified(delivery, (j) => (logging(j).log_group_name = ref('format("/x/%s", var.env)')));
    expect(check(FirehoseErrorLogging, json, S)).toEqual({
      status: 'non-compliant',
      message:
        'iceberg_configuration.cloudwatch_logging_options.log_group_name is an expression (${format("/x/%s", var.env)}); the rule cannot find the aws_cloudwatch_log_group it names',
    });
  });

  it('reads the extended_s3 destination block', () => {
    const json = modified(delivery, (j) => {
      const stream = streamBody(j);
      stream.destination = 'extended_s3';
      stream.extended_s3_configuration = {
        ...stream.iceberg_configuration.s3_configuration,
        cloudwatch_logging_options: stream.iceberg_configuration.cloudwatch_logging_options,
      };
      delete stream.iceberg_configuration;
    });
    expect(check(FirehoseErrorLogging, json, S).status).toBe('compliant');
  });
});

describe('ICELOG_FH_2 FirehoseFailedRecordsKept', () => {
  it('is compliant with FailedDataOnly and an error output prefix', () => {
    expect(check(FirehoseFailedRecordsKept, delivery, S)).toEqual({
      status: 'compliant',
      message: 'iceberg_configuration.s3_configuration.error_output_prefix "errors/"',
    });
  });

  it('is non-compliant without s3_backup_mode and prefix', () => {
    const json = modified(delivery, (j) => {
      delete streamBody(j).iceberg_configuration.s3_backup_mode;
      delete streamBody(j).iceberg_configuration.s3_configuration.error_output_prefix;
    });
    expect(check(FirehoseFailedRecordsKept, json, S)).toEqual({
      status: 'non-compliant',
      message:
        'iceberg_configuration.s3_backup_mode is unset; set it to "FailedDataOnly"; iceberg_configuration.s3_configuration.error_output_prefix is unset; set a prefix such as "errors/"',
    });
  });

  it('is non-compliant with an empty error output prefix', () => {
    const json = modified(
      delivery,
      (j) => (streamBody(j).iceberg_configuration.s3_configuration.error_output_prefix = ''),
    );
    expect(check(FirehoseFailedRecordsKept, json, S).status).toBe('non-compliant');
  });

  it('checks only the prefix for extended_s3, whose s3_backup_mode is source backup', () => {
    const json = stackJson({
      resource: {
        aws_kinesis_firehose_delivery_stream: {
          stream: {
            destination: 'extended_s3',
            extended_s3_configuration: { s3_backup_mode: 'Disabled', error_output_prefix: 'errors/' },
          },
        },
      },
    });
    expect(check(FirehoseFailedRecordsKept, json, S)).toEqual({
      status: 'compliant',
      message: 'extended_s3_configuration.error_output_prefix "errors/"',
    });
  });

  it('is non-compliant when the destination block is missing', () => {
    const json = stackJson({
      resource: { aws_kinesis_firehose_delivery_stream: { stream: { destination: 'iceberg' } } },
    });
    expect(check(FirehoseFailedRecordsKept, json, S)).toEqual({
      status: 'non-compliant',
      message: 'iceberg_configuration is missing; failed records have nowhere to go',
    });
  });
});

describe('ICELOG_IAM_1 FirehoseRoleTrust', () => {
  it('is compliant with firehose.amazonaws.com and sts:ExternalId = account id', () => {
    expect(check(FirehoseRoleTrust, delivery, ROLE)).toEqual({ status: 'compliant' });
  });

  it('accepts a literal 12-digit account id', () => {
    const json = modified(delivery, (j) => (trustStatement(j).condition[0].values = ['123456789012']));
    expect(check(FirehoseRoleTrust, json, ROLE).status).toBe('compliant');
  });

  it('is non-compliant without the sts:ExternalId condition', () => {
    const json = modified(delivery, (j) => delete trustStatement(j).condition);
    expect(check(FirehoseRoleTrust, json, ROLE)).toEqual({
      status: 'non-compliant',
      message: 'statement 1 has no StringEquals sts:ExternalId condition',
    });
  });

  it('is non-compliant when another principal is trusted too', () => {
    const json = modified(delivery, (j) => {
      trustStatement(j).principals[0].identifiers.push('lambda.amazonaws.com');
      trustStatement(j).principals.push({ type: 'AWS', identifiers: ['arn:aws:iam::123456789012:role/x'] });
    });
    expect(check(FirehoseRoleTrust, json, ROLE)).toEqual({
      status: 'non-compliant',
      message: 'statement 1 also trusts Service lambda.amazonaws.com, AWS arn:aws:iam::123456789012:role/x',
    });
  });

  it('is non-compliant when the external id is not the account', () => {
    const json = modified(delivery, (j) => (trustStatement(j).condition[0].values = ['anything']));
    expect(check(FirehoseRoleTrust, json, ROLE)).toEqual({
      status: 'non-compliant',
      message:
        'statement 1 sets sts:ExternalId to ["anything"]; use the account id (aws_caller_identity.account_id)',
    });
  });

  it('applies to a role a delivery stream uses even when the trust names another service', () => {
    const json = modified(
      delivery,
      (j) => (trustStatement(j).principals[0].identifiers = ['ec2.amazonaws.com']),
    );
    expect(check(FirehoseRoleTrust, json, ROLE)).toEqual({
      status: 'non-compliant',
      message:
        'statement 1 also trusts Service ec2.amazonaws.com; statement 1 does not name the principal firehose.amazonaws.com',
    });
  });

  it('is not applicable to other roles', () => {
    const json = stackJson({
      resource: {
        aws_iam_role: {
          task: {
            assume_role_policy: JSON.stringify({
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'sts:AssumeRole',
                  Principal: { Service: 'ecs-tasks.amazonaws.com' },
                },
              ],
            }),
          },
        },
      },
    });
    expect(check(FirehoseRoleTrust, json, 'aws_iam_role.task').status).toBe('not-applicable');
  });

  it('is non-compliant, without throwing, when the trust policy is opaque', () => {
    const json = modified(
      delivery,
      (j) => (j.resource.aws_iam_role.firehose.assume_role_policy = ref('var.trust')),
    );
    expect(check(FirehoseRoleTrust, json, ROLE)).toEqual({
      status: 'non-compliant',
      message:
        'assume_role_policy cannot be read at synth time (${var.trust}): render it with an aws_iam_policy_document data source or literal JSON so that it can be checked',
    });
  });
});

describe('ICELOG_IAM_2 GlueNoWildcardArns', () => {
  it('is compliant with exact catalog, database and table ARNs', () => {
    expect(check(GlueNoWildcardArns, delivery, GLUE)).toEqual({ status: 'compliant' });
  });

  it.each([['database/*'], ['table/*/*'], ['table/icelog/*'], ['table/icelog/request_?00']])(
    'is non-compliant with %s',
    (resource) => {
      const json = modified(delivery, (j) => glueStatement(j).resources.push(arn(resource)));
      const result = check(GlueNoWildcardArns, json, GLUE);
      expect(result.status).toBe('non-compliant');
      expect(result.message).toBe(
        `policy statement "Glue" grants ${JSON.stringify(arn(resource))}; name the exact catalog/database/table ARNs`,
      );
    },
  );

  it('is non-compliant with glue actions on Resource "*"', () => {
    const json = modified(delivery, (j) => (glueStatement(j).resources = ['*']));
    expect(check(GlueNoWildcardArns, json, GLUE)).toEqual({
      status: 'non-compliant',
      message:
        'policy statement "Glue" grants glue:GetTable, glue:GetDatabase, glue:UpdateTable on Resource "*"; name the exact catalog/database/table ARNs',
    });
  });

  it('does not mistake a reference for a wildcard', () => {
    const json = modified(delivery, (j) => {
      glueStatement(j).resources = [
        arn(`table/icelog/${ref('aws_glue_catalog_table.t.name')}`),
        ref('aws_glue_catalog_database.d.arn'),
      ];
    });
    expect(check(GlueNoWildcardArns, json, GLUE).status).toBe('compliant');
  });

  it('ignores Deny statements', () => {
    const json = modified(delivery, (j) => {
      glueStatement(j).effect = 'Deny';
      glueStatement(j).resources = [arn('table/*/*')];
    });
    expect(check(GlueNoWildcardArns, json, GLUE).status).toBe('compliant');
  });

  it('checks the inline_policy blocks of a role', () => {
    const json = modified(delivery, (j) => {
      j.resource.aws_iam_role.firehose.inline_policy = [
        {
          name: 'glue',
          policy: JSON.stringify({
            Statement: [
              {
                Effect: 'Allow',
                Action: 'glue:GetTable',
                Resource: 'arn:aws:glue:eu-west-1:123456789012:database/*',
              },
            ],
          }),
        },
      ];
    });
    expect(check(GlueNoWildcardArns, json, ROLE)).toEqual({
      status: 'non-compliant',
      message:
        'inline_policy "glue" statement 1 grants "arn:aws:glue:eu-west-1:123456789012:database/*"; name the exact catalog/database/table ARNs',
    });
  });

  it('is not applicable to a role without inline policies', () => {
    expect(check(GlueNoWildcardArns, delivery, ROLE)).toEqual({
      status: 'not-applicable',
      message: 'no permission policy',
    });
  });
});

it('covers every delivery rule with a compliant and a non-compliant fixture', () => {
  expectEveryRuleCovered('delivery');
});
