import type { TurnWords } from './turn-words-shape.ts';

/** A space-separated list as its words. */
const list = (words: string): string[] => words.split(' ');

/**
 * Dutch turn-taking words (see turn-words-shape.ts). As in English a pause mid-sentence falls
 * where the grammar owes something ("een tafel voor … twee", "ik wil …", "en …"), but Dutch
 * ends many finished sentences on words English would not:
 * - separable particles close a command ("doe het licht uit", "zet de radio aan", "schrijf het
 *   op"), but only after a verb that takes them (`particleVerbs`): after any other the same
 *   word is a preposition owing its object ("maak me wakker om", "wat is de wortel uit", "ik
 *   wacht op"). "zet … op" is left out on purpose: an assistant hears "zet de verwarming op …
 *   twintig" more than "zet muziek op" (which waits as words that go on), and "zet … om"
 *   likewise ("zet een wekker om … zeven uur"; "reken … om" converts);
 * - "het" is the pronoun as often as the article ("hoe laat is het", "ik weet het"), "je" and
 *   "haar" likewise: none of them is among the articles;
 * - a subordinate clause puts its verb last ("weet je hoe laat het is", "als je wilt"): a
 *   trailing verb after a word that opens one closes it (`verbLastAfter`);
 * - "maar", "dan", "nou", "toch", "niet", "ook", "wat", "waar" end sentences as particles or
 *   pronouns ("doe maar", "hoe dan", "dat klopt niet", "dat is waar"): "maar" goes on except
 *   after a verb that takes it as a particle (`pairsComplete`), the others are not listed.
 */
export const DUTCH_TURN_WORDS: TurnWords = {
  language: 'nl',
  endOfTurn: {
    continues: {
      // Voegwoorden ("dat" is a pronoun too: see pairsContinue and the copula rule).
      conjunction: list(
        'en maar of want dus omdat doordat aangezien hoewel ofschoon terwijl tenzij totdat zodat zodra voordat nadat sinds indien mits alsof noch als',
      ),
      // Voorzetsels that are no separable particle at a sentence's end.
      preposition: list(
        'naar van met tot voor in bij over onder boven achter naast tussen zonder tijdens volgens via per vanaf vanuit richting behalve ondanks wegens tegenover rond rondom',
      ),
      // Lidwoorden and determiners that are no pronoun alone.
      article: list("de een 'n mijn jouw uw onze elke ieder iedere geen zo'n welke welk"),
      // Opvulwoorden, as recognisers write them.
      filler: list('eh ehm euh uh uhm um hm hmm mm'),
      // Auxiliaries and verbs that take what follows (in a main clause).
      verb: list(
        'is ben bent zijn was waren wordt worden werd kan kun kunt kon konden wil wilt wilde wilden moet moeten moest mag mogen mocht zal zul zult zullen zou zouden heb hebt heeft hebben had hadden ga gaat gaan',
      ),
      // Adverbs and question words that lead into more.
      'lead-in': list('hoe hoeveel hoelang heel'),
    },
    // Dutch writes numbers as one word ("vijfentwintig"): what goes on is a hundred or a
    // thousand before the rest, a decimal comma, and the half and quarter of a time.
    numberContinues: list('honderd duizend miljoen miljard komma half kwart'),
    numberContinuesEndings: ['honderd', 'duizend'],
    pairsContinue: [
      'kun je',
      'kan je',
      'kunt u',
      'wil je',
      'wilt u',
      'zou je',
      'zou u',
      'zullen we',
      'mag ik',
      'kan ik',
      'zal ik',
      'vertel me',
      'geef me',
      'laat me',
      'herinner me',
      'zeg me',
      'toon me',
      'denk dat',
      'weet dat',
      'hoop dat',
      'vind dat',
      'zeg dat',
      'zei dat',
      'geloof dat',
      'bedoel dat',
      'zorg dat',
      'zoals bijvoorbeeld',
    ],
    pairsComplete: [
      'doe maar',
      'ga maar',
      'kom maar',
      'zeg maar',
      'laat maar',
      'geef maar',
      'vertel maar',
      'probeer maar',
      'kijk maar',
      'neem maar',
      'zet maar',
      'begin maar',
      'wacht maar',
      'stop maar',
      'hou maar',
      'houd maar',
      'lees maar',
      'speel maar',
      'bel maar',
      'vergeet maar',
      'dat kan',
      'dat kon',
      'dat mag',
      'dat mocht',
      'dat moet',
      'dat gaat',
      'het kan',
      'het mag',
    ],
    // Stems of the separable verbs an assistant hears, by particle (a form: the stem or + 't').
    particleVerbs: {
      aan: list(
        'zet doe zit kom ga gaat trek neem vul schakel bied klik raad vraag meld kondig pas wijs sluit steek maak geef sta staat kijk zeg',
      ),
      af: list(
        'zet doe maak sluit ruim zeg haal rond spreek breek wacht wijs sla geef leid koop stap loop ga gaat sta lever speel drijf schaf druk teken',
      ),
      op: list(
        'schrijf geef ruim bel zoek sta staat eet drink tel los hang pak let noem sla laad warm haal neem doe hou houd pas schiet blaas bouw sluit volg stel zeg lees tik scheur vrolijk',
      ),
      uit: list(
        'doe zet schakel trek ga gaat leg zoek voer spreek print log nodig stel pak reken zend deel knip lach rust slaap kom vind werk probeer laat put trek maak kijk spuug blaas',
      ),
      om: list('draai reken doe gooi keer ruil kijk loop praat kom sla schakel vouw duw'),
      mee: list(
        'neem ga gaat kom doe werk denk zing lees reis breng geef stuur help tel speel kijk luister',
      ),
      toe: list(
        'doe voeg geef sta kijk draai pas stuur deel wens kom laat juich neem dien vertrouw',
      ),
      terug: list(
        'bel kom ga gaat geef stuur zet breng draai kijk spoel betaal keer loop rij reis haal krijg vraag schrijf leg',
      ),
      weg: list('ga gaat gooi leg doe zet haal loop rij stuur veeg ruim zend berg'),
      door: list('ga gaat lees zet stuur geef speel werk loop rij praat spoel'),
      na: list('kijk ga denk doe zeg bel stuur speel leef streef laat'),
      tegen: list('hou houd spreek werk kom val ga gaat'),
      voor: list('lees zing stel doe speel zeg bereid schrijf draag kom spel'),
      over: list('doe denk neem ga stap maak schrijf zet sla geef hou blijf kom draag'),
      in: list(
        'vul stap schakel zie plan voer stel adem check log zet ruim leg stem schenk zoom lever dien haal sluit',
      ),
      bij: list('hou houd werk kom tel zet leg voeg vul'),
    },
    // After a preposition "het" and "dat" are articles: a pronoun there is "erin", "daarmee".
    determinersAfterPreposition: list('het dit deze dat die'),
    relativeWords: list('dat die waar'),
    clauseSubjects: {
      pronouns: list('ik je jij u hij zij ze we wij het men'),
      after: list(
        'dat of als wanneer omdat doordat aangezien hoewel terwijl tenzij totdat zodat zodra voordat nadat sinds indien zoals alsof',
      ),
    },
    numbers: {
      parts: list(
        'een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien zeventien achttien negentien twintig dertig veertig vijftig zestig zeventig tachtig negentig honderd duizend miljoen miljard nul en ën',
      ),
      wholeAfter: list(
        'keer maal plus min gedeeld door tot macht half kwart nummer kanaal hoofdstuk pagina bladzijde',
      ),
    },
    copulas: list('is was zijn waren'),
    clauseWord: 'dat',
    verbLastAfter: list(
      'dat of als wanneer omdat doordat aangezien hoewel terwijl tenzij totdat zodat zodra voordat nadat sinds indien hoe wat waar wie welke waarom hoeveel hoelang waarmee waarover waarvoor',
    ),
    wholeWords: list(
      'ja jawel jep jazeker nee neen nope oké okee ok okay prima goed zeker tuurlijk natuurlijk bedankt dankjewel dankuwel dank hallo hoi hey hé dag doei stop doorgaan graag alsjeblieft alstublieft precies klopt juist inderdaad top mooi fijn super perfect akkoord wacht momentje',
    ),
    questionStarts: list(
      'wat wanneer waar wie waarom hoe welke welk hoeveel hoelang hoezo waarheen waarmee waarover waarvoor is ben bent zijn was waren kan kun kunt kon wil wilt zal zult zullen zou mag moet heb hebt heeft hebben doet weet ken gaat komt',
    ),
  },
  bargeIn: {
    stopWords: list(
      'wacht stop nee neen nope ho halt pauze sorry pardon excuseer excuus eigenlijk hé hee hey stil genoeg annuleer annuleren fout onjuist momentje ogenblikje secondje',
    ),
    stopPhrases: [
      'laat maar',
      'hou op',
      'houd op',
      'een moment',
      'een ogenblik',
      'een seconde',
      'even wachten',
      'niet doen',
    ],
    // Sounds the recogniser writes for laughs and hums are among them ("hm-hm" is one word).
    backchannels: [
      ...list(
        'ja jaja jawel jep oké okee ok okay mhm hm hmm hm-hm mm mmm uhu aha ah oh o nou goed prima precies klopt juist inderdaad zeker tuurlijk natuurlijk uiteraard echt',
      ),
      ...list(
        'mooi fijn leuk top super gaaf tof interessant grappig logisch wauw wow haha hah hihi hehe bedankt dankjewel jeetje tjonge',
      ),
      'ik snap het',
      'ik begrijp het',
      'dat snap ik',
      'dat begrijp ik',
      'snap ik',
      'ik weet het',
      'weet ik',
      'dat klopt',
      'dat is waar',
      'echt waar',
      'o ja',
      'oh ja',
      'ah zo',
      'o zo',
      'goed zo',
      'ja hoor',
      'zeker weten',
      'helemaal goed',
      'oh echt',
      'o echt',
      'ga door',
      'ga maar door',
      'dat is mooi',
      'dat is goed',
      'dat is leuk',
      'wat leuk',
      'wat mooi',
      'wat grappig',
      'o jee',
      'nou ja',
    ],
    whWords: list('wat wanneer waar wie waarom hoe welke welk hoeveel hoelang hoezo'),
    openers: list(
      'wat wanneer waar wie waarom hoe welke welk hoeveel hoelang hoezo vertel geef herhaal leg zeg',
    ),
    functionWords: list(
      'de het een en of maar dus van naar in op aan voor met bij uit als om te is zijn was waren ben bent heb hebt heeft ik je jij u hij zij ze we wij mij me mijn jouw uw zijn haar ons onze hun dat dit die deze er daar hier niet wel ook nog al',
    ),
    auxOpeners: list(
      'kun kan kunt kon wil wilt zou zal zullen mag moet is ben bent heb hebt heeft doe doet weet',
    ),
  },
};
