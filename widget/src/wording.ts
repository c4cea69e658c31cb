import { SITE_NOT_ALLOWED_MESSAGE } from '@parley/shared/site-refusal';
import type { WidgetLocale } from './attributes.ts';

/**
 * Every line the widget shows or says to a screen reader, one table per language (the app's
 * words for the same things are in web/src/i18n/*.json; these follow them). The relay's own
 * words (a refusal's text, a turn's error) are shown as the relay wrote them.
 */
export interface Wording {
  /** The talk button's name, closed and open. */
  launcher: string;
  launcherClose: string;
  /** The panel's heading. */
  title: string;
  /** The panel's close button. */
  close: string;
  talk: string;
  /** The main button while a call handed over by the page before waits for the user's tap. */
  goOn: string;
  end: string;
  mute: string;
  interrupt: string;
  /** The text box's label and its button. */
  typeLabel: string;
  send: string;
  /** Who said what, before each line. */
  you: string;
  assistant: string;
  /** The panel's first line when the page gives no `greeting`. */
  greeting: string;
  status: {
    loading: string;
    idle: string;
    /** A call handed over by the page before waits for the user's tap. */
    goOn: string;
    starting: string;
    listening: string;
    userSpeaking: string;
    thinking: string;
    speaking: string;
    muted: string;
    reconnecting: string;
  };
  problem: {
    notAllowed: string;
    unreachable: string;
    needsToken: string;
    micDenied: string;
    micMissing: string;
    micBusy: string;
    gaveUp: string;
    notStarted: string;
    insecure: string;
    vadFailed: string;
    loadFailed: string;
    noRelay: string;
    unexpected: string;
    notSent: string;
  };
}

const EN: Wording = {
  launcher: 'Talk to the assistant',
  launcherClose: 'Close the assistant',
  title: 'Voice assistant',
  close: 'Close',
  talk: 'Talk',
  goOn: 'Go on talking',
  end: 'End',
  mute: 'Mute',
  interrupt: 'Interrupt',
  typeLabel: 'Or type a message',
  send: 'Send',
  you: 'You',
  assistant: 'Assistant',
  greeting: 'Press Talk and say something, or type below.',
  status: {
    loading: 'Loading…',
    idle: 'Press Talk to start',
    goOn: 'Tap to go on talking',
    starting: 'Starting the microphone…',
    listening: 'Listening',
    userSpeaking: 'Hearing you…',
    thinking: 'Thinking…',
    speaking: 'Speaking',
    muted: 'Muted — nothing you say is sent',
    reconnecting: 'Reconnecting… what you say is kept',
  },
  problem: {
    notAllowed: SITE_NOT_ALLOWED_MESSAGE,
    unreachable:
      'The assistant can’t be reached right now. Check your connection, then press Talk to try again.',
    needsToken: 'Sign in on this site first, then press Talk.',
    micDenied:
      'The microphone is blocked for this site: allow it in your browser’s site settings and press Talk, or type below.',
    micMissing: 'No microphone was found: connect one and press Talk, or type below.',
    micBusy: 'Another app is using the microphone: close it and press Talk, or type below.',
    gaveUp: 'The connection was lost. Press Talk to start again.',
    notStarted: 'The assistant could not start. Press Talk to try again.',
    insecure: 'This page may not use the microphone (it is not served over HTTPS). Type below.',
    vadFailed:
      'Voice detection could not load in this browser. Type below, or press Talk to retry.',
    loadFailed:
      'The assistant could not load. Check your connection, then press Talk to try again.',
    noRelay: 'This page does not say which assistant to use (its relay attribute).',
    unexpected: 'Something went wrong. Press Talk to try again.',
    notSent: 'Your message was not sent. Try again.',
  },
};

const NL: Wording = {
  launcher: 'Praat met de assistent',
  launcherClose: 'De assistent sluiten',
  title: 'Spraakassistent',
  close: 'Sluiten',
  talk: 'Praten',
  goOn: 'Verder praten',
  end: 'Ophangen',
  mute: 'Dempen',
  interrupt: 'Onderbreken',
  typeLabel: 'Of typ een bericht',
  send: 'Versturen',
  you: 'Jij',
  assistant: 'Assistent',
  greeting: 'Druk op Praten en zeg iets, of typ hieronder.',
  status: {
    loading: 'Laden…',
    idle: 'Druk op Praten om te beginnen',
    goOn: 'Tik om verder te praten',
    starting: 'Microfoon starten…',
    listening: 'Luisteren',
    userSpeaking: 'Ik hoor je…',
    thinking: 'Nadenken…',
    speaking: 'Spreekt',
    muted: 'Gedempt — niets wat je zegt, wordt verstuurd',
    reconnecting: 'Opnieuw verbinden… wat je zegt, wordt bewaard',
  },
  problem: {
    notAllowed: 'Deze site mag deze assistent niet gebruiken.',
    unreachable:
      'De assistent is nu niet bereikbaar. Controleer je verbinding en druk dan opnieuw op Praten.',
    needsToken: 'Log eerst in op deze site en druk dan op Praten.',
    micDenied:
      'De microfoon is geblokkeerd voor deze site: sta hem toe in de site-instellingen van je browser en druk op Praten, of typ hieronder.',
    micMissing:
      'Er is geen microfoon gevonden: sluit er een aan en druk op Praten, of typ hieronder.',
    micBusy: 'Een andere app gebruikt de microfoon: sluit die en druk op Praten, of typ hieronder.',
    gaveUp: 'De verbinding is verbroken. Druk op Praten om opnieuw te beginnen.',
    notStarted: 'De assistent kon niet starten. Druk op Praten om het opnieuw te proberen.',
    insecure:
      'Deze pagina mag de microfoon niet gebruiken (ze gebruikt geen HTTPS). Typ hieronder.',
    vadFailed:
      'Spraakherkenning kon niet laden in deze browser. Typ hieronder, of druk op Praten om het opnieuw te proberen.',
    loadFailed:
      'De assistent kon niet laden. Controleer je verbinding en druk dan opnieuw op Praten.',
    noRelay: 'Deze pagina zegt niet welke assistent te gebruiken (het attribuut relay).',
    unexpected: 'Er ging iets mis. Druk op Praten om het opnieuw te proberen.',
    notSent: 'Je bericht is niet verstuurd. Probeer het opnieuw.',
  },
};

/** The widget's words, by language. */
export const WORDING: Readonly<Record<WidgetLocale, Wording>> = { en: EN, nl: NL };
