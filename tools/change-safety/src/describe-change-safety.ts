import { IcelogConfigInput } from '@icelog/pipeline';
import { TerraformWorkspace } from '@icelog/tf-offline';
import { ChangeSafetyReport, formatReport, runChangeSafety } from './change-safety';
import { ROUTINE_CHANGES, UNSAFE_CONTROL } from './routine-changes';

/**
 * Registers the change-safety matrix in the calling jest file: the environment's state is seeded from
 * a real `terraform plan` of its configuration, every routine change is planned against it, and no
 * plan may replace or delete a data-bearing resource. A control change (renaming the database) must
 * be reported as data loss, so the check is shown to catch one. Needs terraform and the provider
 * mirror; fails (never skips) without them.
 */
export function describeChangeSafety(stackName: string, config: IcelogConfigInput): void {
  describe(`${stackName}: routine changes against a seeded state (real terraform, offline)`, () => {
    let workspace: TerraformWorkspace | undefined;
    let report: ChangeSafetyReport;

    beforeAll(async () => {
      workspace = await TerraformWorkspace.create();
      report = await runChangeSafety({
        stackName,
        config,
        changes: [...ROUTINE_CHANGES, UNSAFE_CONTROL],
        workspace,
      });
      process.stdout.write(`${formatReport(report)}\n`);
    }, 1_800_000);

    afterAll(() => workspace?.dispose());

    test('the unchanged configuration plans no change against the seeded state', () => {
      expect(report.baseline.changes).toEqual([]);
    });

    test.each(ROUTINE_CHANGES.map((c) => [c.id, c.description]))(
      '%s (%s) replaces or deletes no data-bearing resource',
      (id) => {
        const result = report.cases.find((c) => c.id === id)!;
        expect(result.dataLoss).toEqual([]);
      },
    );

    test('the control (renamed database) is reported as data loss', () => {
      const control = report.cases.find((c) => c.id === UNSAFE_CONTROL.id)!;
      const types = new Set(control.dataLoss.map((c) => c.type));
      expect([...types].sort()).toEqual(['aws_glue_catalog_database', 'aws_glue_catalog_table']);
    });

    test('nothing tried to reach the network', () => {
      expect(workspace!.fake.blockedConnections).toEqual([]);
    });
  });
}
