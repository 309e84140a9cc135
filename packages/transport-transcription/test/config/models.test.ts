import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isKnownModel,
  keywordProblem,
  modelFacts,
  TRANSCRIPTION_MODEL_NAMES,
  TRANSCRIPTION_MODELS,
} from '../../src/config/models.js';
import { assertModelAccepts, traitsOf } from '../../src/config/model-rules.js';
import type {
  TranscriptionModelOptions,
  TranscriptionTurnDetection,
} from '../../src/config/settings.js';
import { TranscriptionTransportError } from '../../src/errors.js';

/** Whether the transport's rules refuse `transcription` / `turnDetection` for `model` before sending. */
function refuses(
  model: string,
  transcription: TranscriptionModelOptions,
  turnDetection?: TranscriptionTurnDetection,
): boolean {
  try {
    assertModelAccepts(model, { model, ...transcription }, turnDetection);
    return false;
  } catch (error) {
    expect((error as TranscriptionTransportError).code).toBe('CONFIG_CONFLICT');
    return true;
  }
}

describe('the transcription models table', () => {
  // The transport's rules are derived from the table: what matters is that they act on each fact as stated.
  it('drives what the transport refuses before sending, fact by fact', () => {
    const disagreements: string[] = [];
    for (const name of TRANSCRIPTION_MODEL_NAMES) {
      const facts = TRANSCRIPTION_MODELS[name];
      const traits = traitsOf(name)!;
      const pairs: Array<[string, boolean, boolean]> = [
        [
          'server_vad refused',
          refuses(name, {}, { type: 'server_vad' }),
          facts.turnDetection === 'refused',
        ],
        [
          'semantic_vad refused',
          refuses(name, {}, { type: 'semantic_vad' }),
          facts.turnDetection === 'refused',
        ],
        [
          'client_vad refused',
          refuses(name, {}, { type: 'client_vad' }),
          false,
        ],
        [
          'turn_detection null by default',
          traits.preferNoTurnDetection,
          facts.turnDetection !== 'server',
        ],
        ['prompt refused', refuses(name, { prompt: 'p' }), !facts.prompt],
        [
          'languages refused',
          refuses(name, { languages: ['en'] }),
          !facts.languagesAndKeywords,
        ],
        [
          'keywords refused',
          refuses(name, { keywords: ['RunState'] }),
          !facts.languagesAndKeywords,
        ],
        ['delay refused', refuses(name, { delay: 'low' }), !facts.delay],
        ['wholeTextDeltas', traits.wholeTextDeltas, facts.wholeTextDeltas],
        ['shutdown', traits.shutdown === facts.shutdown, true],
      ];
      for (const [fact, transport, table] of pairs)
        if (transport !== table)
          disagreements.push(
            `${name} ${fact}: transport ${transport}, table ${table}`,
          );
    }
    expect(disagreements).toEqual([]);
  });

  it('knows every model the transport knows', () => {
    const transportOnly = [
      'whisper-1',
      'gpt-4o-transcribe',
      'gpt-4o-mini-transcribe',
      'gpt-4o-mini-transcribe-2025-12-15',
      'gpt-4o-transcribe-diarize',
      'gpt-transcribe',
      'gpt-live-transcribe',
      'gpt-realtime-whisper',
    ].filter((name) => traitsOf(name) !== undefined && !isKnownModel(name));
    expect(transportOnly).toEqual([]);
  });

  it('lists exactly the models openai-node names, and their announced 2027-02-26 shutdowns', () => {
    // The SDK's `AudioTranscription.model` docs, as shipped in the pinned `openai` devDependency.
    const require = createRequire(import.meta.url);
    const docs = readFileSync(
      join(
        dirname(require.resolve('openai')),
        'resources/realtime/realtime.d.ts',
      ),
      'utf8',
    );
    const block = /export interface AudioTranscription \{[\s\S]*?model\?:/.exec(
      docs,
    )?.[0];
    expect(block).toBeDefined();
    const comment = (block ?? '')
      .split('\n')
      .map((line) => line.replace(/^\s*\*\s?/, ''))
      .join(' ');
    const deprecated =
      /Deprecated values:\s*-\s*(.*?): Announced shutdown date:\s*(\d{4}-\d{2}-\d{2})/.exec(
        comment,
      );
    expect(deprecated?.[2]).toBe('2027-02-26');
    const named = [...(deprecated?.[1] ?? '').matchAll(/"([^"]+)"/g)].map(
      (match) => match[1],
    );
    const withShutdown = TRANSCRIPTION_MODEL_NAMES.filter(
      (name) =>
        TRANSCRIPTION_MODELS[name].shutdown?.date === '2027-02-26' &&
        // INFERRED in the table: an alias the SDK does not name.
        name !== 'gpt-4o-transcribe-latest',
    );
    expect([...withShutdown].sort()).toEqual([...named].sort());
    const union =
      /model\?: \(string & \{\}\) \| ([^;]+);/.exec(docs)?.[1] ?? '';
    const sdkModels = [...union.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect(
      TRANSCRIPTION_MODEL_NAMES.filter(
        (name) => name !== 'gpt-4o-transcribe-latest',
      ).sort(),
    ).toEqual([...sdkModels].sort());
  });

  it('points every deprecated model at a replacement with no shutdown date', () => {
    for (const facts of Object.values(TRANSCRIPTION_MODELS)) {
      if (!facts.shutdown) continue;
      expect(
        TRANSCRIPTION_MODELS[facts.shutdown.replacement].shutdown,
        facts.name,
      ).toBeNull();
    }
  });

  it('states the turn-detection split of issue 12', () => {
    const by = (support: string) =>
      TRANSCRIPTION_MODEL_NAMES.filter(
        (name) => TRANSCRIPTION_MODELS[name].turnDetection === support,
      );
    expect(by('refused')).toEqual([
      'gpt-live-transcribe',
      'gpt-realtime-whisper',
    ]);
    expect(by('inert')).toEqual(['gpt-transcribe']);
    expect(
      TRANSCRIPTION_MODEL_NAMES.filter(
        (name) => TRANSCRIPTION_MODELS[name].preCommitDeltas,
      ),
    ).toEqual(['gpt-live-transcribe', 'gpt-realtime-whisper']);
    expect(TRANSCRIPTION_MODELS['whisper-1'].usage).toBe('duration');
    expect(TRANSCRIPTION_MODELS['gpt-live-transcribe'].detectedLanguages).toBe(
      false,
    );
    expect(TRANSCRIPTION_MODELS['gpt-4o-transcribe-diarize'].diarization).toBe(
      'unconfirmed-in-realtime',
    );
  });

  it('looks names up without guessing: unknown names and undefined give undefined', () => {
    expect(modelFacts('gpt-live-transcribe')?.name).toBe('gpt-live-transcribe');
    expect(modelFacts('my-azure-deployment')).toBeUndefined();
    expect(modelFacts(undefined)).toBeUndefined();
    expect(isKnownModel('toString')).toBe(false);
  });

  it('freezes the table so no caller can change a fact', () => {
    expect(Object.isFrozen(TRANSCRIPTION_MODELS)).toBe(true);
    expect(Object.isFrozen(TRANSCRIPTION_MODELS['whisper-1'])).toBe(true);
  });

  it.each([
    ['AC-42', null],
    ["O'Neil & Co.", null],
    ['two\nlines', 'it contains a line break'],
    ['cr\r', 'it contains a line break'],
    ['<tag>', "it contains '<' or '>'"],
  ])('judges keyword %j', (keyword, problem) => {
    expect(keywordProblem(keyword)).toBe(problem);
  });
});
