import type { ToolCallStatus, ToolConfirmEnd } from '@parley/shared';

/**
 * What the page says of the assistant's tool calls, in people's words (issue 65): a sentence
 * per built-in tool and a plain one for any other (an operator's MCP tool), for each way a call
 * goes. One table per language; English now. The technical line (name, arguments, status,
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

const en: ToolWords = {
  doing: {
    current_time: 'check the time',
    calculate: 'work it out',
    set_reminder: 'set the reminder',
    list_reminders: 'look at your reminders',
    cancel_reminder: 'cancel the reminder',
    save_note: 'save the note',
    recall_notes: 'look in your notes',
    delete_note: 'delete the note',
  },
  running: {
    current_time: 'Checking the time…',
    calculate: 'Working it out…',
    set_reminder: 'Setting a reminder…',
    list_reminders: 'Looking at your reminders…',
    cancel_reminder: 'Cancelling a reminder…',
    save_note: 'Saving a note…',
    recall_notes: 'Looking in your notes…',
    delete_note: 'Deleting a note…',
  },
  answered: {
    current_time: (summary) => `Checked the time: ${summary}`,
    calculate: (summary) => `Worked it out: ${summary}`,
    list_reminders: (summary) => `Looked at your reminders: ${summary}`,
    recall_notes: (summary) => `Looked in your notes: ${summary}`,
  },
  other: {
    doing: (label) => `use ${label}`,
    running: (label) => `Using ${label}…`,
    answered: (label, summary) => (summary === '' ? `Used ${label}` : `${label}: ${summary}`),
  },
  asked: (doing) => `Waiting for your yes to ${doing}`,
  declined: {
    declined: 'you said no',
    'not confirmed': 'no clear yes',
    'not confirmed in time': 'no answer in time',
    'not asked: too long to read out': 'too long to read out for your yes',
    other: 'not confirmed',
  },
  notDone: (doing, why) => `Didn't ${doing}: ${why}`,
  failed: (doing, why) => `Couldn't ${doing}: ${why}`,
  timedOut: 'it took too long',
  stopped: (doing) => `Stopped before it could ${doing}`,
  notRun: {
    'invalid-arguments': 'the request was malformed',
    'unknown-tool': 'there is no such tool',
    skipped: 'no time was left for it',
  },
  closed: {
    expired: 'No answer came in time, so nothing was done.',
    withdrawn: 'The question was closed unanswered, so nothing was done.',
  },
  confirm: 'Confirm',
  decline: 'Decline',
  details: 'Details',
  answerLabel: (question) => `Answer: ${question}`,
};

/** The words in `language` (BCP 47); English where there is no table. */
export function toolWords(language = 'en'): ToolWords {
  const tables: Readonly<Record<string, ToolWords>> = { en };
  return tables[language.split('-')[0]?.toLowerCase() ?? 'en'] ?? en;
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
export function toolSentence(call: SaidCall, words: ToolWords = toolWords()): string {
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
