import {
  GuardrailPack,
  ICELOG_CROSS_STACK_RULES,
  ICELOG_PACK,
  ICELOG_RULES,
  defineRule,
  compliant,
  definePack,
  nonCompliant,
  runPack,
  runPackOnStacks,
} from '../src';
import { COMPLIANT_STACK, STRICT } from './fixtures/compliant-stack';
import { modified, ref } from './helpers';

const suppress = (body: any, suppressions: unknown) => {
  body['//'] = { ...(body['//'] ?? {}), guardrails: { suppressions } };
};
const REASON = 'nginx writes its pid and temp files to the root filesystem';

describe('runPack on a stack compliant with everything', () => {
  const report = runPack(COMPLIANT_STACK, STRICT);

  it('passes', () => {
    expect(report.failures).toEqual([]);
    expect(report.suppressionErrors).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it('evaluates every rule of the pack on at least one element, compliant', () => {
    const compliantRules = new Set(
      report.findings.filter((f) => f.status === 'compliant').map((f) => f.ruleId),
    );
    expect(ICELOG_RULES.map((r) => r.id).filter((id) => !compliantRules.has(id))).toEqual([]);
  });

  it('reports address, construct path and stack name', () => {
    expect(report.findings).toContainEqual({
      ruleId: 'CKV_AWS_19',
      title: 'S3 bucket has default server-side encryption',
      severity: 'high',
      stack: 'icelog',
      address: 'aws_s3_bucket.warehouse',
      path: 'icelog/Warehouse/Bucket',
      status: 'compliant',
      message: 'sse_algorithm "aws:kms" (aws_s3_bucket_server_side_encryption_configuration.sse)',
      suppressed: false,
    });
  });

  it('marks Direct PUT only rules not applicable on the Kinesis-sourced stream', () => {
    const kinesis = report.findings.filter(
      (f) => f.address === 'aws_kinesis_firehose_delivery_stream.fromKinesis',
    );
    expect(kinesis.filter((f) => f.status === 'not-applicable').map((f) => f.ruleId)).toEqual([
      'CKV_AWS_240',
      'CKV_AWS_241',
    ]);
  });

  it('does not run cross-stack rules on a single stack', () => {
    expect(report.findings.some((f) => f.ruleId === 'ICELOG_TF_3')).toBe(false);
  });

  it('with default options, the option-gated rules are not applicable on any element', () => {
    const relaxed = runPack(COMPLIANT_STACK);
    const applied = new Set(
      relaxed.findings.filter((f) => f.status !== 'not-applicable').map((f) => f.ruleId),
    );
    expect(ICELOG_RULES.map((r) => r.id).filter((id) => !applied.has(id))).toEqual([
      'CKV_AWS_145',
      'CKV_AWS_21',
      'CKV_AWS_241',
      'CKV_AWS_185',
      'CKV_AWS_150',
      'CKV_AWS_158',
      'ICELOG_ALARM_ACTIONS',
    ]);
  });
});

describe('findings and failures', () => {
  const broken = modified(COMPLIANT_STACK, (j) => {
    delete j.resource.aws_s3_bucket_public_access_block;
    j.resource.aws_cloudwatch_log_group.ecs.retention_in_days = 0;
  });

  it('fails on unsuppressed non-compliant findings', () => {
    const report = runPack(broken, STRICT);
    expect(report.passed).toBe(false);
    expect(report.failures.map((f) => [f.ruleId, f.address])).toEqual([
      ['CKV2_AWS_6', 'aws_s3_bucket.warehouse'],
      ['CKV_AWS_66', 'aws_cloudwatch_log_group.ecs'],
    ]);
  });

  it('reports a throwing rule as an error finding instead of crashing the run', () => {
    const exploding = defineRule({
      id: 'TEST_EXPLODES',
      title: 'explodes',
      severity: 'low',
      area: 'kms',
      docs: 'throws',
      resourceTypes: ['aws_kms_key'],
      evaluate() {
        throw new Error('boom');
      },
    });
    const report = runPack(COMPLIANT_STACK, {}, { name: 'test', rules: [exploding], crossStackRules: [] });
    expect(report.failures).toEqual([
      expect.objectContaining({
        ruleId: 'TEST_EXPLODES',
        status: 'error',
        message: 'rule threw: boom',
        address: 'aws_kms_key.key',
      }),
    ]);
    expect(report.passed).toBe(false);
  });
});

describe('suppressions', () => {
  const readOnly = (reason: unknown, id: unknown = 'CKV_AWS_336') =>
    modified(COMPLIANT_STACK, (j) => {
      const task = j.resource.aws_ecs_task_definition.task;
      task.container_definitions = task.container_definitions.replace(
        /"readonlyRootFilesystem":true/g,
        '"readonlyRootFilesystem":false',
      );
      suppress(task, [{ id, reason }]);
    });

  it('reports a suppressed finding with its reason and passes', () => {
    const report = runPack(readOnly(REASON), STRICT);
    expect(report.passed).toBe(true);
    expect(report.suppressed).toEqual([
      expect.objectContaining({
        ruleId: 'CKV_AWS_336',
        address: 'aws_ecs_task_definition.task',
        status: 'non-compliant',
        suppressed: true,
        suppressionReason: REASON,
      }),
    ]);
  });

  it('rejects a suppression whose reason is shorter than 20 characters, and keeps the failure', () => {
    const report = runPack(readOnly('needed'), STRICT);
    expect(report.suppressionErrors).toEqual([
      {
        stack: 'icelog',
        address: 'aws_ecs_task_definition.task',
        ruleId: 'CKV_AWS_336',
        message: 'suppression of CKV_AWS_336 needs a reason of at least 20 characters; got "needed"',
      },
    ]);
    expect(report.failures.map((f) => f.ruleId)).toEqual(['CKV_AWS_336']);
    expect(report.passed).toBe(false);
  });

  it('rejects a suppression without a reason', () => {
    const report = runPack(readOnly(undefined), STRICT);
    expect(report.suppressionErrors.map((e) => e.message)).toEqual([
      'suppression of CKV_AWS_336 needs a reason of at least 20 characters; got null',
    ]);
  });

  it('rejects a suppression naming an unknown rule id', () => {
    const report = runPack(readOnly(REASON, 'CKV_AWS_9999'), STRICT);
    expect(report.suppressionErrors.map((e) => [e.ruleId, e.message])).toEqual([
      ['CKV_AWS_9999', 'suppression names unknown rule id "CKV_AWS_9999"'],
    ]);
    expect(report.passed).toBe(false);
  });

  it('rejects a suppression without an id, a duplicate, and a suppressions value that is not a list', () => {
    const json = modified(COMPLIANT_STACK, (j) => {
      suppress(j.resource.aws_kms_key.key, [{ reason: REASON }]);
      suppress(j.resource.aws_lb.alb, [
        { id: 'CKV_AWS_131', reason: REASON },
        { id: 'CKV_AWS_131', reason: REASON },
      ]);
      suppress(j.resource.aws_ecs_cluster.cluster, 'CKV_AWS_65');
    });
    expect(runPack(json, STRICT).suppressionErrors.map((e) => [e.address, e.message])).toEqual([
      ['aws_kms_key.key', `a suppression has no rule id: {"reason":"${REASON}"}`],
      ['aws_ecs_cluster.cluster', '"//".guardrails.suppressions must be a list; got "CKV_AWS_65"'],
      ['aws_lb.alb', 'CKV_AWS_131 is suppressed twice on this resource'],
    ]);
  });

  it('warns about suppressions that match nothing, without failing', () => {
    const json = modified(COMPLIANT_STACK, (j) => {
      suppress(j.resource.aws_kms_key.key, [
        { id: 'CKV_AWS_7', reason: REASON },
        { id: 'CKV_AWS_336', reason: REASON },
      ]);
    });
    const report = runPack(json, STRICT);
    expect(report.passed).toBe(true);
    expect(report.unusedSuppressions).toEqual([
      {
        stack: 'icelog',
        address: 'aws_kms_key.key',
        ruleId: 'CKV_AWS_7',
        message: 'CKV_AWS_7 is compliant here; remove the suppression',
      },
      {
        stack: 'icelog',
        address: 'aws_kms_key.key',
        ruleId: 'CKV_AWS_336',
        message: 'CKV_AWS_336 does not inspect aws_kms_key; the suppression has no effect',
      },
    ]);
  });

  it('does not warn about a suppression of a rule that an option turned off (e.g. CMKs in dev)', () => {
    const json = modified(COMPLIANT_STACK, (j) => {
      suppress(j.resource.aws_s3_bucket.warehouse, [
        { id: 'CKV_AWS_145', reason: 'prod only: dev keeps SSE-S3 to save KMS cost' },
      ]);
    });
    expect(runPack(json).unusedSuppressions).toEqual([]);
  });

  it('reads suppressions on the backend block', () => {
    const json = modified(COMPLIANT_STACK, (j) => {
      j.terraform.backend.s3.use_lockfile = false;
      suppress(j.terraform.backend.s3, [
        { id: 'CKV_TF_3', reason: 'state bucket is shared read-only for this demo' },
      ]);
    });
    const report = runPack(json, STRICT);
    expect(report.passed).toBe(true);
    expect(report.suppressed.map((f) => [f.ruleId, f.address])).toEqual([
      ['CKV_TF_3', 'terraform.backend.s3'],
    ]);
  });
});

describe('runPackOnStacks', () => {
  const dev = modified(COMPLIANT_STACK, (j) => {
    j['//'].metadata.stackName = 'dev';
    j.terraform.backend.s3.key = 'dev/terraform.tfstate';
    j.resource.aws_s3_bucket_server_side_encryption_configuration.sse.rule[0].apply_server_side_encryption_by_default =
      {
        sse_algorithm: 'AES256',
      };
  });
  const prod = modified(COMPLIANT_STACK, (j) => {
    j['//'].metadata.stackName = 'prod';
    j.terraform.backend.s3.key = 'prod/terraform.tfstate';
  });

  it('applies per-stack options over the shared ones', () => {
    const report = runPackOnStacks(
      [
        { json: dev, options: { requireCmk: false } },
        { json: prod, options: { requireCmk: true } },
      ],
      STRICT,
    );
    expect(report.stacks).toEqual(['dev', 'prod']);
    expect(report.passed).toBe(true);
    const cmk = report.findings.filter((f) => f.ruleId === 'CKV_AWS_145');
    expect(cmk.map((f) => [f.stack, f.status])).toEqual([
      ['dev', 'not-applicable'],
      ['prod', 'compliant'],
    ]);
  });

  it('runs cross-stack rules and fails on a shared state key', () => {
    const sameKey = modified(prod, (j) => (j.terraform.backend.s3.key = 'dev/terraform.tfstate'));
    const report = runPackOnStacks([{ json: dev }, { json: sameKey }]);
    expect(report.failures.map((f) => [f.ruleId, f.stack])).toEqual([
      ['ICELOG_TF_3', 'dev'],
      ['ICELOG_TF_3', 'prod'],
    ]);
  });

  it('names stacks explicitly when asked', () => {
    expect(runPackOnStacks([{ name: 'a', json: dev }]).stacks).toEqual(['a']);
  });
});

describe('packs', () => {
  it('holds at least 35 rules with unique ids', () => {
    const ids = [...ICELOG_RULES, ...ICELOG_CROSS_STACK_RULES].map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(35);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ICELOG_PACK.rules).toBe(ICELOG_RULES);
  });

  it('definePack rejects duplicate rule ids', () => {
    const rule = defineRule({
      id: 'X_1',
      title: 't',
      severity: 'low',
      area: 'kms',
      docs: 'd',
      resourceTypes: [],
      evaluate: () => compliant(),
    });
    expect(() => definePack({ name: 'dup', rules: [rule, rule], crossStackRules: [] })).toThrow(
      'pack "dup": rule id X_1 is used twice',
    );
  });

  it('runs a custom pack', () => {
    const noKms: GuardrailPack = {
      name: 'custom',
      crossStackRules: [],
      rules: [
        defineRule({
          id: 'CUSTOM_1',
          title: 'no KMS keys',
          severity: 'low',
          area: 'kms',
          docs: 'd',
          resourceTypes: ['aws_kms_key'],
          evaluate: (key) => nonCompliant(`found ${key.address}`),
        }),
      ],
    };
    const report = runPack(COMPLIANT_STACK, {}, noKms);
    expect(report.pack).toBe('custom');
    expect(report.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ['CUSTOM_1', 'found aws_kms_key.key'],
    ]);
  });
});

describe('options', () => {
  it('rejects bad options before checking anything', () => {
    expect(() => runPack(COMPLIANT_STACK, { allowedIngressCidrs: ['10.0.0.0/33'] })).toThrow(
      'Invalid allowedIngressCidrs[0]: must be an IPv4 or IPv6 CIDR such as 10.0.0.0/16 or 2001:db8::/32. Received: "10.0.0.0/33"',
    );
  });

  it('treats an unresolved reference of the stack as opaque in every rule', () => {
    const json = modified(
      COMPLIANT_STACK,
      (j) => (j.resource.aws_kms_key.key.enable_key_rotation = ref('var.rotate')),
    );
    expect(runPack(json).failures.map((f) => [f.ruleId, f.message])).toEqual([
      [
        'CKV_AWS_7',
        'enable_key_rotation is an unresolved expression (${var.rotate}); it must be the literal true',
      ],
    ]);
  });
});
