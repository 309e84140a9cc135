/**
 * Renders the session history as a transcript list.
 *
 * Each user audio item becomes one `<li>`, keyed by item id, in history (= commit) order. While an item is
 * `in_progress` its text is provisional (the transcript so far, from deltas) and styled as such; `completed`
 * makes it final; `incomplete` marks a turn whose transcription failed. Attributes (`data-status`) carry the
 * state, so tests and styles read the same thing a person sees.
 */
import type { RealtimeItem } from '@openai/agents-realtime';

/** One line of the transcript, reduced from a history item. */
export interface TranscriptLine {
  itemId: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  text: string;
}

/** Keeps the user audio items that have (or will get) text; drops completed turns that carried no speech. */
export function toTranscriptLines(
  items: readonly RealtimeItem[],
): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  for (const item of items) {
    if (item.type !== 'message' || item.role !== 'user') continue;
    let text = '';
    for (const part of item.content) {
      if (part.type === 'input_audio' && part.transcript)
        text += part.transcript;
      else if (part.type === 'input_text') text += part.text;
    }
    const status = item.status;
    // A completed turn with no words (a cough, a click) is noise in a transcript.
    if (status === 'completed' && text.trim() === '') continue;
    lines.push({ itemId: item.itemId, status, text });
  }
  return lines;
}

/** Updates `list` in place to show `lines`, reusing existing `<li>`s so the page does not flicker. */
export function renderTranscript(
  list: HTMLOListElement,
  lines: readonly TranscriptLine[],
): void {
  const existing = new Map<string, HTMLLIElement>();
  for (const li of Array.from(list.children) as HTMLLIElement[]) {
    existing.set(li.dataset.itemId ?? '', li);
  }
  lines.forEach((line, index) => {
    let li = existing.get(line.itemId);
    existing.delete(line.itemId);
    if (!li) {
      li = document.createElement('li');
      li.dataset.itemId = line.itemId;
    }
    li.dataset.status = line.status;
    li.textContent = lineText(line);
    li.title = STATUS_TITLES[line.status];
    if (list.children[index] !== li)
      list.insertBefore(li, list.children[index] ?? null);
  });
  for (const stale of existing.values()) stale.remove();
}

const STATUS_TITLES: Record<TranscriptLine['status'], string> = {
  in_progress: 'Provisional: still being transcribed',
  completed: 'Final transcript',
  incomplete: 'Transcription of this turn failed',
};

function lineText(line: TranscriptLine): string {
  if (line.status === 'incomplete')
    return line.text || '(this turn could not be transcribed)';
  if (line.status === 'in_progress') return `${line.text}…`;
  return line.text;
}
