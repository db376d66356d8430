import { FluentBitRegexParser, runParser } from './fluent-bit/parser';
import { FluentBitValue } from './fluent-bit/types';

/**
 * The `main` log format of the official nginx image (`/etc/nginx/nginx.conf`): nginx's `combined` format
 * plus `"$http_x_forwarded_for"`.
 */
export const NGINX_MAIN_LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" ' +
  '"$http_user_agent" "$http_x_forwarded_for"';

/**
 * One regex for nginx's `main` format and for plain `combined` (the same without the last field).
 *
 * - `remote_addr`: no spaces (IPv4, IPv6 such as `2001:db8::1`, or `unix:`).
 * - `remote_user`: anything up to ` [<time>]` (basic-auth user names may contain spaces); `-` when absent.
 * - `time_local`: exactly `dd/Mon/yyyy:HH:MM:SS ±hhmm`, so every line that matches also parses with
 *   {@link NGINX_TIME_FORMAT} (Fluent Bit would drop a time field that does not).
 * - quoted fields: nginx escapes `"` (and `\`, control and non-ASCII bytes) inside values as `\xHH`, so a
 *   quoted value never contains a raw `"`; empty headers log `""`, absent ones `"-"`; the request line is
 *   `""` or garbage such as `"\x16\x03\x01"` on some 400s.
 * - `status`: three digits; `body_bytes_sent`: digits.
 * - `http_x_forwarded_for`: optional; `-` in `main` when the header is absent, `""` for `combined` lines
 *   (the group does not take part in the match and Fluent Bit turns that into an empty value).
 */
export const NGINX_ACCESS_LOG_REGEX =
  '^(?<remote_addr>[^ ]+) - (?<remote_user>.*?) ' +
  '\\[(?<time_local>[0-9]{2}/[A-Za-z]{3}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4})\\] ' +
  '"(?<request>[^"]*)" (?<status>[0-9]{3}) (?<body_bytes_sent>[0-9]+) ' +
  '"(?<http_referer>[^"]*)" "(?<http_user_agent>[^"]*)"(?: "(?<http_x_forwarded_for>[^"]*)")?$';

/** strptime format of nginx's `$time_local`, e.g. `10/Oct/2000:13:55:36 +0000`. */
export const NGINX_TIME_FORMAT = '%d/%b/%Y:%H:%M:%S %z';

/**
 * The default access-log parser: {@link NGINX_ACCESS_LOG_REGEX}; `time_local` becomes the record
 * timestamp and stays in the record as the string column (`Time_Keep On`); `status` and
 * `body_bytes_sent` are cast to integers; empty values are kept as `""`.
 */
export const NGINX_ACCESS_LOG_PARSER: FluentBitRegexParser = {
  name: 'icelog_nginx_access',
  regex: NGINX_ACCESS_LOG_REGEX,
  timeKey: 'time_local',
  timeFormat: NGINX_TIME_FORMAT,
  timeKeep: true,
  skipEmptyValues: false,
  types: { status: 'integer', body_bytes_sent: 'integer' },
};

/**
 * The fields {@link parseNginxLine} returns for an access line: the `NGINX_ACCESS_LOG_COLUMNS` of
 * `@icelog/catalog`, as nginx logged them, with `status` and `body_bytes_sent` as integers.
 */
export interface NginxAccessRecord {
  readonly remote_addr: string;
  readonly remote_user: string;
  readonly time_local: string;
  readonly request: string;
  readonly status: number;
  readonly body_bytes_sent: number;
  readonly http_referer: string;
  readonly http_user_agent: string;
  readonly http_x_forwarded_for: string;
}

/**
 * Parses one nginx line with the same regex and `Types` casts as the generated Fluent Bit parser
 * ({@link NGINX_ACCESS_LOG_PARSER}). Returns `undefined` for lines that are not access-log lines (nginx
 * error and start-up lines): Fluent Bit leaves those records as they are, with the raw line in `log`.
 */
export function parseNginxLine(line: string): NginxAccessRecord | undefined {
  const record: Record<string, FluentBitValue> | undefined = runParser(NGINX_ACCESS_LOG_PARSER, line);
  return record as unknown as NginxAccessRecord | undefined;
}
