import { median, summarize } from '../src/stats';

describe('median', () => {
  it('is the middle sample of an odd count, whatever the order', () => {
    expect(median([900, 100, 500])).toBe(500);
  });

  it('is the mean of the two middle samples of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('does not reorder the caller’s array', () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('rejects an empty list', () => {
    expect(() => median([])).toThrow('median of an empty list');
  });
});

describe('summarize', () => {
  it('gives runs, median, min, max and the samples in measurement order', () => {
    expect(summarize([480, 520, 470, 900, 500])).toEqual({
      runs: 5,
      median: 500,
      min: 470,
      max: 900,
      samples: [480, 520, 470, 900, 500],
    });
  });
});
