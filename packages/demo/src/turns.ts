/**
 * The run's transcript: one {@link Turn} per committed audio turn, in commit order, merged from what the
 * session reports (history items with `content[0].transcript` and `status`) and the transport's own events
 * (deltas, completions, failures, and speech timings that history items do not carry). Pure state, no I/O.
 */

export type TurnStatus = 'in_progress' | 'completed' | 'failed';

export interface Turn {
  /** The server's item id. */
  itemId: string;
  /** Text so far: provisional while `in_progress`, final once `completed`. */
  text: string;
  status: TurnStatus;
  /** Audio offset where speech began (server VAD's `audio_start_ms`, or the client's own offset). */
  startMs?: number;
  /** Audio offset where speech ended. */
  endMs?: number;
  /** Why transcription failed, when `status` is `failed`. */
  error?: string;
}

/** The subset of an SDK `RealtimeItem` this reads (kept structural so tests need no SDK objects). */
export interface HistoryItemLike {
  type: string;
  role?: string;
  itemId: string;
  status?: string;
  content?: ReadonlyArray<{ type: string; transcript?: string | null }>;
}

export class TranscriptBook {
  readonly #turns = new Map<string, Turn>();
  /** Item ids in commit order, as the session's history orders them. */
  #order: string[] = [];
  /** Item ids whose speech started with no stop yet (server VAD). */
  readonly #openSpeech = new Set<string>();
  /** Client commit spans (`--vad none`), matched to items by commit position. */
  readonly #clientSpans: Array<{ startMs: number; endMs: number }> = [];
  /** How many turns (a prefix, in commit order) were already handed out as final. */
  #reported = 0;

  /** Applies the session's `history_updated` list: order and text of user audio items. */
  syncHistory(history: readonly HistoryItemLike[]): void {
    const users = history.filter(
      (item) => item.type === 'message' && item.role === 'user',
    );
    // History only ever grows in a transcription session; merge anyway so a reset does not lose turns.
    const known = new Set(users.map((item) => item.itemId));
    const unplaced = this.#order.filter((id) => !known.has(id));
    this.#order = [...known, ...unplaced];
    for (const item of users) {
      const turn = this.#turn(item.itemId);
      const transcript = item.content?.[0]?.transcript;
      if (turn.status !== 'in_progress') continue;
      if (item.status === 'completed' && typeof transcript === 'string') {
        this.#complete(turn, transcript);
      } else if (item.status === 'incomplete') {
        turn.status = 'failed';
      } else if (
        typeof transcript === 'string' &&
        transcript.length >= turn.text.length
      ) {
        turn.text = transcript;
      }
    }
    this.#applyClientSpans();
  }

  /** A transcript delta; `transcript` is the text so far. */
  delta(itemId: string, transcript: string): void {
    const turn = this.#turn(itemId);
    if (turn.status === 'in_progress') turn.text = transcript;
  }

  completed(itemId: string, transcript: string): void {
    this.#complete(this.#turn(itemId), transcript);
  }

  failed(itemId: string, error: string): void {
    const turn = this.#turn(itemId);
    turn.status = 'failed';
    turn.error = error;
  }

  speechStarted(itemId: string, audioStartMs: number): void {
    this.#turn(itemId).startMs = audioStartMs;
    this.#openSpeech.add(itemId);
  }

  speechStopped(itemId: string, audioEndMs: number): void {
    this.#turn(itemId).endMs = audioEndMs;
    this.#openSpeech.delete(itemId);
  }

  /** True while server VAD hears speech that is not committed yet. */
  get speechOpen(): boolean {
    return this.#openSpeech.size > 0;
  }

  /** The client committed an open VAD turn itself (end of input, Ctrl-C): close it at `endMs`. */
  closeOpenSpeech(endMs: number): void {
    for (const id of this.#openSpeech) this.#turn(id).endMs ??= endMs;
    this.#openSpeech.clear();
  }

  /** With `--vad none`: the n-th client commit is the n-th committed item. */
  clientCommitted(span: { startMs: number; endMs: number }): void {
    this.#clientSpans.push(span);
    this.#applyClientSpans();
  }

  /** Every turn, in commit order (turns seen only through events so far come last). */
  get turns(): Turn[] {
    return this.#order.map((id) => this.#turns.get(id)!);
  }

  /** Turns whose transcription has not finished. */
  get pending(): Turn[] {
    return this.turns.filter((turn) => turn.status === 'in_progress');
  }

  /**
   * Turns that became final since the last call, in commit order. A turn that finished before an earlier
   * one waits for it, so printed lines follow the speech even when completions arrive out of order.
   */
  takeFinal(): Turn[] {
    const turns = this.turns;
    const out: Turn[] = [];
    while (
      this.#reported < turns.length &&
      turns[this.#reported]!.status !== 'in_progress'
    ) {
      out.push(turns[this.#reported]!);
      this.#reported++;
    }
    return out;
  }

  #turn(itemId: string): Turn {
    let turn = this.#turns.get(itemId);
    if (!turn) {
      turn = { itemId, text: '', status: 'in_progress' };
      this.#turns.set(itemId, turn);
      // Events can precede the history update that places the item; keep it until history orders it.
      if (!this.#order.includes(itemId)) this.#order.push(itemId);
    }
    return turn;
  }

  #complete(turn: Turn, transcript: string): void {
    if (turn.status === 'failed') return;
    turn.text = transcript;
    turn.status = 'completed';
  }

  #applyClientSpans(): void {
    this.#clientSpans.forEach((span, index) => {
      const id = this.#order[index];
      if (!id) return;
      const turn = this.#turns.get(id)!;
      turn.startMs ??= span.startMs;
      turn.endMs ??= span.endMs;
    });
  }
}
