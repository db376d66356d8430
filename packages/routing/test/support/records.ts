/**
 * Records as FireLens sends them to Firehose (the wire contract): ECS metadata on every record; access
 * lines parsed into the nginx fields with `status` and `body_bytes_sent` as integers; other lines
 * (nginx stderr) unchanged in `log`.
 */

const METADATA = {
  container_id: '4f1d2a7c9b8e4c3aa1b2c3d4e5f60718-1234567890',
  container_name: 'nginx',
  ecs_cluster: 'icelog-dev',
  ecs_task_arn: 'arn:aws:ecs:eu-west-1:111122223333:task/icelog-dev/4f1d2a7c9b8e4c3aa1b2c3d4e5f60718',
  ecs_task_definition: 'icelog-dev-web:7',
};

/** An access-log record with `status` set to `status` (any JSON value: the point of the fixtures). */
export function accessRecord(status: unknown): Record<string, unknown> {
  return {
    remote_addr: '203.0.113.7',
    remote_user: '-',
    time_local: '26/Nov/2026:10:15:32 +0000',
    request: 'GET /index.html HTTP/1.1',
    status,
    body_bytes_sent: 615,
    http_referer: '-',
    http_user_agent: 'curl/8.5.0',
    http_x_forwarded_for: '-',
    source: 'stdout',
    ...METADATA,
  };
}

/** An nginx error line on stderr, which the access-log parser does not match. */
export const NGINX_ERROR_RECORD: Record<string, unknown> = {
  log: '2026/11/26 10:15:33 [error] 29#29: *3 open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: 203.0.113.7, server: localhost, request: "GET /favicon.ico HTTP/1.1", host: "localhost"',
  source: 'stderr',
  ...METADATA,
};

/** An nginx start-up notice on stderr. */
export const NGINX_STARTUP_RECORD: Record<string, unknown> = {
  log: '2026/11/26 10:15:30 [notice] 1#1: start worker processes',
  source: 'stderr',
  ...METADATA,
};

/** One NDJSON line. */
export function line(record: unknown): string {
  return JSON.stringify(record);
}
