/* GET /healthz for load balancers: answered before any request handling
 * (no session, no cookies, no per-request log line), 200 "ok" when the
 * database answers a trivial query within the Db.* timeouts, otherwise 503
 * with Retry-After and nothing that would help a stranger. */
#ifndef MM_HEALTH_H
#define MM_HEALTH_H
#include <fcgiapp.h>

#define MM_HEALTH_PATH "/healthz"

/* 1 when the request was the health check and has been answered. */
int mm_health_answer(FCGX_Request *fcgx);

#endif
