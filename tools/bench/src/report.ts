import { BudgetResult, Unit, formatLimit, formatValue } from './budget';
import { ModuleSummary, CpuShare } from './diagnosis';
import { ExternalSummary, JestMemory, KindSummary, ProcessSummary } from './process-report';
import { SampleSummary } from './stats';

/** One measured quantity, over several runs. */
export interface Measurement {
  /** Stable id; budget targets refer to it, e.g. `synth.dev.wall`. */
  readonly id: string;
  readonly description: string;
  readonly unit: Unit;
  readonly summary: SampleSummary;
  /** Lowest and highest 1-minute load average seen around the runs. */
  readonly load: readonly [number, number];
  /** The exact command measured, relative to the clone. */
  readonly command: string;
}

/** Where the time and memory of one composite command went, by process kind. */
export interface Breakdown {
  /** Measurement id of the run the breakdown comes from. */
  readonly of: string;
  readonly kinds: readonly KindSummary[];
  /** The longest-running processes of that run. */
  readonly slowest: readonly ProcessSummary[];
  /** Processes that are not Node, from /proc sampling (Linux). */
  readonly external: readonly ExternalSummary[];
}

/** Diagnosis of one synth: modules loaded and CPU profile, by package. */
export interface SynthDiagnosis {
  readonly app: string;
  readonly variant: 'built-js' | 'naive';
  readonly modules: ModuleSummary;
  readonly cpu: readonly CpuShare[];
}

/** Everything one bench run found; written as JSON. */
export interface BenchReport {
  readonly schema: 'icelog-bench/1';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly environment: {
    readonly node: string;
    readonly platform: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly gnuTime: boolean;
    readonly hyperfine: boolean;
    readonly memoryProbe: string;
    /** 1-minute load average at start and end. */
    readonly load: readonly [number, number];
  };
  readonly workspace: {
    readonly root: string;
    readonly commit: string;
    readonly source: string;
    readonly nodeModules: string;
  };
  readonly settings: {
    readonly runs: number;
    readonly coldRuns: number;
    readonly naiveRuns: number;
    readonly apps: readonly string[];
  };
  readonly measurements: readonly Measurement[];
  /** hyperfine's median of the built-JS synth, ms, when hyperfine is installed (cross-check). */
  readonly hyperfine: Readonly<Record<string, number>>;
  readonly naive?: {
    readonly files: number;
    readonly providerImports: number;
    readonly workspaceImports: number;
    /** The comparator's cdk.tf.json equals the real app's after normalisation, per app. */
    readonly equivalent: Readonly<Record<string, boolean>>;
    readonly differences: Readonly<Record<string, readonly string[]>>;
  };
  readonly jestMemory: readonly JestMemory[];
  readonly breakdowns: readonly Breakdown[];
  readonly diagnoses: readonly SynthDiagnosis[];
  readonly budget: readonly BudgetResult[];
  readonly errors: readonly string[];
}

const KIB_PER_MIB = 1024;

/** KiB → MiB. */
export function mib(kib: number): number {
  return kib / KIB_PER_MIB;
}

/** Renders rows as an aligned plain-text table (or a Markdown table). */
export function renderTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  markdown = false,
): string {
  const widths = header.map((cell, column) =>
    Math.max([...cell].length, ...rows.map((row) => [...(row[column] ?? '')].length)),
  );
  const line = (cells: readonly string[]): string =>
    markdown
      ? `| ${cells.map((cell, column) => pad(cell, widths[column])).join(' | ')} |`
      : cells
          .map((cell, column) => pad(cell, widths[column]))
          .join('  ')
          .trimEnd();
  const separator = markdown
    ? `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`
    : widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), separator, ...rows.map(line)].join('\n');
}

function pad(cell: string, width: number): string {
  return cell + ' '.repeat(Math.max(0, width - [...cell].length));
}

/** The measurement table: median, range, runs, load, and the verdict of the matching target. */
export function measurementTable(report: BenchReport, markdown = false): string {
  const targets = new Map(report.budget.map((result) => [result.id, result]));
  const rows = report.measurements.map((measurement) => {
    const target = targets.get(measurement.id);
    const { summary, unit } = measurement;
    return [
      measurement.description,
      formatValue(summary.median, unit),
      summary.runs > 1 ? `${formatValue(summary.min, unit)}–${formatValue(summary.max, unit)}` : '',
      String(summary.runs),
      `${measurement.load[0].toFixed(2)}–${measurement.load[1].toFixed(2)}`,
      target === undefined ? '' : formatLimit(target),
      target?.verdict ?? '',
    ];
  });
  const ratios = report.budget
    .filter((result) => result.unit === 'x')
    .map((result) => [
      result.description,
      result.value === undefined ? '—' : formatValue(result.value, 'x'),
      '',
      '',
      '',
      formatLimit(result),
      result.verdict,
    ]);
  return renderTable(
    ['measurement', 'median', 'range', 'runs', 'load 1m', 'target', 'verdict'],
    [...rows, ...ratios],
    markdown,
  );
}

/** One line per target: `PASS    synth dev (built JS), wall: 480 ms (target ≤ 600 ms)`. */
export function budgetLines(results: readonly BudgetResult[]): string {
  return results
    .map((result) => {
      const value =
        result.value !== undefined
          ? formatValue(result.value, result.unit)
          : (result.error ?? 'not measured');
      return `${result.verdict.padEnd(7)} ${result.description}: ${value} (target ${formatLimit(result)})`;
    })
    .join('\n');
}

/** Jest peak RSS per project. */
export function jestMemoryTable(memory: readonly JestMemory[], markdown = false): string {
  return renderTable(
    ['jest project', 'main process', 'largest worker', 'workers'],
    memory.map((entry) => [
      entry.project,
      formatValue(mib(entry.mainKiB), 'MiB'),
      entry.workers === 0 ? '(in band)' : formatValue(mib(entry.workerKiB), 'MiB'),
      String(entry.workers),
    ]),
    markdown,
  );
}

/** Where a composite command's processes spent CPU and memory. */
export function breakdownTable(breakdown: Breakdown): string {
  const kinds = renderTable(
    ['process kind', 'processes', 'CPU', 'wall (sum)', 'largest RSS'],
    breakdown.kinds.map((kind) => [
      kind.kind,
      String(kind.processes),
      formatValue(kind.cpuMs, 'ms'),
      formatValue(kind.wallMs, 'ms'),
      formatValue(mib(kind.maxRssKiB), 'MiB'),
    ]),
  );
  const external =
    breakdown.external.length === 0
      ? ''
      : `\n\n${renderTable(
          ['other process', 'processes', 'CPU (≥)', 'largest RSS'],
          breakdown.external.map((entry) => [
            entry.name,
            String(entry.processes),
            formatValue(entry.cpuMs, 'ms'),
            formatValue(mib(entry.maxRssKiB), 'MiB'),
          ]),
        )}`;
  if (breakdown.slowest.length === 0) {
    return `${kinds}${external}`;
  }
  const slowest = renderTable(
    ['slowest process', 'project', 'wall', 'CPU', 'peak RSS'],
    breakdown.slowest.map((process) => [
      `${process.kind}${process.args === '' ? '' : ` ${process.args}`}`,
      process.project,
      formatValue(process.wallMs, 'ms'),
      formatValue(process.cpuMs, 'ms'),
      formatValue(mib(process.maxRssKiB), 'MiB'),
    ]),
  );
  return `${kinds}${external}\n\n${slowest}`;
}

/** Modules and CPU per package of one synth. */
export function diagnosisTable(diagnosis: SynthDiagnosis, top = 8): string {
  const { modules } = diagnosis;
  const cpu = new Map(diagnosis.cpu.map((share) => [share.name, share]));
  const rows = modules.packages
    .slice(0, top)
    .map((entry) => [
      entry.name,
      String(entry.modules),
      `${(entry.bytes / 1024).toFixed(0)} KiB`,
      formatValue(entry.selfMs, 'ms'),
      cpu.has(entry.name) ? formatValue((cpu.get(entry.name) as CpuShare).selfMs, 'ms') : '',
    ]);
  const others = diagnosis.cpu
    .filter((share) => share.name.startsWith('(') || share.name.startsWith('node'))
    .slice(0, 4)
    .map((share) => [share.name, '', '', '', formatValue(share.selfMs, 'ms')]);
  const title =
    `${diagnosis.variant} ${diagnosis.app}: ${modules.modules} modules (${modules.loadCalls} require calls), ` +
    `${(modules.bytes / 1024 / 1024).toFixed(1)} MiB of JS, peak RSS ${formatValue(mib(modules.maxRssKiB), 'MiB')}, ` +
    `heap used ${formatValue(modules.heapUsedBytes / 1024 / 1024, 'MiB')}, run ${formatValue(modules.uptimeMs, 'ms')}`;
  return `${title}\n${renderTable(['package', 'modules', 'JS size', 'load (self)', 'CPU (self)'], [...rows, ...others])}`;
}
