import { renderSection } from './parser';

/** User agent of Application Load Balancer health checks (`ELB-HealthChecker/2.0`). */
export const ALB_HEALTH_CHECK_USER_AGENT = /^ELB-HealthChecker\//;

/** A Fluent Bit `grep` filter that drops records whose `key` matches `regex`. */
export interface FluentBitGrepExclude {
  /** Tag pattern of the records to filter. */
  readonly match: string;
  /** Record key to test. */
  readonly key: string;
  /** Regex (portable subset) that drops a record when it matches the key's value. */
  readonly regex: string;
}

/** The grep filter that drops ALB health-check requests from the access records. */
export function healthCheckExclude(match: string): FluentBitGrepExclude {
  return { match, key: 'http_user_agent', regex: ALB_HEALTH_CHECK_USER_AGENT.source.replace('\\/', '/') };
}

/** Renders a `grep` `[FILTER]` section with one `Exclude` rule. */
export function renderGrepExcludeSection(filter: FluentBitGrepExclude): string {
  return renderSection('FILTER', [
    ['Name', 'grep'],
    ['Match', filter.match],
    ['Exclude', `${filter.key} ${filter.regex}`],
  ]);
}

/** What Fluent Bit's grep `Exclude` does to one record: `false` when it is dropped. */
export function passesGrepExclude(
  record: Readonly<Record<string, unknown>>,
  filter: FluentBitGrepExclude,
): boolean {
  const value = record[filter.key];
  return !(typeof value === 'string' && new RegExp(filter.regex).test(value));
}
