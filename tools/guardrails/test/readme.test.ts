import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ICELOG_CROSS_STACK_RULES, ICELOG_RULES } from '../src';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('starts with the simplest working example', () => {
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('## '));
  });

  it('lists every rule with its id, title and docs, in the table of its area', () => {
    const rows = readme
      .split('\n')
      .filter((l) => l.startsWith('| '))
      .map((l) => l.split('|').map((cell) => cell.trim().replace(/\\\*/g, '*')));
    const missing = [...ICELOG_RULES, ...ICELOG_CROSS_STACK_RULES].filter(
      (r) => !rows.some(([, id, , title, docs]) => id === r.id && title === r.title && docs === r.docs),
    );
    expect(missing.map((r) => r.id)).toEqual([]);
  });

  it('states the rule count', () => {
    const total = ICELOG_RULES.length + ICELOG_CROSS_STACK_RULES.length;
    expect(readme).toContain(
      `${total} rules: ${ICELOG_RULES.length} run on each stack and one runs across stacks`,
    );
  });
});
