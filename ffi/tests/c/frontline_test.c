/* The C ABI from C: every op family, the error paths of the boundary, and
 * 10,000 random byte strings. Built against the static and the shared
 * library and run under valgrind by scripts/ffi.sh. Exits non-zero on the
 * first failed check. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontline.h"

static int failures = 0;

/* Runs `request` and checks that the answer contains `expect`. */
static void check(FrontlineSession *s, const char *name, const char *request, const char *expect) {
    FrontlineString a = frontline_call(s, request, strlen(request));
    if (a.ptr == NULL || strlen(a.ptr) != a.len || strstr(a.ptr, expect) == NULL) {
        fprintf(stderr, "FAIL %s: expected %s in %s\n", name, expect, a.ptr ? a.ptr : "(null)");
        failures++;
    }
    frontline_string_free(a);
}

static void op_families(FrontlineSession *s) {
    check(s, "ticket.apply",
          "{\"schema_version\":1,\"op\":\"ticket.apply\",\"ticket_id\":\"T-1\",\"events\":["
          "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"created\",\"subject\":\"Retour\",\"requester\":\"c1\",\"channel\":\"email\"},"
          "{\"at\":\"2026-03-02T09:00:00Z\",\"type\":\"message\",\"author\":\"customer\",\"body\":\"Hoe stuur ik iets terug?\"}]}",
          "\"status\":\"new\"");
    check(s, "identity.resolve",
          "{\"schema_version\":1,\"op\":\"identity.resolve\",\"customers\":[{\"id\":\"c1\",\"identities\":"
          "[{\"type\":\"phone\",\"value\":\"+31 6 1234 5678\"}]}],\"identity\":{\"type\":\"phone\",\"value\":\"0031612345678\"}}",
          "\"customer\":\"c1\"");
    check(s, "calendar.build",
          "{\"schema_version\":1,\"op\":\"calendar.build\",\"name\":\"office\",\"calendar\":{\"time_zone\":\"Europe/Amsterdam\","
          "\"hours\":{\"mon\":[[\"09:00\",\"17:00\"]],\"fri\":[[\"09:00\",\"17:00\"]]},\"public_holidays\":[{\"country\":\"NL\"}]}}",
          "\"ok\":true");
    check(s, "calendar.add",
          "{\"schema_version\":1,\"op\":\"calendar.add\",\"calendar\":\"office\",\"start\":\"2026-03-27T15:00:00Z\",\"seconds\":7200}",
          "\"instant\":\"2026-03-30T08:00:00Z\"");
    check(s, "holidays.list", "{\"schema_version\":1,\"op\":\"holidays.list\",\"country\":\"NL\",\"year\":2026}",
          "2026-04-27");
    check(s, "sla.build",
          "{\"schema_version\":1,\"op\":\"sla.build\",\"name\":\"std\",\"policies\":{\"policies\":[{\"name\":\"E-mail\","
          "\"calendar\":\"office\",\"targets\":{\"first_reply_time\":{\"normal\":\"4h\"}}}]}}",
          "\"ok\":true");
    check(s, "sla.evaluate",
          "{\"schema_version\":1,\"op\":\"sla.evaluate\",\"policies\":\"std\",\"now\":\"2026-03-27T15:30:00Z\",\"ticket\":"
          "{\"id\":\"T-2\",\"subject\":\"x\",\"requester\":\"c1\",\"status\":\"new\",\"priority\":\"normal\",\"channel\":\"email\","
          "\"created_at\":\"2026-03-27T15:00:00Z\",\"updated_at\":\"2026-03-27T15:00:00Z\","
          "\"events\":[{\"at\":\"2026-03-27T15:00:00Z\",\"type\":\"created\",\"subject\":\"x\",\"requester\":\"c1\","
          "\"channel\":\"email\"},{\"at\":\"2026-03-27T15:00:00Z\",\"type\":\"message\",\"author\":\"customer\",\"body\":\"?\"}]}}",
          "\"reply_by\":\"2026-03-30T10:00:00Z\"");
    check(s, "routing.route",
          "{\"schema_version\":1,\"op\":\"routing.route\",\"agents\":[{\"id\":\"a1\",\"presence\":{\"status\":\"online\"},"
          "\"capacity\":{\"per_channel\":{\"chat\":2}}}],\"item\":{\"ticket\":\"T-9\",\"channel\":\"chat\","
          "\"enqueued_at\":\"2026-03-02T09:00:00Z\"},\"now\":\"2026-03-02T09:00:03Z\"}",
          "\"outcome\":\"assigned\"");
    check(s, "rules.build",
          "{\"schema_version\":1,\"op\":\"rules.build\",\"name\":\"r\",\"rules\":{\"rules\":[{\"id\":\"angry\","
          "\"kind\":{\"trigger\":[\"customer_message\"]},\"when\":\"message contains_word ridiculous\","
          "\"actions\":[{\"type\":\"set_priority\",\"priority\":\"high\"}]}]}}",
          "\"rules\":1");
    check(s, "rules.parse", "{\"schema_version\":1,\"op\":\"rules.parse\",\"text\":\"priority >= high\"}", "\"condition\"");
    check(s, "faq.build",
          "{\"schema_version\":1,\"op\":\"faq.build\",\"name\":\"shop\",\"entries\":["
          "{\"id\":\"returns\",\"locales\":[\"en\"],\"question\":\"How do I return an item?\"},"
          "{\"id\":\"password\",\"locales\":[\"en\"],\"question\":\"How do I reset my password?\"}]}",
          "\"entries\":2");
    check(s, "faq.search", "{\"schema_version\":1,\"op\":\"faq.search\",\"faq\":\"shop\",\"query\":\"forgot my password\"}",
          "\"id\":\"password\"");
    check(s, "text.detect_language", "{\"schema_version\":1,\"op\":\"text.detect_language\",\"text\":\"waar blijft mijn pakket\"}",
          "\"lang\":\"nl\"");
    check(s, "text.analyze", "{\"schema_version\":1,\"op\":\"text.analyze\",\"text\":\"hallo wereld\",\"lang\":\"nl\"}",
          "\"ok\":true");
}

static void error_paths(FrontlineSession *s) {
    FrontlineString a = frontline_call(NULL, "{}", 2);
    if (a.ptr == NULL || strstr(a.ptr, "ffi.null_session") == NULL) { fprintf(stderr, "FAIL null session\n"); failures++; }
    frontline_string_free(a);
    a = frontline_call(s, NULL, 10);
    if (a.ptr == NULL || strstr(a.ptr, "ffi.null_request") == NULL) { fprintf(stderr, "FAIL null request\n"); failures++; }
    frontline_string_free(a);
    a = frontline_call(s, NULL, 0);
    if (a.ptr == NULL || strstr(a.ptr, "request.invalid_json") == NULL) { fprintf(stderr, "FAIL empty request\n"); failures++; }
    frontline_string_free(a);
    const char bad_utf8[] = {'{', '"', 0x80, '"', '}'};
    a = frontline_call(s, bad_utf8, sizeof bad_utf8);
    if (a.ptr == NULL || strstr(a.ptr, "ffi.invalid_utf8") == NULL) { fprintf(stderr, "FAIL invalid utf-8\n"); failures++; }
    frontline_string_free(a);
    /* A length shorter than the text: only those bytes are read. */
    const char *req = "{\"schema_version\":1,\"op\":\"text.analyze\",\"text\":\"hi\",\"lang\":\"en\"}trailing garbage";
    size_t json_len = strlen(req) - strlen("trailing garbage");
    a = frontline_call(s, req, json_len);
    if (a.ptr == NULL || strstr(a.ptr, "\"ok\":true") == NULL) { fprintf(stderr, "FAIL exact length\n"); failures++; }
    frontline_string_free(a);
    a = frontline_call(s, "{}", (size_t)-1);
    if (a.ptr == NULL || strstr(a.ptr, "ffi.invalid_length") == NULL) { fprintf(stderr, "FAIL huge length\n"); failures++; }
    frontline_string_free(a);
    check(s, "unknown op", "{\"schema_version\":1,\"op\":\"nope\"}", "request.unknown_op");
    check(s, "bad json", "{\"schema_version\":1,", "request.invalid_json");
    check(s, "unknown name", "{\"schema_version\":1,\"op\":\"calendar.add\",\"calendar\":\"nope\",\"start\":\"2026-03-02T09:00:00Z\",\"seconds\":1}",
          "request.unknown_name");
    frontline_string_free((FrontlineString){NULL, 0}); /* a no-op */
    frontline_session_free(NULL);                     /* a no-op */
}

/* 10,000 random inputs, every one of which must answer with the envelope:
 * raw bytes (mostly invalid UTF-8), printable ASCII with NULs and JSON
 * punctuation (valid UTF-8 that reaches the JSON parser), and valid
 * requests with a few bytes changed (reaching the operations). */
static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static void random_inputs(FrontlineSession *s) {
    static const char *valid[] = {
        "{\"schema_version\":1,\"op\":\"calendar.add\",\"calendar\":\"office\",\"start\":\"2026-03-27T15:00:00Z\",\"seconds\":7200}",
        "{\"schema_version\":1,\"op\":\"faq.search\",\"faq\":\"shop\",\"query\":\"forgot my password\",\"k\":3}",
        "{\"schema_version\":1,\"op\":\"text.detect_language\",\"text\":\"waar blijft mijn pakket\"}",
        "{\"schema_version\":1,\"op\":\"rules.parse\",\"text\":\"priority >= high and tags contains vip\"}",
        "{\"schema_version\":1,\"op\":\"holidays.list\",\"country\":\"NL\",\"year\":2026}",
    };
    static const char alphabet[] = "{}[]:,\"\\0123456789abcdefghijklmnopqrstuvwxyz _.-+eE\0";
    char buf[512];
    int reached_ops = 0;
    for (int i = 0; i < 10000; i++) {
        size_t len = 0;
        switch (i % 3) {
        case 0: /* raw bytes */
            len = (size_t)(next() % sizeof buf);
            for (size_t j = 0; j < len; j++) buf[j] = (char)(next() & 0xff);
            break;
        case 1: /* ASCII, NULs included */
            len = (size_t)(next() % sizeof buf);
            for (size_t j = 0; j < len; j++) buf[j] = alphabet[next() % (sizeof alphabet - 1)];
            break;
        default: { /* a valid request, mutated */
            const char *v = valid[next() % (sizeof valid / sizeof valid[0])];
            len = strlen(v);
            memcpy(buf, v, len);
            int changes = 1 + (int)(next() % 3);
            for (int c = 0; c < changes; c++) buf[next() % len] = alphabet[next() % (sizeof alphabet - 1)];
            if (next() % 4 == 0) len = (size_t)(next() % len);
        }
        }
        FrontlineString a = frontline_call(s, buf, len);
        if (a.ptr == NULL || strncmp(a.ptr, "{\"schema_version\":1,", 20) != 0 || strlen(a.ptr) != a.len) {
            fprintf(stderr, "FAIL random input %d\n", i);
            failures++;
        } else if (!strstr(a.ptr, "request.invalid_json") && !strstr(a.ptr, "ffi.invalid_utf8") &&
                   !strstr(a.ptr, "request.not_an_object")) {
            reached_ops++; /* got past the JSON parser */
        }
        frontline_string_free(a);
    }
    /* A good share of the mutated requests must get past the parser. */
    if (reached_ops < 500) {
        fprintf(stderr, "FAIL only %d random inputs got past the JSON parser\n", reached_ops);
        failures++;
    }
    printf("random inputs: 10000 answered, %d got past the JSON parser\n", reached_ops);
}

/* Threads: two share one session (their calls take turns), two have their
 * own; every answer must be right. */
struct worker { FrontlineSession *session; int ok; };

static void *work(void *arg) {
    struct worker *w = arg;
    const char *add = "{\"schema_version\":1,\"op\":\"calendar.add\",\"calendar\":\"office\","
                      "\"start\":\"2026-03-27T15:00:00Z\",\"seconds\":7200}";
    w->ok = 1;
    for (int i = 0; i < 200; i++) {
        FrontlineString a = frontline_call(w->session, add, strlen(add));
        if (strstr(a.ptr, "\"instant\":\"2026-03-30T08:00:00Z\"") == NULL) w->ok = 0;
        frontline_string_free(a);
    }
    return NULL;
}

static void threads(FrontlineSession *shared) {
    const char *build = "{\"schema_version\":1,\"op\":\"calendar.build\",\"name\":\"office\",\"calendar\":"
                        "{\"time_zone\":\"Europe/Amsterdam\",\"hours\":{\"mon\":[[\"09:00\",\"17:00\"]],"
                        "\"fri\":[[\"09:00\",\"17:00\"]]}}}";
    FrontlineSession *own[2] = {frontline_session_new(), frontline_session_new()};
    for (int i = 0; i < 2; i++) frontline_string_free(frontline_call(own[i], build, strlen(build)));
    struct worker w[4] = {{shared, 0}, {shared, 0}, {own[0], 0}, {own[1], 0}};
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        if (pthread_create(&t[i], NULL, work, &w[i]) != 0) {
            fprintf(stderr, "FAIL pthread_create\n");
            exit(1);
        }
    }
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++) {
        if (!w[i].ok) { fprintf(stderr, "FAIL thread %d\n", i); failures++; }
    }
    frontline_session_free(own[0]);
    frontline_session_free(own[1]);
}

int main(void) {
    if (strcmp(frontline_abi_version(), "1") != 0 || strlen(frontline_version()) == 0) {
        fprintf(stderr, "FAIL versions\n");
        return 1;
    }
    FrontlineSession *s = frontline_session_new();
    op_families(s);
    threads(s);
    error_paths(s);
    random_inputs(s);
    frontline_session_free(s);
    if (failures) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    printf("frontline C ABI %s (frontline %s): all checks passed\n", frontline_abi_version(), frontline_version());
    return 0;
}
