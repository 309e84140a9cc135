/**
 * Output files: SubRip (SRT), WebVTT and a JSON record per turn. Pure formatting plus one writer.
 */
import { writeFile } from 'node:fs/promises';
import type { Turn } from './turns.js';

/** A subtitle cue: a final, non-empty transcript with both timestamps. */
export interface Cue {
  startMs: number;
  endMs: number;
  text: string;
}

/**
 * Turns that can be shown as subtitles, with timings made safe for players: completed and non-empty only
 * (SRT has no empty cues), end strictly after start, and no overlap with the next cue.
 */
export function cuesFromTurns(
  turns: readonly Turn[],
  audioEndMs: number,
): Cue[] {
  const usable = turns.filter(
    (turn) => turn.status === 'completed' && turn.text.trim() !== '',
  );
  return usable.map((turn, index) => {
    const startMs = Math.max(0, Math.round(turn.startMs ?? 0));
    const nextStart = usable[index + 1]?.startMs;
    let endMs = Math.round(turn.endMs ?? nextStart ?? audioEndMs);
    if (nextStart !== undefined) endMs = Math.min(endMs, Math.round(nextStart));
    if (endMs <= startMs) endMs = startMs + 1;
    return { startMs, endMs, text: turn.text.trim() };
  });
}

/** `HH:MM:SS<sep>mmm`: SRT uses a comma before the milliseconds, WebVTT a dot. */
export function formatTimestamp(ms: number, separator: ',' | '.'): string {
  const total = Math.max(0, Math.round(ms));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Math.floor((total % 60_000) / 1000);
  const millis = total % 1000;
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}${separator}${pad(millis, 3)}`;
}

/** SubRip: numbered cues separated by blank lines. */
export function toSrt(cues: readonly Cue[]): string {
  return cues
    .map(
      (cue, index) =>
        `${index + 1}\n${formatTimestamp(cue.startMs, ',')} --> ${formatTimestamp(cue.endMs, ',')}\n${srtText(cue.text)}\n`,
    )
    .join('\n');
}

/** WebVTT: the `WEBVTT` header, then cues; text escaped so `<` and `&` cannot open tags or entities. */
export function toVtt(cues: readonly Cue[]): string {
  const body = cues
    .map(
      (cue) =>
        `${formatTimestamp(cue.startMs, '.')} --> ${formatTimestamp(cue.endMs, '.')}\n${vttText(cue.text)}\n`,
    )
    .join('\n');
  return body ? `WEBVTT\n\n${body}` : 'WEBVTT\n';
}

/** The JSON document `--json` writes. */
export interface TranscriptJson {
  source: string;
  mode: 'offline' | 'live';
  model: string;
  vad: 'server' | 'client' | 'none';
  audioMs: number;
  interrupted: boolean;
  turns: Array<{
    index: number;
    itemId: string;
    text: string;
    status: Turn['status'];
    startMs: number | null;
    endMs: number | null;
    error?: string;
  }>;
}

export function toJson(
  meta: Omit<TranscriptJson, 'turns'>,
  turns: readonly Turn[],
): string {
  const doc: TranscriptJson = {
    ...meta,
    turns: turns.map((turn, index) => ({
      index,
      itemId: turn.itemId,
      text: turn.text,
      status: turn.status,
      startMs: turn.startMs === undefined ? null : Math.round(turn.startMs),
      endMs: turn.endMs === undefined ? null : Math.round(turn.endMs),
      ...(turn.error ? { error: turn.error } : {}),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Writes one output file, turning a filesystem failure into a message that names the path. */
export async function writeOutput(
  path: string,
  content: string,
): Promise<void> {
  await writeFile(path, content, 'utf8');
}

// A blank line ends an SRT cue early, and "-->" on a text line confuses parsers: keep cue text on lines that
// are never empty and never look like a timing line.
function srtText(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.replaceAll('-->', '->'))
    .join('\n');
}

function vttText(text: string): string {
  return srtText(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}
