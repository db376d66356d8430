import { formatJson, formatText, runPack, runPackOnStacks } from '../src';
import { COMPLIANT_STACK, STRICT } from './fixtures/compliant-stack';
import { modified } from './helpers';

const broken = modified(COMPLIANT_STACK, (j) => {
  j.resource.aws_kms_key.key.enable_key_rotation = false;
  j.resource.aws_lb.alb['//'] = {
    guardrails: {
      suppressions: [{ id: 'CKV_AWS_131', reason: 'the header check breaks a legacy client until Q3' }],
    },
  };
  j.resource.aws_lb.alb.drop_invalid_header_fields = false;
  j.resource.aws_ecs_cluster.cluster['//'] = {
    guardrails: { suppressions: [{ id: 'CKV_AWS_65', reason: 'short' }] },
  };
});

describe('formatText', () => {
  it('prints a summary and a table of failures, suppressions and suppression problems', () => {
    const text = formatText(runPack(broken, STRICT));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^guardrails \(icelog\) on icelog: 1 failed, 1 suppressed, \d+ compliant, \d+ not applicable, 1 suppression errors$/,
    );
    expect(lines[1]).toBe('');
    expect(lines[2].split(/\s{2,}/)).toEqual(['STATUS', 'RULE', 'SEVERITY', 'RESOURCE', 'PATH', 'MESSAGE']);
    expect(lines.slice(3, 6).map((l) => l.split(/\s{2,}/))).toEqual([
      [
        'SUPPRESSED',
        'CKV_AWS_131',
        'medium',
        'aws_lb.alb',
        'drop_invalid_header_fields is false; set it to true [reason: the header check breaks a legacy client until Q3]',
      ],
      [
        'FAIL',
        'CKV_AWS_7',
        'medium',
        'aws_kms_key.key',
        'icelog/Key',
        'enable_key_rotation is false; set it to true',
      ],
      [
        'ERROR',
        'CKV_AWS_65',
        'suppression',
        'aws_ecs_cluster.cluster',
        'suppression of CKV_AWS_65 needs a reason of at least 20 characters; got "short"',
      ],
    ]);
    expect(lines[6]).toBe('');
    expect(lines).toHaveLength(7);
  });

  it('aligns columns', () => {
    const rows = formatText(runPack(broken, STRICT)).split('\n').slice(2, 6);
    const messageColumn = rows[0].indexOf('MESSAGE');
    expect(rows.every((r) => r.length > messageColumn && r[messageColumn - 1] === ' ')).toBe(true);
  });

  it('prints only the summary when nothing is to be listed', () => {
    const text = formatText(runPack(COMPLIANT_STACK, STRICT));
    expect(text).toMatch(
      /^guardrails \(icelog\) on icelog: 0 failed, 0 suppressed, \d+ compliant, \d+ not applicable\n$/,
    );
  });

  it('lists compliant and not-applicable findings with all', () => {
    const text = formatText(runPack(COMPLIANT_STACK, STRICT), { all: true });
    expect(text).toContain('PASS');
    expect(text).toContain('N/A');
  });

  it('adds a STACK column for several stacks', () => {
    const prod = modified(broken, (j) => {
      j['//'].metadata.stackName = 'prod';
      j.terraform.backend.s3.key = 'prod';
    });
    const text = formatText(runPackOnStacks([{ json: broken }, { json: prod }], STRICT));
    expect(text.split('\n')[2].split(/\s{2,}/)).toEqual([
      'STATUS',
      'RULE',
      'SEVERITY',
      'STACK',
      'RESOURCE',
      'PATH',
      'MESSAGE',
    ]);
    expect(text).toContain('on icelog, prod:');
  });

  it('lists unused suppressions as warnings', () => {
    const json = modified(COMPLIANT_STACK, (j) => {
      j.resource.aws_kms_key.key['//'] = {
        guardrails: { suppressions: [{ id: 'CKV_AWS_7', reason: 'rotation handled by a scheduled job' }] },
      };
    });
    expect(formatText(runPack(json, STRICT))).toContain('WARN    CKV_AWS_7  suppression  aws_kms_key.key');
  });
});

describe('formatJson', () => {
  it('round-trips the report', () => {
    const report = runPack(broken, STRICT);
    expect(JSON.parse(formatJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
