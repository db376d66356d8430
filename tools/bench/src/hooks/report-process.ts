/**
 * Preloaded into every Node process of a measured command through
 * `NODE_OPTIONS=--require <this file>` (see `processReportEnv`). When the process exits it appends
 * one JSON line to the file named by ICELOG_BENCH_REPORT: pid, parent pid, script, cwd, wall time,
 * CPU time and peak RSS (`process.resourceUsage().maxRSS`, KiB). Works wherever Node runs, needs no
 * `/usr/bin/time` and sees every Node descendant (npm, nx, tsc, eslint, jest and its workers).
 * It never throws: a failed write loses one record, not the measured command.
 */
import { appendFileSync } from 'node:fs';

const reportFile = process.env.ICELOG_BENCH_REPORT;
const registered = Symbol.for('icelog.bench.report-process');
const host = process as unknown as Record<symbol, boolean>;
// one record per process even when two copies of the hook are preloaded (a bench measuring a test
// run of the bench itself, whose NODE_OPTIONS already holds the outer hook)
if (reportFile && !host[registered]) {
  host[registered] = true;
  const startedAt = Date.now() - process.uptime() * 1000;
  process.on('exit', (exitCode) => {
    try {
      const usage = process.resourceUsage();
      const record = {
        pid: process.pid,
        ppid: process.ppid,
        script: process.argv[1] ?? '',
        args: process.argv.slice(2, 6),
        cwd: process.cwd(),
        startedAt,
        wallMs: Date.now() - startedAt,
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
        maxRssKiB: usage.maxRSS,
        exitCode,
      };
      appendFileSync(reportFile, `${JSON.stringify(record)}\n`);
    } catch {
      // measurement must never change the measured command's outcome
    }
  });
}
