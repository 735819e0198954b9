/* The device API (DASH-6): JSON in, JSON out, a device token instead of a
 * session. nginx passes no cookies here and there are no forms, so there is
 * no CSRF to check; every answer, errors included, is a JSON object with a
 * code (for programs) and a message in Japanese and English (for people).
 *
 *   GET  /ingest/v1/ping     token check, the server's clock
 *   POST /ingest/v1/alerts   {"alerts":[…]}: 1–1,000 alerts */
#include "ingest.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct api_req {
	FCGX_Request *fcgx;
	const char *method, *path;
	int is_head;
	time_t now;
	char rid[17];
	struct mm_buf headers;
	int status;
	json_t *answer;
};

static const struct {
	const char *code;
	const char *en, *ja;
} messages[] = {
	{ "not_found", "No such endpoint.", "このURLはありません。" },
	{ "method_not_allowed", "Method not allowed here.", "このURLではこのメソッドは使えません。" },
	{ "invalid_token", "Missing, unknown or revoked device token.",
	  "機器トークンがないか、無効か、失効しています。" },
	{ "rate_limited", "Too many requests from this device; retry later.",
	  "この機器からの要求が多すぎます。しばらくしてから再送してください。" },
	{ "unsupported_media_type", "Send the batch as application/json.",
	  "application/json で送信してください。" },
	{ "too_large", "The body is larger than 4 MiB.", "本文が 4 MiB を超えています。" },
	{ "too_many_alerts", "At most 1,000 alerts per batch.", "1回に送れるアラートは1,000件までです。" },
	{ "incomplete_body", "The body is shorter than its Content-Length.",
	  "本文が Content-Length より短いです。" },
	{ "malformed_json", "The body is not valid JSON (UTF-8, no duplicate keys).",
	  "本文が正しいJSON(UTF-8、キーの重複なし)ではありません。" },
	{ "too_deep", "The JSON nests too deep.", "JSONの入れ子が深すぎます。" },
	{ "not_an_object", "The body must be an object {\"alerts\":[…]}.",
	  "本文は {\"alerts\":[…]} の形のオブジェクトにしてください。" },
	{ "unknown_field", "The body may hold only \"alerts\".", "本文に置けるのは \"alerts\" だけです。" },
	{ "missing_alerts", "\"alerts\" is missing.", "\"alerts\" がありません。" },
	{ "alerts_not_an_array", "\"alerts\" must be an array.", "\"alerts\" は配列にしてください。" },
	{ "no_alerts", "\"alerts\" is empty.", "\"alerts\" が空です。" },
	{ "unavailable", "The service is briefly unavailable; retry later.",
	  "一時的に利用できません。しばらくしてから再送してください。" },
	{ "internal", "The batch could not be stored; retry later.",
	  "保存できませんでした。しばらくしてから再送してください。" },
};

static const char *param(struct api_req *q, const char *name)
{
	return FCGX_GetParam(name, q->fcgx->envp);
}

static const char *reason_phrase(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

static void add_header(struct api_req *q, const char *name, const char *value)
{
	mm_buf_printf(&q->headers, "%s: %s\r\n", name, value);
}

static int answer(struct api_req *q, int status, json_t *body)
{
	if (q->answer)
		json_decref(q->answer);
	q->status = status;
	q->answer = body;
	return 0;
}

static int fail(struct api_req *q, int status, const char *code)
{
	const char *en = code, *ja = code;
	for (size_t i = 0; i < sizeof messages / sizeof *messages; i++)
		if (strcmp(messages[i].code, code) == 0) {
			en = messages[i].en;
			ja = messages[i].ja;
		}
	if (status == 503 || status == 500)
		add_header(q, "Retry-After", "5");
	return answer(q, status, json_pack("{s:s, s:s, s:s}", "error", code,
					   "message", en, "message_ja", ja));
}

static void send_answer(struct api_req *q)
{
	char *text = q->answer ? json_dumps(q->answer, JSON_COMPACT) : NULL;
	if (!text) {
		q->status = 500;
		text = strdup("{\"error\":\"internal\"}");
	}
	size_t len = text ? strlen(text) : 0;
	struct mm_buf h = { 0 };
	mm_buf_printf(&h, "Status: %d %s\r\n", q->status, reason_phrase(q->status));
	mm_buf_add(&h, mm_buf_str(&q->headers), q->headers.len);
	mm_buf_printf(&h, "Content-Type: application/json; charset=utf-8\r\n"
		      "Cache-Control: no-store\r\n"
		      "X-Content-Type-Options: nosniff\r\n"
		      "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"
		      "Content-Length: %zu\r\n\r\n", len);
	FCGX_PutStr(mm_buf_str(&h), (int)h.len, q->fcgx->out);
	if (!q->is_head && len)
		FCGX_PutStr(text, (int)len, q->fcgx->out);
	mm_buf_free(&h);
	free(text);
}

/* "Authorization: Bearer mmd_…": the device, or 0 with the answer made. */
static int authenticate(struct api_req *q, struct ingest_device *dev, unsigned char hash[32])
{
	const char *auth = param(q, "HTTP_AUTHORIZATION");
	const char *token = NULL;
	if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
		token = auth + 7;
		while (*token == ' ')
			token++;
	}
	size_t plen = strlen(INGEST_TOKEN_PREFIX);
	int rc = 0;
	if (token && strncmp(token, INGEST_TOKEN_PREFIX, plen) == 0 &&
	    mm_token_wellformed(token + plen)) {
		mm_sha256(token, strlen(token), hash);
		rc = ingest_db_device_by_token(hash, dev);
		if (rc < 0) {
			fail(q, 503, "unavailable");
			return 0;
		}
	}
	if (rc != 1) {
		add_header(q, "WWW-Authenticate", token ?
			   "Bearer realm=\"mimamori-ingest\", error=\"invalid_token\"" :
			   "Bearer realm=\"mimamori-ingest\"");
		fail(q, 401, "invalid_token");
		return 0;
	}
	return 1;
}

static int rate_ok(struct api_req *q, const struct ingest_device *dev)
{
	char bucket[64];
	snprintf(bucket, sizeof bucket, "ingest:device:%lld", dev->id);
	long limit = mm_cfg_int("Ingest.RequestsPerMinute", 600);
	int rc = mm_rate_limit(bucket, (int)limit, 60, q->now);
	if (rc < 0) {
		fail(q, 503, "unavailable");
		return 0;
	}
	if (rc == 0) {
		/* the fixed window is at most a minute from its end */
		add_header(q, "Retry-After", "60");
		fail(q, 429, "rate_limited");
		return 0;
	}
	return 1;
}

static void ping(struct api_req *q, const struct ingest_device *dev)
{
	if (ingest_db_seen(dev, q->now) < 0) {
		fail(q, 503, "unavailable");
		return;
	}
	char utc[32], num[MM_PUBID_CHARS];
	struct tm tm;
	gmtime_r(&q->now, &tm);
	strftime(utc, sizeof utc, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* the device's public number, as its portal pages show it */
	if (mm_pubid_encode(MM_PUBID_DEVICE, dev->id, num) < 0) {
		fail(q, 503, "unavailable");
		return;
	}
	answer(q, 200, json_pack("{s:b, s:I, s:s}", "ok", 1, "device_id",
				 (json_int_t)strtoll(num, NULL, 10), "server_time", utc));
}

/* 1 when every charset parameter of a Content-Type says UTF-8 (any case,
 * quoted or not), or there is none: JSON is UTF-8 (RFC 8259 §8.1), and a
 * body a device says is in another charset would be stored as something
 * else than it meant. */
static int charset_utf8(const char *ct)
{
	for (const char *p = strchr(ct, ';'); p; p = strchr(p, ';')) {
		p++;
		p += strspn(p, " \t");
		size_t name = strcspn(p, "=; \t");
		if (name != 7 || strncasecmp(p, "charset", 7) != 0)
			continue;
		const char *v = p + name;
		v += strspn(v, " \t");
		if (*v != '=')
			return 0;
		v++;
		v += strspn(v, " \t");
		int quoted = *v == '"';
		v += quoted;
		if (strncasecmp(v, "utf-8", 5) != 0)
			return 0;
		v += 5;
		if (quoted && *v++ != '"')
			return 0;
		v += strspn(v, " \t");
		if (*v && *v != ';')
			return 0;
	}
	return 1;
}

/* The body as sent, or NULL with the answer made. */
static char *read_body(struct api_req *q, size_t *len)
{
	const char *ct = param(q, "CONTENT_TYPE");
	if (!mm_content_type_is(ct, "application/json") || !charset_utf8(ct)) {
		fail(q, 415, "unsupported_media_type");
		return NULL;
	}
	/* a chunked body comes without a length: read it to its end */
	const char *cl = param(q, "CONTENT_LENGTH");
	unsigned long long want = INGEST_MAX_BODY + 1ULL;
	int sized = cl && *cl;
	if (sized) {
		char *end;
		want = strtoull(cl, &end, 10);
		if (*end || cl[0] == '-') {
			fail(q, 400, "malformed_json");
			return NULL;
		}
		if (want > INGEST_MAX_BODY) {
			fail(q, 413, "too_large");
			return NULL;
		}
	}
	char *body = malloc(want + 1);
	if (!body) {
		fail(q, 503, "unavailable");
		return NULL;
	}
	size_t got = 0;
	while (got < want) {
		int n = FCGX_GetStr(body + got, (int)(want - got), q->fcgx->in);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (!sized && got > INGEST_MAX_BODY) {
		free(body);
		fail(q, 413, "too_large");
		return NULL;
	}
	if (sized && got < want) {
		free(body);
		fail(q, 400, "incomplete_body");
		return NULL;
	}
	body[got] = '\0';
	*len = got;
	return body;
}

static json_t *item_json(const struct ingest_batch *b, size_t i, const char *reason,
			 const char *field)
{
	const char *id = b->items[i].id;
	json_t *o = json_pack("{s:I}", "index", (json_int_t)i);
	if (!o)
		return NULL;
	/* an over-long id is not echoed back whole */
	if (id && strlen(id) <= INGEST_ID_MAX * 4)
		json_object_set_new(o, "id", json_string(id));
	else
		json_object_set_new(o, "id", json_null());
	if (reason)
		json_object_set_new(o, "reason", json_string(reason));
	if (field)
		json_object_set_new(o, "field", json_string(field));
	return o;
}

static long long ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000LL + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void alerts(struct api_req *q, const struct ingest_device *dev,
		   const unsigned char hash[32])
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	size_t len;
	char *body = read_body(q, &len);
	if (!body)
		return;
	struct ingest_batch b;
	int status;
	const char *why = ingest_batch_parse(body, len, q->now, &b, &status);
	free(body);
	if (why) {
		ingest_batch_free(&b);
		fail(q, status, why);
		return;
	}
	enum ingest_fate *fate = calloc(b.n, sizeof *fate);
	if (!fate) {
		ingest_batch_free(&b);
		fail(q, 503, "unavailable");
		return;
	}
	struct ingest_store st = { .device = dev, .token_hash = hash, .batch = &b, .fate = fate,
				   .now = q->now };
	long long parse_ms = ms_since(&t0);
	int rc = ingest_db_store(&st);
	if (st.token_gone) {
		add_header(q, "WWW-Authenticate",
			   "Bearer realm=\"mimamori-ingest\", error=\"invalid_token\"");
		fail(q, 401, "invalid_token");
	} else if (rc < 0) {
		fail(q, mm_db_is_down() ? 503 : 500, mm_db_is_down() ? "unavailable" : "internal");
	} else {
		json_t *acc = json_array(), *dup = json_array(), *rej = json_array();
		long long n_acc = 0, n_dup = 0, n_rej = 0;
		for (size_t i = 0; i < b.n; i++) {
			const struct ingest_item *it = &b.items[i];
			if (it->reason) {
				json_array_append_new(rej, item_json(&b, i, it->reason, it->field));
				n_rej++;
			} else if (fate[i] == INGEST_DUPLICATE) {
				json_array_append_new(dup, item_json(&b, i, NULL, NULL));
				n_dup++;
			} else {
				json_array_append_new(acc, item_json(&b, i, NULL, NULL));
				n_acc++;
			}
		}
		answer(q, 200, json_pack("{s:{s:I, s:I, s:I}, s:o, s:o, s:o}", "counts",
					 "accepted", (json_int_t)n_acc, "duplicate", (json_int_t)n_dup,
					 "rejected", (json_int_t)n_rej,
					 "accepted", acc, "duplicate", dup, "rejected", rej));
		mm_log_info("device %lld: %lld accepted, %lld duplicate, %lld rejected"
			    " (read and checked in %lld ms, stored in %lld ms)", dev->id,
			    n_acc, n_dup, n_rej, parse_ms, ms_since(&t0) - parse_ms);
	}
	free(fate);
	ingest_batch_free(&b);
}

static void handle(struct api_req *q)
{
	q->method = param(q, "REQUEST_METHOD");
	q->path = param(q, "DOCUMENT_URI");
	if (!q->method || !q->path) {
		fail(q, 400, "malformed_json");
		return;
	}
	q->is_head = strcmp(q->method, "HEAD") == 0;
	int is_get = q->is_head || strcmp(q->method, "GET") == 0;
	int is_post = strcmp(q->method, "POST") == 0;
	int is_ping = strcmp(q->path, "/ingest/v1/ping") == 0;
	int is_alerts = strcmp(q->path, "/ingest/v1/alerts") == 0;
	if (!is_ping && !is_alerts) {
		fail(q, 404, "not_found");
		return;
	}
	if ((is_ping && !is_get) || (is_alerts && !is_post)) {
		add_header(q, "Allow", is_ping ? "GET, HEAD" : "POST");
		fail(q, 405, "method_not_allowed");
		return;
	}
	struct ingest_device dev;
	unsigned char hash[32];
	if (!authenticate(q, &dev, hash) || !rate_ok(q, &dev))
		return;
	if (is_ping)
		ping(q, &dev);
	else
		alerts(q, &dev, hash);
}

static void ingest_request(FCGX_Request *fcgx)
{
	struct api_req q = { .fcgx = fcgx, .status = 500, .now = mm_clock_now() };
	unsigned char rid[8];
	if (mm_random_bytes(rid, sizeof rid) == 0)
		mm_hex_encode(rid, sizeof rid, q.rid);
	mm_log_set_request_id(q.rid);
	handle(&q);
	send_answer(&q);
	mm_log_info("%s %s %d", q.method ? q.method : "-", q.path ? q.path : "-", q.status);
	if (q.answer)
		json_decref(q.answer);
	mm_buf_free(&q.headers);
	mm_log_set_request_id(NULL);
}

static const char *const ingest_templates[] = { NULL };

static const struct mm_app ingest_app = {
	"ingest", NULL, 0, ingest_templates, NULL
};

int main(int argc, char **argv)
{
	return mm_main_raw(&ingest_app, ingest_request, argc, argv);
}
