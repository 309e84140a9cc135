import { describe, expect, it } from 'vitest';
import {
  fromLegacySession,
  normalizeWireFormat,
} from '../../src/wire/wire-session.js';
import { serverEventsOfType } from '../helpers/fixtures.js';

describe('fromLegacySession', () => {
  it('reads the captured beta transcription_session.created as the GA shape', () => {
    const created = serverEventsOfType(
      '05-forum-1148298-beta-transcription-session.jsonl',
      'transcription_session.created',
    )[0]!;
    const session = fromLegacySession(created.session);
    expect(session.audio).toEqual({
      input: {
        format: { type: 'audio/pcm', rate: 24000 },
        transcription: null,
        noise_reduction: null,
        turn_detection: {
          type: 'server_vad',
          threshold: 0.5,
          prefix_padding_ms: 300,
          silence_duration_ms: 200,
        },
      },
    });
    expect(session.id).toBe('sess_BDIjPc4zRbhQgBDcJSDXL');
  });

  it('reads G.711 beta names', () => {
    expect(
      fromLegacySession({ input_audio_format: 'g711_alaw' }).audio?.input
        ?.format,
    ).toEqual({ type: 'audio/pcma' });
  });

  it('returns a GA session unchanged', () => {
    const ga = serverEventsOfType('00-seed.jsonl', 'session.created')[0]!
      .session;
    expect(fromLegacySession(ga)).toBe(ga);
  });
});

describe('normalizeWireFormat', () => {
  it.each([
    ['pcm16', { type: 'audio/pcm', rate: 24000 }],
    ['g711_ulaw', { type: 'audio/pcmu' }],
    ['g711_alaw', { type: 'audio/pcma' }],
    ['opus', { type: 'opus' }],
    [
      { type: 'audio/pcm', rate: 24000 },
      { type: 'audio/pcm', rate: 24000 },
    ],
    [undefined, undefined],
  ])('reads %j as %j', (format, expected) => {
    expect(normalizeWireFormat(format as never)).toEqual(expected);
  });
});
