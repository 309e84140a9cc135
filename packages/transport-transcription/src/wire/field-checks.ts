/**
 * The checks a server frame's fields go through, and how a failed check becomes a {@link FrameProblem}.
 *
 * Each check returns the value or throws a {@link Flaw}; an {@link EventReader} catches it and decides
 * whether the whole event is dropped or only one optional detail. Messages name the field and the kind of
 * value, never the value itself (it may be anything a server sends). Pure; no I/O.
 */

/** Ids longer than this are refused (the API's own `event_id` limit is 512). */
export const MAX_ID_LENGTH = 512;
/** Audio positions beyond this (about 24.8 days, the largest `setTimeout` delay) are refused as absurd. */
export const MAX_AUDIO_MS = 2 ** 31 - 1;

/** Why a frame, or one detail of it, was dropped at the edge. Reported by the transport as a `warning`. */
export interface FrameProblem {
  /** The event type, or `undefined` for a frame that is not an event at all. */
  type: string | undefined;
  /** `<type>.<path>` of the field at fault (`[]` stands for any array element), or `server frame`. */
  field: string;
  /** Names the event type and the field, never the value. */
  message: string;
}

/** A field of the wrong type. Thrown by the checks and caught by an {@link EventReader} or `readServerEvent`, never further. */
export class Flaw {
  constructor(
    readonly path: string,
    readonly got: unknown,
    readonly expected: string,
  ) {}
}

/** Throws the {@link Flaw} for a field at `path` that is not `expected`. */
export function fail(path: string, got: unknown, expected: string): never {
  throw new Flaw(path, got, expected);
}

// Each check below names what it expects, as a problem's message shows it.
const ID = `a non-empty string of at most ${MAX_ID_LENGTH} characters`;
/** An id: a non-empty string of at most {@link MAX_ID_LENGTH} characters. */
export const id = (v: unknown, path: string): string =>
  str(v) && v.length > 0 && v.length <= MAX_ID_LENGTH ? v : fail(path, v, ID);
/** A previous item id: an id, or `null` (also for a missing or empty one: the first turn). */
export const previousId = (v: unknown, path: string): string | null =>
  v === undefined || v === null || v === '' ? null : id(v, path);
/** A string. */
export const text = (v: unknown, path: string): string =>
  str(v) ? v : fail(path, v, 'a string');
/** A plain object (not an array). */
export const object = (v: unknown, path: string): Record<string, unknown> =>
  obj(v) ? v : fail(path, v, 'an object');
/** A finite number. */
export const finite = (v: unknown, path: string): number =>
  num(v) ? v : fail(path, v, 'a finite number');
/** A number above 0. */
export const positive = (v: unknown, path: string): number =>
  num(v) && v > 0 ? v : fail(path, v, 'a positive number');
/** An audio position in ms, 0 to {@link MAX_AUDIO_MS}. */
export const audioMs = (v: unknown, path: string): number =>
  num(v) && v >= 0 && v <= MAX_AUDIO_MS
    ? v
    : fail(path, v, `milliseconds from 0 to ${MAX_AUDIO_MS}`);
/** Seconds of audio, 0 to {@link MAX_AUDIO_MS} / 1000. */
export const seconds = (v: unknown, path: string): number =>
  num(v) && v >= 0 && v <= MAX_AUDIO_MS / 1000
    ? v
    : fail(path, v, `seconds from 0 to ${MAX_AUDIO_MS / 1000}`);
/** A non-negative safe integer (a token count). */
export const count = (v: unknown, path: string): number =>
  Number.isSafeInteger(v) && (v as number) >= 0
    ? (v as number)
    : fail(path, v, 'a non-negative integer');
/** An integer 0–255. */
export const byte = (v: unknown, path: string): number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 255
    ? (v as number)
    : fail(path, v, 'a byte value (0–255)');

/** Checks every element; returns the array itself (elements are not copied). */
export function arrayOf<T>(
  v: unknown,
  path: string,
  each: (item: unknown, path: string) => T,
): T[] {
  if (!Array.isArray(v)) fail(path, v, 'an array');
  const at = `${path}[]`;
  for (let i = 0; i < v.length; i++) each(v[i], at);
  return v as T[];
}

/** A check of one field: its (possibly cleaned) value, or a thrown {@link Flaw}. */
export type FieldReader = (value: unknown, path: string) => unknown;
/** The checks of an object's fields, by key. */
export type FieldReaders = Record<string, FieldReader>;

/** `null` as is, anything else through `read`. */
export const nullable =
  (read: FieldReader): FieldReader =>
  (value, path) =>
    value === null ? null : read(value, path);
/** An array of strings. */
export const stringList: FieldReader = (value, path) =>
  arrayOf(value, path, text);

/** Collects the problems of one event. */
export class EventReader {
  problems: FrameProblem[] | undefined;
  constructor(readonly type: string) {}

  /** A detail the event can do without: its value, or `undefined` (with a problem) when it is malformed. */
  optional<T>(
    value: unknown,
    path: string,
    read: (value: unknown, path: string) => T,
  ): T | undefined {
    if (value === undefined || value === null) return undefined;
    try {
      return read(value, path);
    } catch (error) {
      if (!(error instanceof Flaw)) throw error;
      this.report(error, path);
      return undefined;
    }
  }

  /** `record` without the fields whose reader fails (each reported); `record` itself when all pass. */
  keepValid(
    record: Record<string, unknown>,
    readers: FieldReaders,
    base: string,
  ): Record<string, unknown> {
    let out = record;
    for (const [key, read] of Object.entries(readers)) {
      const value = record[key];
      if (value === undefined) continue;
      let clean: unknown;
      try {
        clean = read(value, `${base}${key}`);
      } catch (error) {
        if (!(error instanceof Flaw)) throw error;
        this.report(error, `${base}${key}`);
        if (out === record) out = { ...record };
        delete out[key];
        continue;
      }
      if (clean === value) continue;
      if (out === record) out = { ...record };
      out[key] = clean;
    }
    return out;
  }

  /** Records a flaw that dropped the event, or only the detail at `ignored` when given. */
  report(flaw: Flaw, ignored?: string): void {
    const type = shown(this.type);
    const what = flaw.path
      ? `${flaw.path} is ${describe(flaw.got)}, expected ${flaw.expected}`
      : `it is not ${flaw.expected}`;
    (this.problems ??= []).push({
      type: this.type,
      field: flaw.path ? `${type}.${flaw.path}` : type,
      message:
        ignored === undefined
          ? `Dropped a ${type} event from the server: ${what}.`
          : `Ignored ${ignored} of a ${type} event from the server: ${what}.`,
    });
  }
}

/** How a value is named in a problem: its kind, never its content (it may be anything). */
export function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value === ''
        ? 'an empty string'
        : `a string of ${value.length} characters`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return ArrayBuffer.isView(value) ||
        Object.prototype.toString.call(value) === '[object ArrayBuffer]'
        ? 'bytes'
        : 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** An event type as shown in a message: long types (a hostile server's) are cut. */
export const shown = (type: string) =>
  type.length > 100 ? `${type.slice(0, 100)}…` : type;

/** Type guards, without the throwing of the checks above. */
export const str = (v: unknown): v is string => typeof v === 'string';
export const num = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v);
export const obj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
