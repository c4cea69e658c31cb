import { describeMachine, type MachineInfo } from '../lib/machine.ts';
import { STAGES, type TurnBreakdown } from './breakdown.ts';

/** Medians (ms) over the turns of one run, or over the runs' medians. */
export interface OverheadFigures {
  voiceToVoiceMs: number;
  endpointingMs: number;
  providersMs: number;
  overheadMs: number;
  stages: TurnBreakdown['stages'];
}

export interface OverheadReport {
  machine: MachineInfo;
  command: string;
  generatedAt: string;
  settings: {
    runs: number;
    turnsPerRun: number;
    speechMs: number;
    endpointingMs: number;
    outputRateHz: number | 'native';
    latencies: { asrFinalMs: number; llmFirstTokenMs: number; ttsFirstAudioMs: number };
  };
  /** Median of the runs' medians. */
  median: OverheadFigures;
  /** Each run's medians, and its overhead p90. */
  runs: (OverheadFigures & { overheadP90Ms: number; turns: number })[];
  goalMs: number;
}

const STAGE_LABELS: Record<(typeof STAGES)[number], string> = {
  uplink: '`utterance.end` sent → received by the relay',
  asr: 'ASR: end received → final transcript, less its 100 ms',
  toLlm: 'final transcript → LLM request (history, prompt, budget check)',
  llm: 'LLM: request → first token, less its 200 ms',
  toTts: 'first token → first sentence to TTS (sentence completes, split)',
  tts: 'TTS: request → first audio, less its 100 ms',
  toSend: 'first TTS audio → first frame sent (framing, encoding, journal)',
  downlink: 'first frame sent → received by the client',
};

const f = (x: number) => x.toFixed(1);

export function overheadMarkdown(r: OverheadReport): string {
  const s = r.settings;
  const m = r.median;
  return [
    '# Pipeline overhead',
    '',
    `Machine: ${describeMachine(r.machine)}. Generated ${r.generatedAt}.`,
    '',
    `Reproduce: \`${r.command}\``,
    '',
    `One talker against one relay process whose fake providers take fixed times (ASR final ` +
      `${s.latencies.asrFinalMs} ms after the end, LLM first token ${s.latencies.llmFirstTokenMs} ms, ` +
      `TTS first audio ${s.latencies.ttsFirstAudioMs} ms). Each turn: ${s.speechMs} ms of speech ` +
      `and ${s.endpointingMs} ms of endpointing silence in real-time 100 ms chunks, then ` +
      `\`utterance.end\`; reply audio asked for at ${s.outputRateHz === 'native' ? 'the synthesiser’s own rate' : `${s.outputRateHz} Hz`} (the fake TTS speaks ` +
      `16 kHz). ${s.runs} runs × ${s.turnsPerRun} turns, a fresh relay per run; figures ` +
      "are the median of the runs' medians.",
    '',
    `**What our code adds: ${f(m.overheadMs)} ms median** (goal ≤ ${r.goalMs} ms) = voice-to-voice ` +
      `${f(m.voiceToVoiceMs)} ms − endpointing ${f(m.endpointingMs)} ms − providers ` +
      `${f(m.providersMs)} ms.`,
    '',
    '| where | ms (median) |',
    '|-|-:|',
    ...STAGES.map((k) => `| ${STAGE_LABELS[k]} | ${f(m.stages[k])} |`),
    `| **total** | **${f(m.overheadMs)}** |`,
    '',
    '| run | turns | voice-to-voice ms | overhead median ms | overhead p90 ms |',
    '|-:|-:|-:|-:|-:|',
    ...r.runs.map(
      (x, i) =>
        `| ${i + 1} | ${x.turns} | ${f(x.voiceToVoiceMs)} | ${f(x.overheadMs)} | ${f(x.overheadP90Ms)} |`,
    ),
    '',
    "Stage medians are taken separately, so they need not add up exactly to the total's median. " +
      'Relay marks and client times are on the same clock (one machine). The fakes wait with ' +
      '`setTimeout`, which fires up to ~1 ms late: part of the ASR, LLM and TTS rows is that slop.',
    '',
  ].join('\n');
}
