import { spawn } from 'node:child_process';
import {
  ProcessTreeSampler,
  parseCpuMs,
  parseParentPid,
  parseVmHwm,
  procAvailable,
} from '../src/proc-sampler';

describe('parsing /proc', () => {
  it('reads VmHWM in KiB, and nothing from a kernel thread', () => {
    expect(parseVmHwm('Name:\tnode\nVmPeak:\t  999 kB\nVmHWM:\t   81234 kB\nVmRSS:\t 80000 kB\n')).toBe(
      81234,
    );
    expect(parseVmHwm('Name:\tkthreadd\nState:\tS (sleeping)\n')).toBeUndefined();
  });

  it('reads the parent pid even when the command name holds spaces and parentheses', () => {
    expect(parseParentPid('4242 (node (worker) 1) S 4200 4242 4242 0 -1 4194560')).toBe(4200);
    expect(parseParentPid('')).toBeUndefined();
  });

  it('reads user + system CPU time in ms (clock ticks of 10 ms)', () => {
    const stat = '4242 (node (worker) 1) S 4200 4242 4242 0 -1 4194560 8 0 0 0 150 27 0 0 20 0 11 0';
    expect(parseCpuMs(stat)).toBe(1770);
    expect(parseCpuMs('garbage')).toBeUndefined();
  });
});

describe('ProcessTreeSampler', () => {
  it('finds a child and a grandchild of the root with their argv, cwd and peak RSS', async () => {
    expect(procAvailable()).toBe(true); // the bench runs on Linux here and in CI
    const grandchild =
      'const b = Buffer.alloc(48 * 1024 * 1024, 1); while (process.cpuUsage().user < 300000); setTimeout(() => b.length, 500);';
    const child = spawn(
      process.execPath,
      [
        '-e',
        `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' }).on('exit', () => {});`,
      ],
      { cwd: __dirname, stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const sampler = new ProcessTreeSampler(child.pid as number, 50);
    sampler.start();
    await exited;
    const seen = sampler.stop();

    const root = seen.find((process) => process.pid === child.pid);
    expect(root?.cwd).toBe(__dirname);
    const inner = seen.find((process) => process.argv.includes(grandchild));
    expect(inner?.argv[0]).toBe(process.execPath);
    expect(inner?.vmHwmKiB).toBeGreaterThan(48 * 1024);
    expect(inner?.cpuMs).toBeGreaterThanOrEqual(250);
  });
});
