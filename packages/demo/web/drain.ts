/**
 * Ending a transcription session without an extra turn: shared by the CLI and the page (types only, no
 * platform code).
 *
 * The transport's `close({ drain: true })` commits the uncommitted tail before it waits for the finals. After
 * the last turn that tail is silence (server VAD already closed the turn), and committing it would make a
 * turn of its own. So when no speech is open, the tail is cleared first, and the server's confirmation is
 * awaited: it answers in order, so every commit made on the audio before is known to the transport by then,
 * and the drain waits for those finals.
 */

/** The part of `OpenAIRealtimeTranscriptionWebSocket` this needs. */
export interface ClearableTransport {
  on(type: '*', listener: (event: { type?: unknown }) => void): unknown;
  off(type: '*', listener: (event: { type?: unknown }) => void): unknown;
  sendEvent(event: { type: string }): void;
}

/** Sends `input_audio_buffer.clear` and resolves when the server confirms it (or after `timeoutMs`). */
export function clearUncommittedTail(
  transport: ClearableTransport,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      transport.off('*', onEvent);
      resolve();
    };
    const onEvent = (event: { type?: unknown }) => {
      if (event?.type === 'input_audio_buffer.cleared') done();
    };
    const timer = setTimeout(done, timeoutMs);
    transport.on('*', onEvent);
    try {
      transport.sendEvent({ type: 'input_audio_buffer.clear' });
    } catch {
      done(); // the session already ended: nothing to clear
    }
  });
}
