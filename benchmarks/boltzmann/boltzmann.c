/*
 * Boltzmann wealth model (Mesa tutorial model, non-spatial) -- plain C reference.
 *
 * N agents start with wealth 1. Each step every agent, in a fresh random order
 * (Fisher-Yates shuffle of an int32 order array), gives 1 unit to a uniformly
 * random OTHER agent if its wealth is > 0. Updates are applied immediately
 * (sequential semantics, like Mesa's shuffle_do("step")).
 *
 * RNG: xoshiro256** seeded from the 64-bit seed via splitmix64; bounded draws
 * use Lemire's nearly-divisionless method (64-bit variant, 128-bit multiply).
 * Single thread. Wall time covers only the stepping loop (set-up and metrics
 * excluded).
 *
 * Build: gcc -O2 -o boltzmann boltzmann.c
 * Usage: boltzmann --agents N --steps S --seed X [--variant plain|tuned] [--trace] [--trace-every K]
 *   --variant plain (default): shuffle the order array, then activate agents in that order,
 *     giving only if wealth > 0 -- the straightforward transcription of Mesa's model.
 *   --variant tuned: the same model with the trick BRISim's sequential mode uses
 *     (a branch-free transfer). Same distribution.
 *   --trace prints "trace: step=... gini=... zero_wealth_share=..." to stderr
 *   every K steps (default 50); metric time is excluded from wall_seconds.
 */
#define _POSIX_C_SOURCE 199309L
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- RNG --- */

typedef struct { uint64_t s[4]; } xoshiro256ss;

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void rng_seed(xoshiro256ss *r, uint64_t seed) {
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t rng_next(xoshiro256ss *r) {
    uint64_t *s = r->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform integer in [0, range), range >= 1. Lemire (2019), nearly divisionless. */
static inline uint64_t rng_bounded(xoshiro256ss *r, uint64_t range) {
    unsigned __int128 m = (unsigned __int128)rng_next(r) * range;
    uint64_t l = (uint64_t)m;
    if (__builtin_expect(l < range, 0)) { /* rare: l < range <= N << 2^64 */
        uint64_t t = (0 - range) % range;
        while (l < t) {
            m = (unsigned __int128)rng_next(r) * range;
            l = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

/* ------------------------------------------------------------ metrics --- */

/*
 * Gini coefficient with Mesa's tutorial formula:
 *   x sorted ascending, B = sum_i x_i (n - i) / (n * sum x), G = 1 + 1/n - 2B.
 * Sorting is a counting sort over wealth values (total wealth is N, so max <= N).
 */
static void metrics(const int32_t *wealth, int64_t n, double *gini, double *zero_share) {
    int32_t maxw = 0;
    for (int64_t i = 0; i < n; i++) if (wealth[i] > maxw) maxw = wealth[i];
    int64_t *count = calloc((size_t)maxw + 1, sizeof *count);
    if (!count) { fprintf(stderr, "out of memory\n"); exit(1); }
    for (int64_t i = 0; i < n; i++) count[wealth[i]]++;
    /* exact integer accumulation: sum x_i (n - i) <= N * N fits easily for N <= 3e9 */
    unsigned __int128 acc = 0;
    int64_t total = 0, pos = 0;
    for (int32_t w = 0; w <= maxw; w++) {
        int64_t c = count[w];
        if (c == 0) continue;
        /* positions pos .. pos+c-1: sum of (n - i) = c*n - (c*pos + c*(c-1)/2) */
        unsigned __int128 s = (unsigned __int128)c * (uint64_t)n
                            - ((unsigned __int128)c * (uint64_t)pos
                               + (unsigned __int128)c * (uint64_t)(c - 1) / 2);
        acc += s * (uint64_t)w;
        total += c * (int64_t)w;
        pos += c;
    }
    if (total != n) { /* wealth is conserved: every agent started with 1 */
        fprintf(stderr, "internal error: total wealth %" PRId64 " != agents %" PRId64 "\n", total, n);
        exit(1);
    }
    double b = (double)acc / ((double)n * (double)total);
    *gini = 1.0 + 1.0 / (double)n - 2.0 * b;
    *zero_share = (double)count[0] / (double)n;
    free(count);
}

/* --------------------------------------------------------------- main --- */

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void usage(const char *prog) {
    fprintf(stderr,
            "usage: %s --agents N --steps S --seed X [--variant plain|tuned] [--trace] [--trace-every K]\n", prog);
    exit(2);
}

static long long parse_ll(const char *s, const char *flag) {
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*s == '\0' || *end != '\0') {
        fprintf(stderr, "invalid value for %s: %s\n", flag, s);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv) {
    long long n_ll = 1000, steps = 100, trace_every = 50;
    unsigned long long seed = 42;
    int trace = 0, tuned = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--trace")) { trace = 1; continue; }
        if (i + 1 >= argc) usage(argv[0]);
        if (!strcmp(a, "--agents")) n_ll = parse_ll(argv[++i], a);
        else if (!strcmp(a, "--steps")) steps = parse_ll(argv[++i], a);
        else if (!strcmp(a, "--seed")) seed = (unsigned long long)parse_ll(argv[++i], a);
        else if (!strcmp(a, "--trace-every")) trace_every = parse_ll(argv[++i], a);
        else if (!strcmp(a, "--variant")) {
            const char *v = argv[++i];
            if (!strcmp(v, "plain")) tuned = 0;
            else if (!strcmp(v, "tuned")) tuned = 1;
            else { fprintf(stderr, "--variant must be plain or tuned\n"); return 2; }
        }
        else usage(argv[0]);
    }
    if (n_ll < 2 || n_ll > INT32_MAX || steps < 0 || trace_every < 1) {
        fprintf(stderr, "need 2 <= agents <= %d, steps >= 0, trace-every >= 1\n", INT32_MAX);
        return 2;
    }
    const int32_t n = (int32_t)n_ll;

    int32_t *wealth = malloc((size_t)n * sizeof *wealth);
    int32_t *order = malloc((size_t)n * sizeof *order);
    if (!wealth || !order) { fprintf(stderr, "out of memory\n"); return 1; }
    for (int32_t i = 0; i < n; i++) { wealth[i] = 1; order[i] = i; }
    xoshiro256ss rng;
    rng_seed(&rng, (uint64_t)seed);
    const uint64_t others = (uint64_t)n - 1;

    double wall = 0.0, g, z;
    double t0 = now_seconds();
    for (long long step = 1; step <= steps; step++) {
        if (!tuned) {
            /* plain: fresh Fisher-Yates shuffle of the activation order, then activate */
            for (int32_t i = n - 1; i > 0; i--) {
                int32_t j = (int32_t)rng_bounded(&rng, (uint64_t)i + 1);
                int32_t t = order[i]; order[i] = order[j]; order[j] = t;
            }
            for (int32_t k = 0; k < n; k++) {
                int32_t a = order[k];
                if (wealth[a] > 0) {
                    int32_t o = (int32_t)rng_bounded(&rng, others);
                    if (o >= a) o++; /* uniform over the n-1 agents other than a */
                    wealth[a]--;
                    wealth[o]++;
                }
            }
        } else {
            /* tuned: the same shuffle, then a branch-free transfer (a receiver is drawn for
             * every agent; the amount is 0 or 1) since wealth > 0 is an unpredictable branch. */
            for (int32_t i = n - 1; i > 0; i--) {
                int32_t j = (int32_t)rng_bounded(&rng, (uint64_t)i + 1);
                int32_t t = order[i]; order[i] = order[j]; order[j] = t;
            }
            for (int32_t k = 0; k < n; k++) {
                int32_t a = order[k];
                int32_t o = (int32_t)rng_bounded(&rng, others);
                o += (o >= a);
                int32_t amount = wealth[a] > 0;
                wealth[a] -= amount;
                wealth[o] += amount;
            }
        }
        if (trace && (step % trace_every == 0 || step == steps)) {
            wall += now_seconds() - t0;
            metrics(wealth, n, &g, &z);
            fprintf(stderr, "trace: step=%lld gini=%.6f zero_wealth_share=%.6f\n", step, g, z);
            t0 = now_seconds();
        }
    }
    wall += now_seconds() - t0;

    metrics(wealth, n, &g, &z);
    double rate = wall > 0 ? (double)n * (double)steps / wall : 0.0;
    printf("agents: %d\n", n);
    printf("steps: %lld\n", steps);
    printf("wall_seconds: %.6f\n", wall);
    printf("agent_steps_per_second: %.1f\n", rate);
    printf("gini: %.6f\n", g);
    printf("zero_wealth_share: %.6f\n", z);
    free(wealth);
    free(order);
    return 0;
}
