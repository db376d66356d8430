import {
  MARKER_PATTERN,
  countRowsSql,
  markerSql,
  qualifiedTable,
  sinceCondition,
  sqlLiteral,
} from '../src/sql';

const GLUE_RULE =
  'must match ^[a-z0-9_]{1,255}$ (lower-case letters, digits and underscores, as Athena requires)';

describe('countRowsSql', () => {
  test('counts a fully qualified, quoted table', () => {
    expect(countRowsSql('icelog_dev', 'request_200')).toBe('SELECT count(*) FROM "icelog_dev"."request_200"');
  });

  test('--since filters on time_local parsed with the Joda pattern nginx time_local needs', () => {
    expect(countRowsSql('icelog_dev', 'request_404', new Date('2025-01-31T07:45:00Z'))).toBe(
      `SELECT count(*) FROM "icelog_dev"."request_404" WHERE try(parse_datetime(time_local, 'dd/MMM/yyyy:HH:mm:ss Z')) >= from_iso8601_timestamp('2025-01-31T07:45:00.000Z')`,
    );
  });

  test.each([
    ['database', 'Icelog', 'request_200'],
    ['database', 'icelog"; DROP TABLE x; --', 'request_200'],
    ['table', 'icelog_dev', 'request-200'],
    ['table', 'icelog_dev', ''],
    ['table', 'icelog_dev', 'x'.repeat(256)],
  ])('rejects an invalid %s before it reaches SQL', (field, database, table) => {
    const value = field === 'database' ? database : table;
    expect(() => countRowsSql(database, table)).toThrow(
      `Invalid ${field}: ${GLUE_RULE}. Received: ${JSON.stringify(value)}`,
    );
  });
});

describe('markerSql', () => {
  const m1 = 'icelog-0123456789ab-200-00';
  const m2 = 'icelog-0123456789ab-404-01';

  test('ORs one strpos per marker on the chosen column', () => {
    expect(markerSql('icelog_dev', 'request_200', 'request', [m1, m2])).toBe(
      `SELECT request FROM "icelog_dev"."request_200" WHERE strpos(request, '${m1}') > 0 OR strpos(request, '${m2}') > 0`,
    );
    expect(markerSql('icelog_dev', 'request_unparsed', 'log', [m2])).toBe(
      `SELECT log FROM "icelog_dev"."request_unparsed" WHERE strpos(log, '${m2}') > 0`,
    );
  });

  test("rejects anything that is not one of this CLI's markers", () => {
    expect(() => markerSql('icelog_dev', 'request_200', 'request', ["x') > 0 OR true --"])).toThrow(
      `Invalid marker: must match ${MARKER_PATTERN.source}. Received: "x') > 0 OR true --"`,
    );
    expect(() => markerSql('icelog_dev', 'request_200', 'request', [])).toThrow(
      'Invalid markers: must contain at least one entry. Received: []',
    );
    expect(() => markerSql('icelog_dev', 'request_200', 'status' as 'log', [m1])).toThrow(
      'Invalid column: must be one of "request", "log". Received: "status"',
    );
  });
});

test('sqlLiteral doubles quotes even for values that passed their pattern', () => {
  expect(sqlLiteral('v', "it's", /^[a-z']+$/, 'letters')).toBe("'it''s'");
  expect(() => sqlLiteral('v', 'A', /^[a-z]+$/, 'must be lower-case letters')).toThrow(
    'Invalid v: must be lower-case letters. Received: "A"',
  );
});

test('qualifiedTable and sinceCondition', () => {
  expect(qualifiedTable('db', 'request_other')).toBe('"db"."request_other"');
  expect(sinceCondition(new Date(Date.UTC(2000, 9, 10, 13, 55, 36)))).toBe(
    `try(parse_datetime(time_local, 'dd/MMM/yyyy:HH:mm:ss Z')) >= from_iso8601_timestamp('2000-10-10T13:55:36.000Z')`,
  );
});
