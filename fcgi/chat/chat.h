/* Chat notification linkages (ACC-4, seed 004): the pure parts shared by
 * the account program (registration), mimamori-scheduler (what is sent)
 * and mimamori-notifier (delivery): webhook URL checks, the biweekly
 * report slots, the JSON message. */
#ifndef CHAT_H
#define CHAT_H
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct sockaddr;

#define CHAT_URL_MAX 2048
#define CHAT_IP_LEN 46		/* INET6_ADDRSTRLEN */
#define CHAT_MASKED_MAX 300

/* CHAT_ALLOW_LOCAL (Chat.AllowLocalSink = 1, dev/test stacks only): a
 * literal loopback address (http:// or https://) is accepted, for the local
 * webhook sink; names resolving to loopback are still refused. */
enum { CHAT_ALLOW_LOCAL = 1 };

enum chat_url_err {
	CHAT_URL_OK = 0,
	CHAT_URL_TOO_LONG,	/* over CHAT_URL_MAX */
	CHAT_URL_CHARS,		/* spaces, controls, non-ASCII */
	CHAT_URL_SCHEME,	/* not https:// */
	CHAT_URL_USERINFO,	/* user:password@ in the authority */
	CHAT_URL_HOST,		/* no host, or a malformed one */
	CHAT_URL_PORT,
	CHAT_URL_PRIVATE,	/* private, loopback, link-local... address */
	CHAT_URL_UNRESOLVED	/* the name does not resolve */
};
/* The i18n key of the refusal ("chat.err.url_scheme"...). */
const char *chat_url_err_key(enum chat_url_err e);

struct chat_url {
	int https;
	char host[256];		/* lower case; an IPv6 literal without brackets */
	int port;
	int ip_literal;		/* host is an address (normalised in host) */
};
/* Syntax and literal-address checks, no DNS. */
enum chat_url_err chat_url_parse(const char *url, unsigned flags, struct chat_url *u);
/* Address classes: 1 when a webhook may be sent there (a public unicast
 * address), 0 for private, loopback, link-local, CGNAT, unique-local,
 * multicast, documentation, reserved (IPv4-mapped and embedded IPv4 forms
 * are judged by their IPv4 address). */
int chat_addr4_public(uint32_t host_order);
int chat_addr6_public(const unsigned char a[16]);
int chat_addr_allowed(const struct sockaddr *sa, unsigned flags);
/* Resolves the host (getaddrinfo); every address it names must be allowed
 * (a name with one private address among public ones is refused), the
 * first is written to ip: the address to pin the request to
 * (CURLOPT_RESOLVE), so a second lookup cannot switch it. */
enum chat_url_err chat_url_resolve(const struct chat_url *u, unsigned flags,
				   char ip[CHAT_IP_LEN]);
/* Both: parse and resolve. */
enum chat_url_err chat_url_check(const char *url, unsigned flags, struct chat_url *u,
				 char ip[CHAT_IP_LEN]);
/* scheme://host…last4: what the list shows of a saved URL. */
void chat_url_mask(const char *url, char out[CHAT_MASKED_MAX]);

/* 8-4-4-4-12 hex digits. */
int chat_uuid_valid(const char *s);

/* The biweekly report (seed 004 通知②): every other Monday 10:00 in zone,
 * counted from CHAT_SLOT_ANCHOR (Monday 2024-01-01). The first slot after
 * t, and the last one at or before t. */
#define CHAT_SLOT_ANCHOR "2024-01-01"
#define CHAT_SLOT_HOUR 10
#define CHAT_SLOT_DAYS 14
time_t chat_slot_next(const char *zone, time_t t);
time_t chat_slot_prev(const char *zone, time_t t);

/* The JSON body posted to the webhook. text is the message as people read
 * it; the rest lets the workspace route it (company name and customer ID
 * as registered there, seed 004 Step 3). extra (a JSON object text or
 * NULL) is added as "details". malloc'd, NULL on failure. */
struct chat_message {
	const char *kind;	/* "alert", "report", "test", "failing" */
	const char *company_name, *customer_id, *organization;
	const char *title, *text, *link;
	time_t at;
};
char *chat_payload(const struct chat_message *m, const char *extra_json);

#endif
