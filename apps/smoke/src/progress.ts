import type { Clock } from './clock';
import { formatElapsed } from './durations';

/** Where text goes: `process.stdout`/`process.stderr`, or a recorder in tests. */
export interface TextSink {
  write(text: string): unknown;
  /** True when the sink is an interactive terminal. */
  readonly isTTY?: boolean;
}

/** Settings of {@link Progress}. */
export interface ProgressProps {
  /** Where progress goes (stderr, so that stdout stays clean for `--json`). */
  readonly sink: TextSink;
  readonly clock: Clock;
  /**
   * Rewrite one status line in place (terminal) instead of printing plain lines.
   * @default - `sink.isTTY`
   */
  readonly tty?: boolean;
  /**
   * In plain mode, repeat an unchanged status line after this many milliseconds.
   * @default 30000
   */
  readonly heartbeatMs?: number;
  /**
   * Print nothing at all (`--quiet`).
   * @default false
   */
  readonly quiet?: boolean;
  /**
   * How often (real milliseconds) the ticker looks at the status while nothing else prints: on a
   * terminal it redraws the line so the elapsed time keeps moving; elsewhere it repeats the status
   * once `heartbeatMs` (on `clock`) passed without a line, so a call that takes minutes still shows
   * the job is alive. 0 turns the ticker off.
   * @default 1000
   */
  readonly tickMs?: number;
}

const CLEAR_LINE = '\r\u001b[2K';

/**
 * Progress of a long wait. On a terminal one status line is rewritten in place (with the elapsed
 * time and every query's state); elsewhere (CI logs) a plain line is printed whenever the status
 * key changes (a table done, a polling round, a marker found), and at least every `heartbeatMs`
 * while it does not, so a log shows the job is alive without flooding it.
 */
export class Progress {
  private readonly startedAt: number;
  private readonly tty: boolean;
  private readonly heartbeatMs: number;
  private lastStatus?: string;
  private lastKey?: string;
  private lastPrintedAt = 0;
  private lineShown = false;
  private ticker?: ReturnType<typeof setInterval>;

  constructor(private readonly props: ProgressProps) {
    this.startedAt = props.clock.now();
    this.tty = props.tty ?? props.sink.isTTY === true;
    this.heartbeatMs = props.heartbeatMs ?? 30_000;
  }

  /** Milliseconds since the progress started. */
  elapsedMs(): number {
    return this.props.clock.now() - this.startedAt;
  }

  /**
   * Sets the current status (e.g. `2/5 tables done; request_404 RUNNING`).
   * @param key the part of the status that counts as a change for plain output (e.g. `2/5`), so
   * that CI logs get a line per step rather than per query state
   * @default key - the whole text
   */
  status(text: string, key: string = text): void {
    if (this.props.quiet) return;
    const now = this.props.clock.now();
    const line = `[${formatElapsed(now - this.startedAt)}] ${text}`;
    this.startTicker();
    if (this.tty) {
      this.props.sink.write(`${CLEAR_LINE}${line}`);
      this.lineShown = true;
    } else if (key !== this.lastKey || now - this.lastPrintedAt >= this.heartbeatMs) {
      this.props.sink.write(`${line}\n`);
      this.lastPrintedAt = now;
      this.lastKey = key;
    }
    this.lastStatus = text;
  }

  /** Prints a one-off line (a retry, a warning) without losing the status line. */
  note(text: string): void {
    if (this.props.quiet) return;
    const line = `[${formatElapsed(this.elapsedMs())}] ${text}\n`;
    if (this.tty && this.lineShown) {
      this.props.sink.write(`${CLEAR_LINE}${line}`);
      this.lineShown = false;
      if (this.lastStatus !== undefined) this.status(this.lastStatus, this.lastKey);
    } else {
      this.props.sink.write(line);
      if (!this.tty) this.lastPrintedAt = this.props.clock.now();
    }
  }

  /** Removes the status line (terminal) before the final report is printed. */
  done(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    if (this.tty && this.lineShown) this.props.sink.write(CLEAR_LINE);
    this.lineShown = false;
  }

  private startTicker(): void {
    const tickMs = this.props.tickMs ?? 1000;
    if (this.ticker || tickMs <= 0) return;
    this.ticker = setInterval(() => {
      if (this.lastStatus === undefined) return;
      if (this.tty ? this.lineShown : this.props.clock.now() - this.lastPrintedAt >= this.heartbeatMs)
        this.status(this.lastStatus, this.lastKey);
    }, tickMs);
    this.ticker.unref();
  }
}
