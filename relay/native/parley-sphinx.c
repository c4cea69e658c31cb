/*
 * parley-sphinx: Debian's `pocketsphinx_continuous -infile` decoding loop, plus partial
 * hypotheses while a speech segment is still going on.
 *
 * Same flags, same library, and the same decisions: pocketsphinx_continuous reads 2,048 samples
 * at a time and, after decoding each block, asks whether a speech segment began or ended. This
 * reads and decodes 256 samples (16 ms) at a time but asks only at the same 2,048-sample
 * boundaries, so every segment ends where pocketsphinx_continuous ends it and its final text is
 * the one it prints; and the relay's proof that an utterance has decoded (the process's read
 * count, see decoder-process.ts) holds as it does for pocketsphinx_continuous (a read past a
 * boundary plus the stdio buffer proves the boundary's decision taken and printed). The
 * additions: after each small block decoded inside a speech segment, the hypothesis so far is
 * printed as a line starting with "~ " when it differs from the last one printed. So the words
 * at a pause are at most 16 ms behind the audio received, not up to 128 ms (the relay sends them
 * to the client at once at a pause). A final segment is printed as a plain line, as before.
 *
 * With `-endmark <hex>` (512 bytes, the relay's secret for this process), a block of input equal
 * to it is no audio but the end of an utterance: the segment going on (if any) ends at once and
 * its final text is printed, then a line "= end". The relay writes it, aligned to a block, where
 * it used to write half a second of silence for the decoder's voice activity detector to end the
 * segment in, and waits for that line rather than for the read count: the final text is ready as
 * soon as the audio before it is decoded. A client cannot forge it: the secret is random per
 * process, and never sent anywhere.
 *
 * With `-decide 256` (what the relay passes with the end mark, which needs no read-count proof)
 * the decision on a segment's end is taken after every block rather than every 2,048 samples:
 * the segment of a finished sentence closes ~56 ms sooner (median over the end-of-turn set's 30
 * complete utterances, same texts; `pnpm bench:segment-close`).
 *
 * With `-spot <file>` (PocketSphinx's keyphrase list: "pause/1e+0/" a line) a second decoder
 * in keyword-spotting mode is fed the same audio, and each phrase it spots prints as a line
 * "! <phrase>". It hears the stop words the first one's running hypothesis may miss or find late
 * ("pause" heard as "boris"; ~80-100 ms sooner on the barge-in bench's sounds) at ~0.03 of a core
 * per second of speech. Its utterance is never restarted: in libpocketsphinx 5prealpha a
 * keyword search started again (ps_end_utt, ps_start_utt) spots nothing after a few utterances
 * ("Stop." said four times, an end mark after each: spotted twice; never restarted: four
 * times). Each spotting is printed once, as it is found.
 *
 * With `-alternatives <n>`, before the final text of a segment (closed at a pause by an end
 * mark or by the decoder's own end of speech), up to n other readings of it from the lattice's
 * n-best list are printed, each as a line "? <gap> <words>": the gap is the best reading's
 * n-best score less this one's (lower is closer; below 0 where the n-best search, rescoring the
 * lattice, ranks it above the best path). A reading at a pause that a close
 * alternative says still owes words ("it is plenty" against "it is twenty") may be a misheard
 * last word (issue 52).
 *
 * With `-partial yes` (the default) it also says which audio its words account for: a line
 * "@ <samples>" (samples read from its input so far, end marks included) after each partial
 * hypothesis and each final text, and after every 2,048 samples read with nothing else said.
 * Every line before it is the decoder's reading of that much input: a partial printed while the
 * audio is seconds ahead of the decoder says so, and the relay tells the client which
 * microphone seq the words cover (a sound over the reply is not judged on words that have not
 * reached its end). Words never start with "@"; pocketsphinx_continuous prints no such line.
 *
 * Built by relay/native/build.sh (gcc and Debian's libpocketsphinx-dev); where it is missing,
 * the relay runs pocketsphinx_continuous and has one partial per segment instead.
 */
#include <stdio.h>
#include <string.h>

#include <pocketsphinx.h>
#include <sphinxbase/err.h>

static const arg_t args_def[] = {
    POCKETSPHINX_OPTIONS,
    {"-argfile", ARG_STRING, NULL, "Argument file giving extra arguments."},
    {"-infile", ARG_STRING, NULL, "Audio file (raw 16-bit mono at -samprate) to transcribe."},
    {"-partial", ARG_BOOLEAN, "yes", "Print partial hypotheses (\"~ text\") while speech goes on."},
    {"-endmark", ARG_STRING, NULL, "Hex of one block of input that ends the utterance (see above)."},
    {"-decide", ARG_INT32, "2048", "Samples read between decisions on segments (a multiple of 256)."},
    {"-alternatives", ARG_INT32, "0", "Other readings printed before a segment's final text (see above)."},
    {"-spot", ARG_STRING, NULL, "Keyphrase file for a second, keyword-spotting decoder (see above)."},
    CMDLN_EMPTY_OPTION};

/* Samples read and decoded at a time here (-decide is a multiple). */
#define SMALL_BLOCK 256

/* Bytes of a block, and so of the end mark. */
#define BLOCK_BYTES (SMALL_BLOCK * 2)

/* Reads the end mark's hex into `mark`; 0 when it is not BLOCK_BYTES bytes of hex. */
static int parse_mark(const char *hex, unsigned char *mark) {
    if (strlen(hex) != 2 * BLOCK_BYTES) return 0;
    for (int i = 0; i < BLOCK_BYTES; i++) {
        unsigned int byte;
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1) return 0;
        mark[i] = (unsigned char)byte;
    }
    return 1;
}

/* Samples read with nothing said after which "@ <samples>" is printed anyway (128 ms). */
#define PROGRESS_SAMPLES 2048

/* Says how much input the lines printed so far account for (see above); counts again from 0. */
static void print_progress(long long samples_read, size_t *since_progress) {
    printf("@ %lld\n", samples_read);
    fflush(stdout);
    *since_progress = 0;
}

/* Longest partial hypothesis remembered to compare with the next (longer ones are cut). */
#define MAX_PARTIAL 4096

/* A keyword-spotting decoder beside the first, and how many of its spottings were printed. */
typedef struct {
    ps_decoder_t *ps;
    int printed;
} spotter_t;

/* A spotter on `file` with the first decoder's model and rate; its ps is NULL without a file. */
static spotter_t spotter_open(cmd_ln_t *config, const char *file) {
    spotter_t spot = {NULL, 0};
    if (file == NULL) return spot;
    char rate[32];
    snprintf(rate, sizeof rate, "%g", (double)cmd_ln_float32_r(config, "-samprate"));
    const char *logfn = cmd_ln_str_r(config, "-logfn");
    cmd_ln_t *kws = cmd_ln_init(NULL, ps_args(), TRUE, "-hmm", cmd_ln_str_r(config, "-hmm"), "-dict",
                                cmd_ln_str_r(config, "-dict"), "-kws", file, "-kws_delay", "0",
                                "-samprate", rate, logfn ? "-logfn" : NULL, logfn, NULL);
    if (kws == NULL || (spot.ps = ps_init(kws)) == NULL) E_FATAL("Cannot spot keyphrases of '%s'\n", file);
    cmd_ln_free_r(kws);
    ps_start_utt(spot.ps);
    return spot;
}

/*
 * Feeds the spotter a block; prints "! <phrase>" for each phrase spotted since the last call,
 * in the order said. Its spottings only accumulate (never restarted) and are kept newest first
 * (kws_detections_add prepends), so the new ones are the first `count - printed`; they are
 * walked from the newest each block, which stays cheap: the process is replaced after 1,000
 * utterances and its thresholds spot nothing in ordinary speech (9 minutes of "stop" said over
 * and over: 206).
 */
static void spotter_feed(spotter_t *spot, const int16 *samples, size_t n) {
    if (spot->ps == NULL) return;
    ps_process_raw(spot->ps, samples, n, FALSE, FALSE);
    char fresh[64][64]; /* copied: a segment's word may go with its iterator */
    int count = 0, kept = 0;
    for (ps_seg_t *seg = ps_seg_iter(spot->ps); seg != NULL; seg = ps_seg_next(seg), count++)
        if (kept < 64) snprintf(fresh[kept++], sizeof fresh[0], "%s", ps_seg_word(seg));
    int news = count - spot->printed;
    if (news <= 0) return;
    /* More than 64 in one block cannot be said in a block; told as many as were kept. */
    for (int i = (news < kept ? news : kept) - 1; i >= 0; i--) printf("! %s\n", fresh[i]);
    spot->printed = count;
    fflush(stdout);
}

/* How many n-best entries are looked at for alternatives (duplicates included). */
#define NBEST_LOOKED 40
/* Longest reading kept for an alternative (longer ones are not told). */
#define MAX_READING 512

/*
 * Prints up to `wanted` readings of the segment just ended other than `best`, as
 * "? <gap> <words>", each once. The gap is measured from `best`'s own n-best score (the first
 * entry's where `best` is not among those looked at), as the n-best search scores differ from
 * the best path's (`best_score` is used only when the search gives nothing).
 */
static void print_alternatives(ps_decoder_t *ps, const char *best, int32 best_score, int wanted) {
    if (wanted <= 0 || best == NULL || best[0] == '\0' || ps_get_lattice(ps) == NULL) return;
    static char texts[NBEST_LOOKED][MAX_READING];
    int32 scores[NBEST_LOOKED];
    int n = 0;
    int32 reference = best_score;
    int found = 0;
    ps_nbest_t *nb = ps_nbest(ps);
    for (int looked = 0; nb != NULL && looked < NBEST_LOOKED; looked++) {
        int32 score;
        const char *hyp = ps_nbest_hyp(nb, &score);
        if (hyp != NULL && strlen(hyp) < MAX_READING) {
            if (n == 0) reference = score;
            if (!found && strcmp(hyp, best) == 0) reference = score, found = 1;
            snprintf(texts[n], MAX_READING, "%s", hyp);
            scores[n++] = score;
        }
        nb = ps_nbest_next(nb); /* frees the search when it has no more */
    }
    if (nb != NULL) ps_nbest_free(nb);
    int printed = 0;
    for (int i = 0; i < n && printed < wanted; i++) {
        int known = texts[i][0] == '\0' || strcmp(texts[i], best) == 0;
        for (int j = 0; !known && j < i; j++) known = strcmp(texts[j], texts[i]) == 0;
        if (known) continue;
        printf("? %d %s\n", reference - scores[i], texts[i]);
        printed++;
    }
}

int main(int argc, char *argv[]) {
    cmd_ln_t *config = cmd_ln_parse_r(NULL, args_def, argc, argv, TRUE);
    const char *cfg;
    if (config && (cfg = cmd_ln_str_r(config, "-argfile")) != NULL)
        config = cmd_ln_parse_file_r(config, args_def, cfg, FALSE);
    if (config == NULL || cmd_ln_str_r(config, "-infile") == NULL) {
        E_INFO("Specify '-infile <file>' to recognize from.\n");
        return 1;
    }
    ps_default_search_args(config);
    ps_decoder_t *ps = ps_init(config);
    if (ps == NULL) return 1;
    spotter_t spot = spotter_open(config, cmd_ln_str_r(config, "-spot"));
    /* The relay waits for this line: the models are loaded. */
    E_INFO("%s COMPILED ON: %s, AT: %s\n\n", argv[0], __DATE__, __TIME__);

    const char *fname = cmd_ln_str_r(config, "-infile");
    FILE *rawfd = fopen(fname, "rb");
    if (rawfd == NULL) E_FATAL_SYSTEM("Failed to open file '%s' for reading", fname);
    const int partials = cmd_ln_boolean_r(config, "-partial");
    unsigned char mark[BLOCK_BYTES];
    const char *mark_hex = cmd_ln_str_r(config, "-endmark");
    const int marked = mark_hex != NULL;
    if (marked && !parse_mark(mark_hex, mark)) E_FATAL("-endmark needs %d hex digits\n", 2 * BLOCK_BYTES);
    const int alternatives = cmd_ln_int32_r(config, "-alternatives");
    const size_t decision_block = (size_t)cmd_ln_int32_r(config, "-decide");
    if (decision_block < SMALL_BLOCK || decision_block % SMALL_BLOCK != 0)
        E_FATAL("-decide must be a multiple of %d\n", SMALL_BLOCK);

    int16 adbuf[SMALL_BLOCK];
    char last[MAX_PARTIAL] = "";
    const char *hyp;
    size_t k, since_decision = 0, since_progress = 0;
    long long samples_read = 0;
    uint8 utt_started = FALSE, in_speech;
    ps_start_utt(ps);
    while ((k = fread(adbuf, sizeof(int16), SMALL_BLOCK, rawfd)) > 0) {
        samples_read += (long long)k;
        since_progress += k;
        if (marked && k == SMALL_BLOCK && memcmp(adbuf, mark, BLOCK_BYTES) == 0) {
            /* The end of an utterance: whatever speech is going on ends here. */
            ps_end_utt(ps);
            int32 score = 0;
            hyp = ps_get_hyp(ps, &score);
            if (hyp != NULL && hyp[0] != '\0') {
                print_alternatives(ps, hyp, score, alternatives);
                printf("%s\n", hyp);
            }
            if (partials) print_progress(samples_read, &since_progress);
            printf("= end\n");
            fflush(stdout);
            ps_start_utt(ps);
            utt_started = FALSE;
            since_decision = 0;
            last[0] = '\0';
            continue;
        }
        ps_process_raw(ps, adbuf, k, FALSE, FALSE);
        spotter_feed(&spot, adbuf, k);
        since_decision += k;
        /* pocketsphinx_continuous decides once per 2,048 samples read (or at the end of input). */
        const int decide = since_decision >= decision_block || k < SMALL_BLOCK;
        if (decide) since_decision = 0;
        in_speech = ps_get_in_speech(ps);
        if (decide && in_speech && !utt_started) utt_started = TRUE;
        if (decide && !in_speech && utt_started) {
            ps_end_utt(ps);
            int32 score = 0;
            hyp = ps_get_hyp(ps, &score);
            if (hyp != NULL) {
                print_alternatives(ps, hyp, score, alternatives);
                printf("%s\n", hyp);
            }
            fflush(stdout);
            if (partials) print_progress(samples_read, &since_progress);
            ps_start_utt(ps);
            utt_started = FALSE;
            last[0] = '\0';
            continue;
        } else if (partials && (utt_started || in_speech)) {
            hyp = ps_get_hyp(ps, NULL);
            if (hyp != NULL && hyp[0] != '\0' && strncmp(hyp, last, MAX_PARTIAL - 1) != 0) {
                printf("~ %s\n", hyp);
                strncpy(last, hyp, MAX_PARTIAL - 1);
                last[MAX_PARTIAL - 1] = '\0';
                print_progress(samples_read, &since_progress);
            }
        }
        if (partials && since_progress >= PROGRESS_SAMPLES)
            print_progress(samples_read, &since_progress);
    }
    ps_end_utt(ps);
    if (utt_started) {
        hyp = ps_get_hyp(ps, NULL);
        if (hyp != NULL) printf("%s\n", hyp);
    }
    fclose(rawfd);
    if (spot.ps != NULL) ps_free(spot.ps);
    ps_free(ps);
    cmd_ln_free_r(config);
    return 0;
}
