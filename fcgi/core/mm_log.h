/* Logging to stderr, one line per event, with the request id; never secrets. */
#ifndef MM_LOG_H
#define MM_LOG_H

void mm_log_init(const char *program);
/* Request id of the request being handled ("-" outside one). */
void mm_log_set_request_id(const char *rid);
void mm_log(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define mm_log_info(...) mm_log("info", __VA_ARGS__)
#define mm_log_warn(...) mm_log("warn", __VA_ARGS__)
#define mm_log_error(...) mm_log("error", __VA_ARGS__)

#endif
