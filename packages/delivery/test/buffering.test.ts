import { BufferingHints, resolveBufferingHints } from '../src';
import { newStream, synthStream } from './fixtures';

describe('presets', () => {
  test('trade lag for file count', () => {
    expect(BufferingHints.LOW_LATENCY).toEqual({ intervalSeconds: 60, sizeMiB: 1 });
    expect(BufferingHints.AWS_DEFAULT).toEqual({ intervalSeconds: 300, sizeMiB: 5 });
    expect(BufferingHints.LARGE_FILES).toEqual({ intervalSeconds: 900, sizeMiB: 128 });
  });

  test('are frozen, so one stack cannot change another stack’s preset', () => {
    expect(Object.isFrozen(BufferingHints.LOW_LATENCY)).toBe(true);
    expect(Object.isFrozen(BufferingHints.LARGE_FILES)).toBe(true);
  });

  test.each([
    ['LOW_LATENCY', BufferingHints.LOW_LATENCY, 60, 1],
    ['AWS_DEFAULT', BufferingHints.AWS_DEFAULT, 300, 5],
    ['LARGE_FILES', BufferingHints.LARGE_FILES, 900, 128],
  ])('%s reaches the Iceberg configuration', (_name, buffering, interval, size) => {
    const { firehose } = synthStream({ buffering });
    expect(firehose.iceberg_configuration.buffering_interval).toBe(interval);
    expect(firehose.iceberg_configuration.buffering_size).toBe(size);
  });
});

describe('explicit hints', () => {
  test('the bounds are accepted: 0 s, 900 s, 1 MiB, 128 MiB', () => {
    expect(
      synthStream({ buffering: { intervalSeconds: 0, sizeMiB: 1 } }).firehose.iceberg_configuration,
    ).toMatchObject({
      buffering_interval: 0,
      buffering_size: 1,
    });
    expect(resolveBufferingHints('b', { intervalSeconds: 900, sizeMiB: 128 })).toEqual({
      intervalSeconds: 900,
      sizeMiB: 128,
    });
  });

  test('neither value means the AWS defaults', () => {
    expect(resolveBufferingHints('b', undefined)).toEqual({ intervalSeconds: 300, sizeMiB: 5 });
    expect(resolveBufferingHints('b', {})).toEqual({ intervalSeconds: 300, sizeMiB: 5 });
  });

  test.each([-1, 901, 2.5])('rejects an interval of %p', (intervalSeconds) => {
    expect(() => newStream({ buffering: { intervalSeconds, sizeMiB: 5 } })).toThrow(
      `Invalid Delivery.buffering.intervalSeconds: must be an integer from 0 to 900 (seconds). Received: ${intervalSeconds}`,
    );
  });

  test.each([0, 129, 1.5])('rejects a size of %p', (sizeMiB) => {
    expect(() => newStream({ buffering: { intervalSeconds: 300, sizeMiB } })).toThrow(
      `Invalid Delivery.buffering.sizeMiB: must be an integer from 1 to 128 (MiB). Received: ${sizeMiB}`,
    );
  });

  test('one value without the other is rejected, saying both or neither', () => {
    expect(() => newStream({ buffering: { intervalSeconds: 60 } })).toThrow(
      'Invalid Delivery.buffering: must set both intervalSeconds and sizeMiB, or neither (Firehose flushes on whichever is reached first, so setting one alone silently keeps the default of the other). Received: {"intervalSeconds":60}',
    );
    expect(() => newStream({ buffering: { sizeMiB: 64 } })).toThrow(
      'Invalid Delivery.buffering: must set both intervalSeconds and sizeMiB, or neither (Firehose flushes on whichever is reached first, so setting one alone silently keeps the default of the other). Received: {"sizeMiB":64}',
    );
  });
});
