import type { TargetStats, TargetTiming } from '@parley/shared';

/** What each target timing is called on the dashboard. */
export const TARGET_NAMES: Readonly<Record<TargetTiming, string>> = {
  asrFinalMs: 'ASR final',
  llmFirstTokenMs: 'LLM first token',
  ttsFirstAudioMs: 'TTS first audio',
  voiceToVoiceMs: 'Voice to voice',
};

/** A share (0–1) as a whole percentage: "93 %", or "–" when unknown. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share)
    ? '–'
    : `${Math.round(share * 100)} %`;
}

/** Whether a timing met its target, in words: "met", "missed", or "no turns" to judge. */
export function targetVerdict(stats: Pick<TargetStats, 'met'>): 'met' | 'missed' | 'no turns' {
  return stats.met === null ? 'no turns' : stats.met ? 'met' : 'missed';
}
