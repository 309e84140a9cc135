/**
 * Showing the transcript as it arrives. On a terminal: a live view with log-update where finished turns are
 * persisted to the scrollback and pending ones are redrawn in place, dimmed and marked provisional. Piped:
 * exactly one plain line per final transcript on stdout, so `pnpm demo … | tee out.txt` gets only text;
 * notices and the summary go to stderr. Text from the server is printed through `printable()`.
 */
import { createLogUpdate } from 'log-update';
import { printable } from './printable.js';
import type { Turn, TranscriptBook } from './turns.js';

/** The subset of a writable stream the renderers use (a fake one in tests). */
export interface OutputStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  on?(event: string, listener: (...args: unknown[]) => void): unknown;
  off?(event: string, listener: (...args: unknown[]) => void): unknown;
}

export interface Renderer {
  /** Redraws after any change of the transcript. */
  update(book: TranscriptBook, status?: string): void;
  /** A message that is not a transcript (server error, warning). */
  notice(message: string): void;
  /** Finishes the view: prints any remaining finals, clears the live area. */
  done(book: TranscriptBook): void;
}

const DIM = '\u001b[2m';
const ITALIC = '\u001b[3m';
const RESET = '\u001b[0m';
const YELLOW = '\u001b[33m';
const RED = '\u001b[31m';

/** Picks the live view for a terminal, plain lines otherwise. */
export function createRenderer(
  stdout: OutputStream,
  stderr: OutputStream,
): Renderer {
  return stdout.isTTY
    ? new TtyRenderer(stdout)
    : new PlainRenderer(stdout, stderr);
}

/** `[mm:ss.s]` or `[h:mm:ss.s]`, for the on-screen view. */
export function formatClock(ms: number | undefined): string {
  if (ms === undefined) return '[  --  ]';
  const tenths = Math.max(0, Math.round(ms / 100));
  const hours = Math.floor(tenths / 36_000);
  const minutes = Math.floor((tenths % 36_000) / 600);
  const seconds = ((tenths % 600) / 10).toFixed(1).padStart(4, '0');
  return hours > 0
    ? `[${hours}:${String(minutes).padStart(2, '0')}:${seconds}]`
    : `[${String(minutes).padStart(2, '0')}:${seconds}]`;
}

export class PlainRenderer implements Renderer {
  constructor(
    readonly stdout: OutputStream,
    readonly stderr: OutputStream,
  ) {}

  update(book: TranscriptBook): void {
    for (const turn of book.takeFinal()) this.#final(turn);
  }

  notice(message: string): void {
    this.stderr.write(`${printable(message)}\n`);
  }

  done(book: TranscriptBook): void {
    this.update(book);
  }

  #final(turn: Turn): void {
    if (turn.status === 'failed')
      this.stderr.write(
        `transcription failed for ${printable(turn.itemId)}: ${printable(turn.error ?? 'unknown error')}\n`,
      );
    else this.stdout.write(`${printable(turn.text.trim())}\n`);
  }
}

export class TtyRenderer implements Renderer {
  readonly #log: ReturnType<typeof createLogUpdate>;
  #status = '';

  constructor(stdout: OutputStream) {
    // A pseudo-terminal with no size set (`script`, CI runners, some IDE consoles) reports 0 rows and 0
    // columns, and log-update then draws nothing at all; report "unknown" instead so it uses 80x24.
    const sized = {
      isTTY: true,
      write: (chunk: string) => stdout.write(chunk),
      get columns() {
        return stdout.columns || undefined;
      },
      get rows() {
        return stdout.rows || undefined;
      },
    };
    this.#log = createLogUpdate(sized as unknown as NodeJS.WriteStream, {
      showCursor: false,
    });
  }

  update(book: TranscriptBook, status?: string): void {
    if (status !== undefined) this.#status = status;
    const finals = book.takeFinal().map((turn) => finalLine(turn));
    if (finals.length > 0) this.#log.persist(...finals);
    const pending = book.pending.map(
      (turn) =>
        `${DIM}${formatClock(turn.startMs)} ${ITALIC}${printable(turn.text.trim()) || '…'}${turn.text ? ' …' : ''}${RESET}`,
    );
    const lines = [...pending];
    if (this.#status) lines.push(`${DIM}${this.#status}${RESET}`);
    this.#log(lines.join('\n'));
  }

  notice(message: string): void {
    this.#log.persist(`${YELLOW}${printable(message)}${RESET}`);
  }

  done(book: TranscriptBook): void {
    this.#status = '';
    this.update(book);
    this.#log.clear();
    this.#log.done();
  }
}

function finalLine(turn: Turn): string {
  if (turn.status === 'failed')
    return `${formatClock(turn.startMs)} ${RED}(transcription failed: ${printable(turn.error ?? 'unknown error')})${RESET}`;
  return `${formatClock(turn.startMs)} ${printable(turn.text.trim())}`;
}
