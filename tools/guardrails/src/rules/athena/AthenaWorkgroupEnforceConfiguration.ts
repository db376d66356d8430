import { defineRule, compliant, nonCompliant } from '../../rule';
import { flag, nested } from '../../hcl';

/** CKV_AWS_82: the workgroup's settings override client-side settings. */
export const AthenaWorkgroupEnforceConfiguration = defineRule({
  id: 'CKV_AWS_82',
  title: 'Athena workgroup enforces its configuration',
  severity: 'medium',
  area: 'athena',
  docs: 'configuration.enforce_workgroup_configuration is not false (the provider default is true), so clients cannot turn off result encryption or change the output location.',
  resourceTypes: ['aws_athena_workgroup'],
  evaluate(workgroup) {
    const value = nested(workgroup.body, 'configuration')?.enforce_workgroup_configuration;
    const f = flag(value);
    if (f === undefined) return compliant('provider default true');
    if (f === true) return compliant();
    if (f === 'unresolved') {
      return nonCompliant(
        `configuration.enforce_workgroup_configuration is an unresolved expression (${String(value)}); it must be the literal true`,
      );
    }
    return nonCompliant('configuration.enforce_workgroup_configuration is false; set it to true');
  },
});
