/** Runs the README's first example as written and checks the configuration it shows, so it cannot rot. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onlyBlock, runReadmeExample } from '@icelog/core/testing';
import { buildFireLensConfig } from '../src';

const README = join(__dirname, '..', 'README.md');
const readme = readFileSync(README, 'utf8');

test('the README starts with the simplest working example', () => {
  expect(readme.trimStart().startsWith('# @icelog/ecs-firelens')).toBe(true);
  expect(readme.indexOf('```ts')).toBeLessThan(readme.indexOf('\n## '));
  const stacks = Object.values(runReadmeExample(README));
  expect(stacks).toHaveLength(1);
  const json = stacks[0];
  expect(onlyBlock(json.resource, 'aws_ecs_service')).toMatchObject({
    name: 'icelog-dev-web',
    launch_type: 'FARGATE',
    network_configuration: { assign_public_ip: true },
  });
  const [app, router] = JSON.parse(onlyBlock(json.resource, 'aws_ecs_task_definition').container_definitions);
  expect(app.logConfiguration).toEqual({ logDriver: 'awsfirelens' });
  expect(router.environment).toContainEqual({ name: 'ICELOG_OUTPUT_TARGET', value: 'icelog-dev' });
  expect(onlyBlock(json.resource, 'aws_vpc_security_group_ingress_rule').cidr_ipv4).toBe('203.0.113.0/24');
});

test('the README shows the files the construct generates, verbatim', () => {
  const config = buildFireLensConfig({ appContainerName: 'nginx' });
  expect(readme).toContain('```\n' + config.parsersFile + '```');
  expect(readme).toContain('```\n' + config.configFile + '```');
});
