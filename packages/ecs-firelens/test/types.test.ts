import { execFileSync } from 'node:child_process';
import { applyTypes, castFluentBitValue } from '../src';

type CFunction = 'atoll' | 'strtoull16' | 'atof';

/**
 * Runs the C library's atoll / strtoull(…, 16) / atof (the calls Fluent Bit makes) through Python ctypes,
 * once for all inputs.
 */
function libc(inputs: Record<CFunction, readonly string[]>): Record<CFunction, (number | string)[]> {
  const script = `
import ctypes, json, sys
libc = ctypes.CDLL(None)
libc.atoll.restype = ctypes.c_longlong
libc.strtoull.restype = ctypes.c_ulonglong
libc.atof.restype = ctypes.c_double
def atof(b):
    v = libc.atof(b)
    return 'nan' if v != v else ('inf' if v == float('inf') else ('-inf' if v == float('-inf') else v))
calls = {'atoll': libc.atoll, 'strtoull16': lambda b: libc.strtoull(b, None, 16), 'atof': atof}
inputs = json.loads(sys.argv[1])
print(json.dumps({fn: [calls[fn](s.encode()) for s in values] for fn, values in inputs.items()}))
`;
  return JSON.parse(execFileSync('python3', ['-c', script, JSON.stringify(inputs)], { encoding: 'utf8' }));
}

const asC = (value: unknown) =>
  typeof value === 'number' && Number.isNaN(value)
    ? 'nan'
    : value === Infinity
      ? 'inf'
      : value === -Infinity
        ? '-inf'
        : value;

const integers = [
  '200',
  '0',
  '-',
  '',
  '  42',
  '+7',
  '-13',
  '12ab',
  'ab12',
  '5368709120',
  '99999999999999999999',
  '-99999999999999999999',
  '\t\n 8',
];
const hexes = ['ff', '0x1F', '0XaB', 'zz', '', ' 10', '1g'];
const floats = ['1.5', '-2e3', '.5', '7.', 'abc', '', '3.25xyz', 'inf', '-Infinity', 'nan', ' 1e-2'];
let c: Record<CFunction, (number | string)[]>;

beforeAll(() => {
  c = libc({ atoll: integers, strtoull16: hexes, atof: floats });
});

describe('castFluentBitValue', () => {
  test('integer behaves like C atoll (checked against libc)', () => {
    const expected = c.atoll.map((n) => Number(n));
    expect(integers.map((v) => castFluentBitValue(v, 'integer'))).toEqual(expected);
  });

  test('integer: the documented cases', () => {
    expect(castFluentBitValue('404', 'integer')).toBe(404);
    expect(castFluentBitValue('-', 'integer')).toBe(0);
    expect(castFluentBitValue('12ab', 'integer')).toBe(12);
  });

  test('hex behaves like C strtoull(…, 16) (checked against libc)', () => {
    expect(hexes.map((v) => castFluentBitValue(v, 'hex'))).toEqual(c.strtoull16);
  });

  test('float behaves like C atof (checked against libc)', () => {
    expect(floats.map((v) => asC(castFluentBitValue(v, 'float')))).toEqual(c.atof);
  });

  test('bool: true/false by prefix, any case; anything else stays a string', () => {
    expect(castFluentBitValue('true', 'bool')).toBe(true);
    expect(castFluentBitValue('TRUEish', 'bool')).toBe(true);
    expect(castFluentBitValue('False', 'bool')).toBe(false);
    expect(castFluentBitValue('yes', 'bool')).toBe('yes');
    expect(castFluentBitValue('tru', 'bool')).toBe('tru');
  });

  test('string: unchanged', () => {
    expect(castFluentBitValue('200', 'string')).toBe('200');
  });
});

describe('applyTypes', () => {
  test('casts typed fields only, keeps the others and their order', () => {
    const record = applyTypes(
      { status: '503', body_bytes_sent: '0', request: 'GET / HTTP/1.1' },
      { status: 'integer', body_bytes_sent: 'integer', missing: 'bool' },
    );
    expect(record).toEqual({ status: 503, body_bytes_sent: 0, request: 'GET / HTTP/1.1' });
    expect(Object.keys(record)).toEqual(['status', 'body_bytes_sent', 'request']);
  });
});
