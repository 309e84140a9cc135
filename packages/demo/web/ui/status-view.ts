/**
 * Shows the controller's state, the connection status, the offline/online mode and errors in the page.
 *
 * Text is always set through `textContent`: error messages can quote server text, which must never become markup.
 */
import type { WebDemoConfig } from '../api-types.js';
import type { ConnectionStatus, ControllerState } from '../controller.js';

/** The elements of `index.html` this view writes to. */
export interface StatusElements {
  mode: HTMLElement;
  state: HTMLElement;
  connection: HTMLElement;
  error: HTMLElement;
  notice: HTMLElement;
  start: HTMLButtonElement;
  stop: HTMLButtonElement;
}

/** Looks the elements up by id; throws if the page markup and this view disagree. */
export function findStatusElements(doc: Document): StatusElements {
  const get = <T extends HTMLElement>(id: string): T => {
    const element = doc.getElementById(id);
    if (!element) throw new Error(`index.html has no #${id}`);
    return element as T;
  };
  return {
    mode: get('mode'),
    state: get('state'),
    connection: get('connection'),
    error: get('error'),
    notice: get('notice'),
    start: get('start'),
    stop: get('stop'),
  };
}

/** Says whether the page talks to OpenAI or to the local simulator. */
export function showMode(
  elements: StatusElements,
  config: WebDemoConfig,
): void {
  elements.mode.hidden = false;
  elements.mode.dataset.offline = String(config.offline);
  elements.mode.dataset.turnDetection = config.turnDetection;
  const turns =
    config.turnDetection === 'client'
      ? 'Turns are found in this browser (client turn detection).'
      : 'Turns are found by the server (server VAD).';
  elements.mode.textContent = config.offline
    ? `OFFLINE: running on the local transcription simulator (no OPENAI_API_KEY on the server), model ${config.model}. It does not recognise speech; it reports each turn it hears. ${turns}`
    : `Online: transcribing with OpenAI (${config.model}) through a short-lived key. ${turns}`;
}

const STEP_TEXT = {
  microphone: 'Starting: asking for the microphone…',
  token: 'Starting: getting a session key…',
  connect: 'Starting: connecting…',
} as const;

/** Reflects the controller state: label, buttons, and the error box. */
export function showState(
  elements: StatusElements,
  state: ControllerState,
): void {
  elements.state.dataset.state = state.status;
  switch (state.status) {
    case 'idle':
      elements.state.textContent =
        'Idle. Press Start to transcribe your microphone.';
      break;
    case 'starting':
      elements.state.textContent = STEP_TEXT[state.step];
      break;
    case 'listening':
      elements.state.textContent = `Listening (microphone at ${state.inputRate / 1000} kHz, sent as 24 kHz PCM16)`;
      break;
    case 'stopping':
      elements.state.textContent = 'Stopping…';
      break;
    case 'failed':
      elements.state.textContent = 'Stopped after an error.';
      break;
  }
  const canStart = state.status === 'idle' || state.status === 'failed';
  elements.start.disabled = !canStart;
  elements.start.textContent =
    state.status === 'failed' ? 'Start again' : 'Start';
  elements.stop.disabled =
    state.status !== 'listening' && state.status !== 'starting';
  if (state.status === 'failed') showError(elements, state.message);
  else if (state.status === 'starting' && state.step === 'microphone') {
    // A new attempt: clear the previous run's messages.
    showError(elements, undefined);
    showNotice(elements, undefined);
  }
}

/** The transport's connection status. */
export function showConnection(
  elements: StatusElements,
  status: ConnectionStatus,
): void {
  elements.connection.dataset.connection = status;
  elements.connection.textContent = status;
}

/** Shows (or, with `undefined`, hides) the error box. */
export function showError(
  elements: StatusElements,
  message: string | undefined,
): void {
  showMessage(elements.error, message);
}

/** Shows (or hides) a non-fatal message, e.g. a server error the session survived. */
export function showNotice(
  elements: StatusElements,
  message: string | undefined,
): void {
  showMessage(elements.notice, message);
}

function showMessage(element: HTMLElement, message: string | undefined): void {
  element.hidden = message === undefined;
  element.textContent = message ?? '';
}
