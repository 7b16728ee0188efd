#define _POSIX_C_SOURCE 199309L
/* Per-call cost of the C ABI: calendar.add on a named calendar, N calls,
 * the median of 7 runs in nanoseconds per call. Run by scripts/overhead.sh
 * (a measurement, not a test). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frontline.h"

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void) {
    FrontlineSession *s = frontline_session_new();
    const char *build = "{\"schema_version\":1,\"op\":\"calendar.build\",\"name\":\"office\",\"calendar\":"
                        "{\"time_zone\":\"Europe/Amsterdam\",\"hours\":{\"mon\":[[\"09:00\",\"17:00\"]],"
                        "\"fri\":[[\"09:00\",\"17:00\"]]}}}";
    const char *add = "{\"schema_version\":1,\"op\":\"calendar.add\",\"calendar\":\"office\","
                      "\"start\":\"2026-03-27T15:00:00Z\",\"seconds\":7200}";
    frontline_string_free(frontline_call(s, build, strlen(build)));
    size_t len = strlen(add);
    enum { N = 200000, RUNS = 7 };
    double ns[RUNS];
    for (int r = 0; r < RUNS; r++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int i = 0; i < N; i++) frontline_string_free(frontline_call(s, add, len));
        clock_gettime(CLOCK_MONOTONIC, &t1);
        ns[r] = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / N;
    }
    qsort(ns, RUNS, sizeof ns[0], cmp);
    printf("C ABI calendar.add: median %.0f ns per call (runs of %d calls: %.0f to %.0f ns)\n",
           ns[RUNS / 2], N, ns[0], ns[RUNS - 1]);
    frontline_session_free(s);
    return 0;
}
