import { redactSecrets } from '@agents-transcription/transport';
import { printable } from './printable.js';

/**
 * Errors the CLI reports as one line on stderr, without a stack trace.
 *
 * Anything the user can fix (a flag, a path, a file, a missing tool or key) is a {@link CliError} with exit
 * code 2; a run that started and then failed uses exit code 1. Any other exception is a bug and keeps its
 * stack.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Exit codes, named so call sites say why they exit. */
export const ExitCode = {
  ok: 0,
  runFailed: 1,
  badInput: 2,
  interrupted: 130,
  terminated: 143,
} as const;

/**
 * Best-effort one-line description of an unknown error value: SDK session errors wrap server `error` events
 * (`{ type: 'error', error: { type: 'error', error: { code, message } } }`), transports emit `Error`s.
 */
export function describeError(value: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = value;
  // Unwrap `{ error: … }` envelopes until something carries a message.
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const record = current as Record<string, unknown>;
    if (typeof record.message === 'string' && record.message) {
      // The transport's own errors have self-describing messages; plain server payloads need their code.
      const code =
        !(current instanceof Error) &&
        typeof record.code === 'string' &&
        record.code &&
        !record.message.includes(record.code)
          ? ` (${record.code})`
          : '';
      return oneLine(redactSecrets(record.message + code));
    }
    if (!('error' in record)) break;
    current = record.error;
  }
  if (typeof current === 'string') return oneLine(redactSecrets(current));
  try {
    return oneLine(redactSecrets(JSON.stringify(value) ?? String(value)));
  } catch {
    return oneLine(redactSecrets(String(value)));
  }
}

// One line, and nothing a terminal would interpret: server and library messages are not ours to trust.
function oneLine(text: string): string {
  return printable(text.replace(/\s*\n\s*/g, ' ').trim());
}

/**
 * The line for an exception nobody anticipated: a plain sentence first, so a bare library message such as
 * "Invalid typed array length: Infinity" never stands alone.
 */
export function describeUnexpected(error: unknown): string {
  return `an unexpected error stopped the demo (rerun with DEMO_DEBUG=1 for the stack trace): ${describeError(error)}`;
}
