/* Logging to stderr, one line per event, with the request id; never secrets. */
#ifndef MM_LOG_H
#define MM_LOG_H
#include <stddef.h>

void mm_log_init(const char *program);
/* Request id of the request being handled ("-" outside one). */
void mm_log_set_request_id(const char *rid);
void mm_log(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Every line is redacted first: link tokens in paths and query strings
 * (runs of at least MM_LOG_TOKEN_MIN letters, digits, '-' and '_' that mix
 * character classes) and values of secret-sounding parameters
 * ("code=", "token=", "password="...) become "[redacted]". */
#define MM_LOG_TOKEN_MIN 20
/* Writes s redacted into out (cut to outsz - 1 bytes); returns its length. */
size_t mm_log_redact(const char *s, char *out, size_t outsz);
#define mm_log_info(...) mm_log("info", __VA_ARGS__)
#define mm_log_warn(...) mm_log("warn", __VA_ARGS__)
#define mm_log_error(...) mm_log("error", __VA_ARGS__)

#endif
