import { TerraformElement } from 'cdktf';

/**
 * The one place icelog writes Terraform attributes that the frozen `@cdktf/provider-aws` 20.1.0 and
 * `cdktf` 0.21 bindings do not model (for example the S3 backend's `use_lockfile`, or Firehose
 * `append_only`). Every caller passes the reason, and a test pins the JSON each call produces, so a
 * provider upgrade that adds the field can replace the override knowingly.
 *
 * @param element the resource, data source or backend to patch
 * @param attribute the snake_case attribute path as Terraform spells it, dot-separated for nesting
 * @param value the raw value to write
 * @param reason why the typed binding cannot set it (kept for reviewers; not emitted)
 */
export function setUnmodelledAttribute(
  element: TerraformElement,
  attribute: string,
  value: unknown,
  reason: string,
): void {
  if (reason.trim().length === 0)
    throw new Error(`setUnmodelledAttribute(${attribute}): a reason is required`);
  element.addOverride(attribute, value);
}
