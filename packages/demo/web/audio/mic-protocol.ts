/**
 * What the page and the microphone worklet agree on. Kept apart from the worklet itself, because importing the
 * worklet module into the page would run its `registerProcessor()` call in the wrong global scope.
 */

/** The processor name the worklet registers and the page instantiates. */
export const MIC_PROCESSOR_NAME = 'mic-pcm16-24k';

/** The path the demo server serves the bundled worklet at. */
export const MIC_WORKLET_PATH = '/mic-worklet.js';

/** Message the page posts to make the worklet emit its partly filled frame. */
export const FLUSH_MESSAGE = 'flush';
