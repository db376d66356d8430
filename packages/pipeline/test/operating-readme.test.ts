import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { IcelogStack } from '../src';
import { minimalConfig } from './fixtures';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('## Operating icelog'),
  readme.indexOf('\n## ', readme.indexOf('## Operating icelog') + 1),
);

/** The keys of every alarm a stack creates. */
function alarmKeys(source: 'direct-put' | 'kinesis'): string[] {
  const stack = new IcelogStack(Testing.app(), 'icelog-test', {
    ...minimalConfig,
    delivery: { source: { kind: source } },
  });
  return stack.monitoring!.alarms.map((alarm) => alarm.key);
}

describe('README "Operating icelog"', () => {
  test('has a row saying what each alarm means and what to do, for both sources', () => {
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    const documented = rows.map(([, key]) => key.replace(/`/g, ''));
    const created = [...new Set([...alarmKeys('direct-put'), ...alarmKeys('kinesis')])];
    expect(documented.sort()).toEqual(created.sort());
    for (const [, , meaning, action] of rows) {
      expect(meaning.length).toBeGreaterThan(10);
      expect(action.length).toBeGreaterThan(10);
    }
  });

  test('says when to use the status, failures and redrive commands', () => {
    for (const command of ['icelog-smoke status', 'icelog-smoke failures', 'icelog-smoke redrive']) {
      expect(section).toContain(command);
    }
  });
});
