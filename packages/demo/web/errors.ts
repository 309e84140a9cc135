/**
 * Turns whatever went wrong into one plain sentence for the page, plus what to do about it.
 *
 * Browsers report microphone problems as `DOMException` names and sockets fail with bare events, neither of
 * which means anything to a person using the page; the step that failed tells us what the problem really is.
 */
import { TokenRequestError } from './token.js';

/** The step of starting/running a session in which an error happened. */
export type FailedStep = 'microphone' | 'token' | 'connect' | 'session';

/** Explains `error` in plain words. Never includes key material (keys are never part of these messages). */
export function describeError(step: FailedStep, error: unknown): string {
  switch (step) {
    case 'microphone':
      return describeMicrophoneError(error);
    case 'token':
      return error instanceof TokenRequestError
        ? error.message
        : `Could not get a session key from the demo server: ${messageOf(error)}.`;
    case 'connect':
      return `Could not connect to the transcription service: ${messageOf(error)}. The server refused or closed the connection; check that it is running and reachable, then press Start again.`;
    case 'session':
      return `The transcription service reported an error: ${messageOf(error)}.`;
  }
}

function describeMicrophoneError(error: unknown): string {
  const name =
    error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Microphone permission was denied. Allow this page to use the microphone (the icon in the address bar or the site settings), then press Start again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect a microphone or pick one in your system settings, then press Start again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone could not be opened; another application may be using it. Close that application, then press Start again.';
    case 'NotSupportedError':
      return 'This browser cannot record audio on this page. Open it over http://127.0.0.1 or https in a current browser.';
    default:
      return `The microphone could not be started: ${messageOf(error)}.`;
  }
}

/** A readable message from anything thrown or emitted, without trailing punctuation. */
export function messageOf(error: unknown): string {
  let text: string;
  // SDK 'error' events wrap the cause ({ type: 'error', error }); server errors nest it once more.
  if (
    error &&
    typeof error === 'object' &&
    !(error instanceof Error) &&
    'error' in error
  )
    return messageOf(error.error);
  if (error instanceof Error) text = error.message;
  else if (typeof error === 'string') text = error;
  else if (error && typeof error === 'object' && 'message' in error)
    text = String(error.message);
  else if (
    error &&
    typeof error === 'object' &&
    'type' in error &&
    error.type === 'close'
  )
    text = 'the connection closed';
  else text = 'unknown error';
  return text.replace(/[.\s]+$/, '') || 'unknown error';
}
