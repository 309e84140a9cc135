/** Minimal types for webvtt-parser 2.2.0 (it ships none): only what the tests read. */
declare module 'webvtt-parser' {
  interface WebVTTCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
  }
  interface WebVTTParseResult {
    cues: WebVTTCue[];
    errors: Array<{ message: string; line: number; col: number }>;
  }
  const webvtt: {
    WebVTTParser: new () => {
      parse(input: string, mode?: 'metadata' | 'chapters'): WebVTTParseResult;
    };
  };
  export default webvtt;
}
