/**
 * Entry point of the browser demo page: loads the server's config, then wires the buttons to a
 * {@link TranscriptionController} and the controller's reports to the views.
 */
import type { WebDemoConfig } from './api-types.js';
import { TranscriptionController } from './controller.js';
import { messageOf } from './errors.js';
import { renderTranscript, toTranscriptLines } from './ui/transcript-view.js';
import {
  findStatusElements,
  showConnection,
  showError,
  showMode,
  showNotice,
  showState,
} from './ui/status-view.js';

async function boot(): Promise<void> {
  const elements = findStatusElements(document);
  const transcript = document.getElementById('transcript') as HTMLOListElement;

  let config: WebDemoConfig | undefined;
  try {
    const response = await fetch('/config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    config = (await response.json()) as WebDemoConfig;
    showMode(elements, config);
  } catch (error) {
    // The page still works without the mode banner (the transport then takes the turn detection from the
    // key's session); say what is missing rather than fail silently.
    showError(
      elements,
      `Could not load the demo configuration: ${messageOf(error)}.`,
    );
  }

  const controller = new TranscriptionController(
    {
      state: (state) => showState(elements, state),
      connection: (status) => showConnection(elements, status),
      history: (items) =>
        renderTranscript(transcript, toTranscriptLines(items)),
      notice: (message) => showNotice(elements, message),
    },
    config ? { turnDetection: config.turnDetection } : {},
  );
  elements.start.addEventListener('click', () => void controller.start());
  elements.stop.addEventListener('click', () => void controller.stop());
  showState(elements, controller.state);
}

void boot();
