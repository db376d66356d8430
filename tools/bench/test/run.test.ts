import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandFailedError, GNU_TIME, assertSucceeded, parseGnuTimeMaxRss, runMeasured } from '../src/run';
import { compileHook, tempDir } from './helpers';

const ALLOCATE_96_MIB =
  "const b = Buffer.alloc(96 * 1024 * 1024, 1); console.log('allocated ' + b.length); console.error('on stderr');";

describe('runMeasured', () => {
  const logDir = tempDir();

  it('measures wall time and the peak RSS of a Node process with the exit-report hook', async () => {
    const result = await runMeasured(
      { command: process.execPath, args: ['-e', ALLOCATE_96_MIB], cwd: logDir },
      { memory: 'node-report', logDir, label: 'alloc-report', reportHook: compileHook('report-process') },
    );
    expect(result.exitCode).toBe(0);
    expect(result.wallMs).toBeGreaterThan(0);
    expect(result.peakRssKiB).toBeGreaterThan(96 * 1024);
    expect(result.processes).toHaveLength(1);
    expect(result.load).toHaveLength(2);
    expect(readFileSync(result.logFile, 'utf8')).toContain(`allocated ${96 * 1024 * 1024}`);
    expect(result.outputTail).toContain('on stderr');
  });

  it('measures peak RSS with GNU time where it is installed, else with the hook', async () => {
    const memory = existsSync(GNU_TIME) ? 'gnu-time' : 'node-report';
    const result = await runMeasured(
      { command: process.execPath, args: ['-e', ALLOCATE_96_MIB], cwd: logDir },
      { memory, logDir, label: 'alloc-probe', reportHook: compileHook('report-process') },
    );
    expect(result.exitCode).toBe(0);
    expect(result.peakRssKiB).toBeGreaterThan(96 * 1024);
    expect(result.peakRssKiB).toBeLessThan(512 * 1024);
  });

  it('samples the process tree from /proc when asked', async () => {
    const result = await runMeasured(
      {
        command: process.execPath,
        args: ['-e', `${ALLOCATE_96_MIB} setTimeout(() => b, 600);`],
        cwd: logDir,
      },
      {
        memory: 'node-report',
        logDir,
        label: 'alloc-sampled',
        sampleProcesses: true,
        reportHook: compileHook('report-process'),
      },
    );
    expect(Math.max(0, ...result.sampled.map((sample) => sample.vmHwmKiB))).toBeGreaterThan(96 * 1024);
  });

  it('returns a failed run, and assertSucceeded turns it into an error naming the log', async () => {
    const result = await runMeasured(
      { command: process.execPath, args: ['-e', "console.error('boom'); process.exit(3)"], cwd: logDir },
      { memory: 'node-report', logDir, label: 'fails', reportHook: compileHook('report-process') },
    );
    expect(result.exitCode).toBe(3);
    expect(() => assertSucceeded(result)).toThrow(CommandFailedError);
    expect(() => assertSucceeded(result)).toThrow(
      `fails failed (exit 3); log: ${join(logDir, 'fails.log')}\nboom`,
    );
  });

  it('rejects a command that cannot start', async () => {
    await expect(
      runMeasured(
        { command: join(logDir, 'no-such-binary'), args: [], cwd: logDir },
        { memory: 'node-report', logDir, label: 'missing' },
      ),
    ).rejects.toThrow('ENOENT');
  });
});

describe('parseGnuTimeMaxRss', () => {
  it('reads the peak RSS line of `time -v`', () => {
    const text =
      '\tCommand being timed: "node x"\n\tMaximum resident set size (kbytes): 83024\n\tExit status: 0\n';
    expect(parseGnuTimeMaxRss(text)).toBe(83024);
    expect(parseGnuTimeMaxRss('')).toBeUndefined();
  });
});
