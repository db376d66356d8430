import { REQUEST_TIME_COLUMN, checkPattern } from '@icelog/core';
import { renderSection } from './parser';

/** Name of the timestamp column every table gets, in epoch microseconds (Firehose's Iceberg form). */
export const REQUEST_TIME_KEY = REQUEST_TIME_COLUMN.name;
/** The Lua function the request-time filter calls. */
export const REQUEST_TIME_FUNCTION = 'icelog_request_time';

const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Lua (LuaJIT 2.1, as embedded in Fluent Bit) that sets `record[targetKey]` to the request time in
 * microseconds since the epoch, an integer, as the Firehose Iceberg destination requires for
 * `timestamp` columns: parsed from nginx's `$time_local` in `record[timeKey]` (`dd/Mon/yyyy:HH:MM:SS
 * ±hhmm`, converted to UTC with its offset, no dependence on the router's time zone), or, for records
 * without one (stderr, unparsed lines), the time Fluent Bit read the record. The timestamp is kept
 * (return code 2). One line, without `#` or `${` (Fluent Bit config values are single lines and
 * `${…}` is substituted from the environment).
 */
export function requestTimeLua(timeKey = 'time_local', targetKey = REQUEST_TIME_KEY): string {
  checkPattern('timeKey', timeKey, KEY, 'must be a record key of [A-Za-z0-9_]');
  checkPattern('targetKey', targetKey, KEY, 'must be a record key of [A-Za-z0-9_]');
  return [
    'local M={Jan=1,Feb=2,Mar=3,Apr=4,May=5,Jun=6,Jul=7,Aug=8,Sep=9,Oct=10,Nov=11,Dec=12}',
    `function ${REQUEST_TIME_FUNCTION}(tag, ts, record)`,
    `local t=record["${timeKey}"] local us=nil`,
    'if type(t)=="string" then',
    'local d,mon,y,h,mi,s,sg,oh,om=string.match(t,"^(%d%d)/(%a%a%a)/(%d%d%d%d):(%d%d):(%d%d):(%d%d) ([+-])(%d%d)(%d%d)$")',
    'local m=mon and M[mon]',
    'if m then',
    'y=tonumber(y) if m<=2 then y=y-1 end',
    'local era=math.floor(y/400) local yoe=y-era*400 local mp=(m+9)%12',
    'local doy=math.floor((153*mp+2)/5)+tonumber(d)-1',
    'local doe=yoe*365+math.floor(yoe/4)-math.floor(yoe/100)+doy',
    'local days=era*146097+doe-719468',
    'local off=(tonumber(oh)*60+tonumber(om))*60 if sg=="-" then off=-off end',
    'us=(days*86400+tonumber(h)*3600+tonumber(mi)*60+tonumber(s)-off)*1000000',
    'end end',
    'if us==nil then us=math.floor(ts*1000000) end',
    `record["${targetKey}"]=us`,
    'return 2, ts, record end',
  ].join(' ');
}

/** A Fluent Bit `lua` filter running inline code. */
export interface FluentBitLuaFilter {
  /** Tag pattern of the records to filter. */
  readonly match: string;
  /** Inline Lua (the `code` option: the init image cannot load script files from S3). */
  readonly code: string;
  /** The function to call for each record. */
  readonly call: string;
  /** Keys Fluent Bit must store as integers (`type_int_key`). */
  readonly intKeys: readonly string[];
}

/** Renders a `lua` `[FILTER]` section. */
export function renderLuaFilterSection(filter: FluentBitLuaFilter): string {
  return renderSection('FILTER', [
    ['Name', 'lua'],
    ['Match', filter.match],
    ['call', filter.call],
    ['type_int_key', filter.intKeys.join(' ')],
    ['protected_mode', 'true'],
    ['code', filter.code],
  ]);
}
