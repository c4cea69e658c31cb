import type { IntlShape } from 'react-intl';
import type { ToolCallStatus, ToolConfirmEnd } from '@parley/shared';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';

/**
 * What the page says of the assistant's tool calls, in people's words (issue 65): a sentence
 * per built-in tool and a plain one for any other (an operator's MCP tool), for each way a call
 * goes, in the page's language (its message catalogue). The technical line (name, arguments, status,
 * time) is the latency panel's and the exports'.
 */
export interface ToolWords {
  /** What a built-in tool does, said after "Couldn't …" or "Didn't …": "set the reminder". */
  doing: Readonly<Record<string, string>>;
  /** What a built-in tool is doing while it runs: "Setting a reminder…". */
  running: Readonly<Record<string, string>>;
  /** A read-only built-in's answer, said: "Checked the time: 2:07 PM". */
  answered: Readonly<Record<string, (summary: string) => string>>;
  /** Any other tool, by a name people can read ("everything echo"). */
  other: {
    doing(label: string): string;
    running(label: string): string;
    answered(label: string, summary: string): string;
  };
  asked(doing: string): string;
  /** A call not run: why, by the relay's summary of it. */
  declined: Readonly<Record<string, string>> & { other: string };
  notDone(doing: string, why: string): string;
  failed(doing: string, why: string): string;
  timedOut: string;
  stopped(doing: string): string;
  notRun: Readonly<Record<'invalid-arguments' | 'unknown-tool' | 'skipped', string>>;
  /** A question the relay closed unanswered (`tool.closed`), said under its reply. */
  closed: Readonly<Partial<Record<ToolConfirmEnd, string>>>;
  confirm: string;
  decline: string;
  details: string;
  /** The buttons' group, for screen readers: "Answer: Shall I …?". */
  answerLabel(question: string): string;
}

/** The built-in tools the page has words for (the relay's `relay/src/tools/builtin`). */
const BUILT_IN = [
  'current_time',
  'calculate',
  'set_reminder',
  'list_reminders',
  'cancel_reminder',
  'save_note',
  'recall_notes',
  'delete_note',
] as const;
type BuiltIn = (typeof BUILT_IN)[number];
/** The read-only built-ins, whose answer is said after what they did. */
const ANSWERED = ['current_time', 'calculate', 'list_reminders', 'recall_notes'] as const;

/**
 * The words in the page's language (`intl`, its catalogue: `tool.*`). The relay's summaries of a
 * declined call ("declined", "not confirmed", …) are read by their English key.
 */
export function toolWords(intl: IntlShape): ToolWords {
  const say = (id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values);
  const byTool = (kind: 'doing' | 'running') =>
    Object.fromEntries(
      BUILT_IN.map((name: BuiltIn) => [name, say(`tool.${kind}.${name}` as MessageId)]),
    );
  return {
    doing: byTool('doing'),
    running: byTool('running'),
    answered: Object.fromEntries(
      ANSWERED.map((name) => [
        name,
        (summary: string) => say(`tool.answered.${name}` as MessageId, { summary }),
      ]),
    ),
    other: {
      doing: (label) => say('tool.other.doing', { label }),
      running: (label) => say('tool.other.running', { label }),
      answered: (label, summary) =>
        summary === ''
          ? say('tool.other.used', { label })
          : say('tool.other.answered', { label, summary }),
    },
    asked: (doing) => say('tool.asked', { doing }),
    declined: {
      declined: say('tool.declined.declined'),
      'not confirmed': say('tool.declined.notConfirmed'),
      'not confirmed in time': say('tool.declined.notInTime'),
      'not asked: too long to read out': say('tool.declined.tooLong'),
      other: say('tool.declined.other'),
    },
    notDone: (doing, why) => say('tool.notDone', { doing, why }),
    failed: (doing, why) => say('tool.failed', { doing, why }),
    timedOut: say('tool.timedOut'),
    stopped: (doing) => say('tool.stopped', { doing }),
    notRun: {
      'invalid-arguments': say('tool.notRun.invalidArguments'),
      'unknown-tool': say('tool.notRun.unknownTool'),
      skipped: say('tool.notRun.skipped'),
    },
    closed: {
      expired: say('tool.closed.expired'),
      withdrawn: say('tool.closed.withdrawn'),
    },
    confirm: say('tool.confirm'),
    decline: say('tool.decline'),
    details: say('tool.details'),
    answerLabel: (question) => say('tool.answerLabel', { question }),
  };
}

/** A tool's name as people read it: "everything_echo" → "everything echo". */
export function readableName(name: string): string {
  return name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim();
}

/** One call as the transcript says it: its tool, how it is going or went, what it gave. */
export interface SaidCall {
  name: string;
  status: ToolCallStatus | 'running';
  summary?: string | undefined;
}

/**
 * The sentence a reply's row says of `call`: "Reminder set for 2:17 PM: stretch", "Checked the
 * time: 2:07 PM", "Didn't delete the note: you said no", "everything echo: Echo: hi". Pure.
 */
export function toolSentence(call: SaidCall, words: ToolWords): string {
  const label = readableName(call.name);
  const doing = words.doing[call.name] ?? words.other.doing(label);
  const summary = call.summary ?? '';
  switch (call.status) {
    case 'running':
      return words.running[call.name] ?? words.other.running(label);
    case 'done': {
      const answered = words.answered[call.name];
      if (answered) return answered(summary);
      // A built-in that changes something says what it did in its summary ("Note saved: …").
      return call.name in words.doing ? summary : words.other.answered(label, summary);
    }
    case 'asked':
      return words.asked(doing);
    case 'declined':
      return words.notDone(doing, words.declined[summary] ?? words.declined.other);
    case 'failed':
      return words.failed(doing, summary);
    case 'timed-out':
      return words.failed(doing, words.timedOut);
    case 'cancelled':
      return words.stopped(doing);
    case 'invalid-arguments':
    case 'unknown-tool':
    case 'skipped':
      return words.failed(doing, words.notRun[call.status]);
  }
}
