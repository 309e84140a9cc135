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

  const controller = new TranscriptionController({
    state: (state) => showState(elements, state),
    connection: (status) => showConnection(elements, status),
    history: (items) => renderTranscript(transcript, toTranscriptLines(items)),
    notice: (message) => showNotice(elements, message),
  });
  elements.start.addEventListener('click', () => void controller.start());
  elements.stop.addEventListener('click', () => void controller.stop());

  try {
    const response = await fetch('/config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    showMode(elements, (await response.json()) as WebDemoConfig);
  } catch (error) {
    // The page still works without the mode banner; say what is missing rather than fail silently.
    showError(
      elements,
      `Could not load the demo configuration: ${messageOf(error)}.`,
    );
  }
  showState(elements, controller.state);
}

void boot();
