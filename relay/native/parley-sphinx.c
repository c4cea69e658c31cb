/*
 * parley-sphinx: Debian's `pocketsphinx_continuous -infile` decoding loop, plus partial
 * hypotheses while a speech segment is still going on.
 *
 * Same flags, same library, same reads (fread of 2,048 samples from -infile, decode, print), so
 * the final text of every segment is the one pocketsphinx_continuous prints, and the relay's
 * proof that an utterance has decoded (the process's read count, see decoder-process.ts) holds
 * as it does for pocketsphinx_continuous. The only addition: after each block decoded inside a
 * speech segment, the hypothesis so far is printed as a line starting with "~ " when it differs
 * from the last one printed. A final segment is printed as a plain line, as before.
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
    CMDLN_EMPTY_OPTION};

/* Longest partial hypothesis remembered to compare with the next (longer ones are cut). */
#define MAX_PARTIAL 4096

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
    /* The relay waits for this line: the models are loaded. */
    E_INFO("%s COMPILED ON: %s, AT: %s\n\n", argv[0], __DATE__, __TIME__);

    const char *fname = cmd_ln_str_r(config, "-infile");
    FILE *rawfd = fopen(fname, "rb");
    if (rawfd == NULL) E_FATAL_SYSTEM("Failed to open file '%s' for reading", fname);
    const int partials = cmd_ln_boolean_r(config, "-partial");

    int16 adbuf[2048];
    char last[MAX_PARTIAL] = "";
    const char *hyp;
    size_t k;
    uint8 utt_started = FALSE, in_speech;
    ps_start_utt(ps);
    while ((k = fread(adbuf, sizeof(int16), 2048, rawfd)) > 0) {
        ps_process_raw(ps, adbuf, k, FALSE, FALSE);
        in_speech = ps_get_in_speech(ps);
        if (in_speech && !utt_started) utt_started = TRUE;
        if (!in_speech && utt_started) {
            ps_end_utt(ps);
            hyp = ps_get_hyp(ps, NULL);
            if (hyp != NULL) printf("%s\n", hyp);
            fflush(stdout);
            ps_start_utt(ps);
            utt_started = FALSE;
            last[0] = '\0';
        } else if (partials && utt_started) {
            hyp = ps_get_hyp(ps, NULL);
            if (hyp != NULL && hyp[0] != '\0' && strncmp(hyp, last, MAX_PARTIAL - 1) != 0) {
                printf("~ %s\n", hyp);
                fflush(stdout);
                strncpy(last, hyp, MAX_PARTIAL - 1);
                last[MAX_PARTIAL - 1] = '\0';
            }
        }
    }
    ps_end_utt(ps);
    if (utt_started) {
        hyp = ps_get_hyp(ps, NULL);
        if (hyp != NULL) printf("%s\n", hyp);
    }
    fclose(rawfd);
    ps_free(ps);
    cmd_ln_free_r(config);
    return 0;
}
