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
import { traitsOf } from '../../src/config/model-rules.js';

/**
 * Facts where the transport's rules (`traitsOf`) and the table disagree today, each to be removed once the
 * transport reads the table (issue 12). A listed gap still passes when the two agree, so switching the
 * transport onto the table never breaks this test; an unlisted disagreement fails it.
 */
const KNOWN_GAPS = new Set([
  // The transport lets explicit server VAD through for gpt-live-transcribe; the server refuses it.
  'gpt-live-transcribe.noTurnDetection',
]);

describe('the transcription models table', () => {
  it('agrees with the transport model rules on every fact both state', () => {
    const disagreements: string[] = [];
    for (const name of TRANSCRIPTION_MODEL_NAMES) {
      const traits = traitsOf(name);
      if (!traits) continue;
      const facts = TRANSCRIPTION_MODELS[name];
      const pairs: Array<[string, boolean, boolean]> = [
        [
          'noTurnDetection',
          traits.noTurnDetection,
          facts.turnDetection === 'refused',
        ],
        ['prompt', traits.prompt, facts.prompt],
        [
          'languagesAndKeywords',
          traits.languagesAndKeywords,
          facts.languagesAndKeywords,
        ],
        ['delay', traits.delay, facts.delay],
        ['wholeTextDeltas', traits.wholeTextDeltas, facts.wholeTextDeltas],
      ];
      for (const [fact, transport, table] of pairs) {
        const key = `${name}.${fact}`;
        if (transport !== table && !KNOWN_GAPS.has(key))
          disagreements.push(`${key}: transport ${transport}, table ${table}`);
      }
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
