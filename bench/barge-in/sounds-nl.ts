/**
 * What the barge-in bench says over Dutch replies (issue 62): backchannels, which should let the
 * reply go on, and real interruptions, which should stop it — the stops of the issue ("wacht",
 * "stop", "nee", "momentje", "laat maar") among them. Said by eSpeak NG's Dutch speakers; the
 * noises are the English set's (bench/barge-in/sounds.ts).
 */

export const DUTCH_BACKCHANNELS = [
  'ja',
  'jaja',
  'hm-hm',
  'oké',
  'precies',
  'klopt',
  'ja ja',
  'ja precies',
  'oké oké',
  'dat klopt',
  'o ja',
  'inderdaad',
  'hmm',
  'ik snap het',
  'natuurlijk',
  'ah zo',
  'echt waar',
  'prima',
  'ja hoor',
  'mooi',
];

export const DUTCH_INTERRUPTIONS = [
  'wacht',
  'stop',
  'nee',
  'momentje',
  'laat maar',
  'wacht even',
  'stop alsjeblieft',
  'nee nee nee',
  'hou op',
  'een moment',
  'wat bedoel je',
  'kun je dat herhalen',
  'hoe laat is het',
  'ik heb een vraag',
  'nee dat klopt niet',
  'sorry wat zei je',
  'eigenlijk wil ik iets anders',
  'vertel me over het weer',
  'hoeveel kost dat',
  'waarom is dat',
  'pauze',
  'niet doen',
];
