/** A transcription's token usage → the shape `RealtimeSession` adds into its context usage. Pure. */
import type { RealtimeTransportEventTypes } from '@openai/agents-realtime';
import type { TranscriptionUsage } from './event-details.js';

/** agents-core's `Usage`, from a `completed` event's `usage` of type `tokens`. */
export function sdkUsage(
  usage: Extract<TranscriptionUsage, { type: 'tokens' }>,
): RealtimeTransportEventTypes['usage_update'][0] {
  const value = {
    requests: 1,
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    totalTokens: usage.total_tokens ?? 0,
    inputTokensDetails: usage.input_token_details
      ? [{ ...usage.input_token_details }]
      : [],
    outputTokensDetails: [],
    requestUsageEntries: undefined,
  };
  return value as unknown as RealtimeTransportEventTypes['usage_update'][0];
}
