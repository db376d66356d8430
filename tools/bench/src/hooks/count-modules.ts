/**
 * Diagnosis hook: `node --require dist/hooks/count-modules.js <script>` with ICELOG_BENCH_MODULES set
 * to an output file. Counts `Module._load` calls, records every compiled CommonJS module with its
 * source size and self load time (its own evaluation, minus the modules it loads), and the process
 * memory at exit. `summarizeModuleReport` groups the result by package.
 */
import { writeFileSync } from 'node:fs';
import Module from 'node:module';

interface Frame {
  readonly start: number;
  childMs: number;
  file?: string;
}

interface ModuleEntry {
  bytes: number;
  selfMs: number;
}

interface Loader {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
  prototype: { _compile(content: string, filename: string): unknown };
}

const outFile = process.env.ICELOG_BENCH_MODULES;
if (outFile) {
  const loader = Module as unknown as Loader;
  const originalLoad = loader._load;
  const originalCompile = loader.prototype._compile;
  const modules = new Map<string, ModuleEntry>();
  const stack: Frame[] = [];
  let loadCalls = 0;
  const entry = (file: string): ModuleEntry => {
    let found = modules.get(file);
    if (found === undefined) {
      found = { bytes: 0, selfMs: 0 };
      modules.set(file, found);
    }
    return found;
  };

  loader._load = function load(this: unknown, ...args: [string, unknown, boolean]): unknown {
    loadCalls += 1;
    const frame: Frame = { start: performance.now(), childMs: 0 };
    stack.push(frame);
    try {
      return originalLoad.apply(this, args);
    } finally {
      stack.pop();
      if (frame.file !== undefined) {
        const total = performance.now() - frame.start;
        entry(frame.file).selfMs += total - frame.childMs;
        const parent = stack[stack.length - 1];
        if (parent !== undefined) {
          parent.childMs += total;
        }
      }
    }
  };

  loader.prototype._compile = function compile(this: unknown, content: string, filename: string): unknown {
    const top = stack[stack.length - 1];
    if (top !== undefined && top.file === undefined) {
      top.file = filename;
    }
    entry(filename).bytes += content.length;
    return originalCompile.call(this, content, filename);
  };

  process.on('exit', () => {
    try {
      writeFileSync(
        outFile,
        JSON.stringify({
          loadCalls,
          memory: process.memoryUsage(),
          maxRssKiB: process.resourceUsage().maxRSS,
          uptimeMs: process.uptime() * 1000,
          modules: [...modules].map(([file, { bytes, selfMs }]) => ({ file, bytes, selfMs })),
        }),
      );
    } catch {
      // diagnosis must not change the outcome of the diagnosed command
    }
  });
}
