/* Webhook URL checks (ACC-4): a webhook must never reach the portal's own
 * network (SSRF), so the host is judged as typed (literal addresses in any
 * spelling inet_aton accepts: 2130706433, 0177.0.0.1, 0x7f.1) and as
 * resolved, at save and again at send time. */
#include "chat.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

const char *chat_url_err_key(enum chat_url_err e)
{
	switch (e) {
	case CHAT_URL_OK: return NULL;
	case CHAT_URL_TOO_LONG: return "chat.err.url_too_long";
	case CHAT_URL_CHARS: return "chat.err.url_chars";
	case CHAT_URL_SCHEME: return "chat.err.url_scheme";
	case CHAT_URL_USERINFO: return "chat.err.url_userinfo";
	case CHAT_URL_HOST: return "chat.err.url_host";
	case CHAT_URL_PORT: return "chat.err.url_port";
	case CHAT_URL_PRIVATE: return "chat.err.url_private";
	case CHAT_URL_UNRESOLVED: return "chat.err.url_unresolved";
	}
	return "chat.err.url_host";
}

static int in4(uint32_t a, uint32_t net, int bits)
{
	uint32_t mask = bits ? 0xffffffffu << (32 - bits) : 0;
	return (a & mask) == (net & mask);
}

int chat_addr4_public(uint32_t a)
{
	static const struct { uint32_t net; int bits; } blocked[] = {
		{ 0x00000000, 8 },	/* "this network" */
		{ 0x0a000000, 8 },	/* private */
		{ 0x64400000, 10 },	/* CGNAT shared space */
		{ 0x7f000000, 8 },	/* loopback */
		{ 0xa9fe0000, 16 },	/* link-local (cloud metadata lives here) */
		{ 0xac100000, 12 },	/* private */
		{ 0xc0000000, 24 },	/* IETF protocol assignments */
		{ 0xc0000200, 24 },	/* documentation */
		{ 0xc0586300, 24 },	/* 6to4 relay anycast */
		{ 0xc0a80000, 16 },	/* private */
		{ 0xc6120000, 15 },	/* benchmarking */
		{ 0xc6336400, 24 },	/* documentation */
		{ 0xcb007100, 24 },	/* documentation */
		{ 0xe0000000, 4 },	/* multicast */
		{ 0xf0000000, 4 },	/* reserved, broadcast */
	};
	for (size_t i = 0; i < sizeof blocked / sizeof *blocked; i++)
		if (in4(a, blocked[i].net, blocked[i].bits))
			return 0;
	return 1;
}

static uint32_t v4_at(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int chat_addr6_public(const unsigned char a[16])
{
	static const unsigned char zero[12] = { 0 };
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 };
	/* IPv4-mapped and NAT64: the IPv4 address is where it goes */
	if (memcmp(a, mapped, 12) == 0 || memcmp(a, nat64, 12) == 0)
		return chat_addr4_public(v4_at(a + 12));
	/* ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d */
	if (memcmp(a, zero, 12) == 0)
		return 0;
	if (a[0] == 0x20 && a[1] == 0x02)	/* 6to4 2002:V4ADDR::/48 */
		return chat_addr4_public(v4_at(a + 2));
	if ((a[0] & 0xfe) == 0xfc)		/* unique-local fc00::/7 */
		return 0;
	if (a[0] == 0xfe && (a[1] & 0x80) == 0x80)	/* link-local fe80::/10, site-local fec0::/10 */
		return 0;
	if (a[0] == 0xff)			/* multicast */
		return 0;
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8)	/* documentation */
		return 0;
	if (a[0] == 0x01 && a[1] == 0 && a[2] == 0 && a[3] == 0 && a[4] == 0 && a[5] == 0 &&
	    a[6] == 0 && a[7] == 0)		/* discard-only 100::/64 */
		return 0;
	/* the global unicast range 2000::/3 only */
	return (a[0] & 0xe0) == 0x20;
}

static int loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return in4(ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr),
			   0x7f000000, 8);
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
	return 0;
}

int chat_addr_allowed(const struct sockaddr *sa, unsigned flags)
{
	if ((flags & CHAT_ALLOW_LOCAL) && loopback(sa))
		return 1;
	if (sa->sa_family == AF_INET)
		return chat_addr4_public(
			ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr));
	if (sa->sa_family == AF_INET6)
		return chat_addr6_public(
			((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr);
	return 0;
}

/* A host spelled only with what IPv4 numbers are written in (digits, dots,
 * x for hex): an address, never a name, whatever inet_aton makes of it. */
static int ipv4ish(const char *h)
{
	if (!*h)
		return 0;
	for (const char *p = h; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.' && *p != 'x' && *p != 'X' &&
		    !((*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
			return 0;
	/* a hex-looking name such as "cafe.de" is a name: the last label must
	 * start with a digit for the host to be taken as a number */
	const char *last = strrchr(h, '.');
	last = last ? last + 1 : h;
	return isdigit((unsigned char)*last) || (*last == '\0' && isdigit((unsigned char)*h));
}

static int label_char(int c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_';
}

enum chat_url_err chat_url_parse(const char *url, unsigned flags, struct chat_url *u)
{
	memset(u, 0, sizeof *u);
	size_t n = strlen(url);
	if (n > CHAT_URL_MAX)
		return CHAT_URL_TOO_LONG;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7f)
			return CHAT_URL_CHARS;
	const char *p;
	if (strncasecmp(url, "https://", 8) == 0) {
		u->https = 1;
		p = url + 8;
	} else if ((flags & CHAT_ALLOW_LOCAL) && strncasecmp(url, "http://", 7) == 0) {
		p = url + 7;
	} else {
		return CHAT_URL_SCHEME;
	}
	size_t alen = strcspn(p, "/?#");
	/* a backslash ends the authority for some parsers and not others */
	if (memchr(p, '\\', alen))
		return CHAT_URL_HOST;
	if (memchr(p, '@', alen))
		return CHAT_URL_USERINFO;
	const char *host = p, *port = NULL;
	size_t hlen;
	int loop = 0;		/* a literal loopback address */
	if (*p == '[') {
		const char *close = memchr(p, ']', alen);
		if (!close)
			return CHAT_URL_HOST;
		host = p + 1;
		hlen = (size_t)(close - host);
		if (close + 1 < p + alen) {
			if (close[1] != ':')
				return CHAT_URL_HOST;
			port = close + 2;
		}
		char tmp[64];
		struct in6_addr a6;
		if (hlen == 0 || hlen >= sizeof tmp)
			return CHAT_URL_HOST;
		memcpy(tmp, host, hlen);
		tmp[hlen] = '\0';
		/* zone ids (%eth0) are link-local only: refused by inet_pton too */
		if (inet_pton(AF_INET6, tmp, &a6) != 1)
			return CHAT_URL_HOST;
		u->ip_literal = 1;
		inet_ntop(AF_INET6, &a6, u->host, sizeof u->host);
		struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_addr = a6 };
		loop = loopback((struct sockaddr *)&sa);
		if (!chat_addr_allowed((struct sockaddr *)&sa, flags))
			return CHAT_URL_PRIVATE;
	} else {
		const char *colon = memchr(p, ':', alen);
		hlen = colon ? (size_t)(colon - p) : alen;
		if (colon)
			port = colon + 1;
		if (hlen == 0 || hlen >= sizeof u->host)
			return CHAT_URL_HOST;
		for (size_t i = 0; i < hlen; i++) {
			if (!label_char((unsigned char)host[i]))
				return CHAT_URL_HOST;
			u->host[i] = (char)tolower((unsigned char)host[i]);
		}
		u->host[hlen] = '\0';
		if (u->host[0] == '.' || u->host[0] == '-' || strstr(u->host, ".."))
			return CHAT_URL_HOST;
		if (ipv4ish(u->host)) {
			struct in_addr a4;
			if (inet_aton(u->host, &a4) == 0)
				return CHAT_URL_HOST;
			u->ip_literal = 1;
			inet_ntop(AF_INET, &a4, u->host, sizeof u->host);
			struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr = a4 };
			loop = loopback((struct sockaddr *)&sa);
			if (!chat_addr_allowed((struct sockaddr *)&sa, flags))
				return CHAT_URL_PRIVATE;
		} else {
			/* names that always mean this machine, whatever DNS says */
			size_t hl = strlen(u->host);
			const char *h = u->host;
			if (h[hl - 1] == '.')
				hl--;
			if ((hl == 9 && strncmp(h, "localhost", 9) == 0) ||
			    (hl > 10 && strncmp(h + hl - 10, ".localhost", 10) == 0))
				return CHAT_URL_PRIVATE;
		}
	}
	/* the local sink is reached by its literal address only; plain http
	 * nowhere else */
	if (!u->https && !loop)
		return CHAT_URL_SCHEME;
	u->port = u->https ? 443 : 80;
	if (port) {
		size_t plen = (size_t)(p + alen - port);
		if (plen == 0 || plen > 5 || strspn(port, "0123456789") < plen)
			return CHAT_URL_PORT;
		long v = strtol(port, NULL, 10);
		if (v < 1 || v > 65535)
			return CHAT_URL_PORT;
		u->port = (int)v;
	}
	return CHAT_URL_OK;
}

enum chat_url_err chat_url_resolve(const struct chat_url *u, unsigned flags, char ip[CHAT_IP_LEN])
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	/* a name that resolves to loopback is refused even for the local
	 * sink: only its literal address is let through */
	if (u->ip_literal)
		hints.ai_flags = AI_NUMERICHOST;
	else
		flags &= ~(unsigned)CHAT_ALLOW_LOCAL;
	ip[0] = '\0';
	if (getaddrinfo(u->host, NULL, &hints, &res) != 0 || !res)
		return CHAT_URL_UNRESOLVED;
	enum chat_url_err rc = CHAT_URL_OK;
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		if (!chat_addr_allowed(ai->ai_addr, flags)) {
			rc = CHAT_URL_PRIVATE;
			break;
		}
		if (ip[0])
			continue;
		if (ai->ai_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)ai->ai_addr)->sin_addr, ip,
				  CHAT_IP_LEN);
		else if (ai->ai_family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)ai->ai_addr)->sin6_addr,
				  ip, CHAT_IP_LEN);
	}
	freeaddrinfo(res);
	if (rc == CHAT_URL_OK && !ip[0])
		rc = CHAT_URL_UNRESOLVED;
	if (rc != CHAT_URL_OK)
		ip[0] = '\0';
	return rc;
}

enum chat_url_err chat_url_check(const char *url, unsigned flags, struct chat_url *u,
				 char ip[CHAT_IP_LEN])
{
	enum chat_url_err rc = chat_url_parse(url, flags, u);
	return rc != CHAT_URL_OK ? rc : chat_url_resolve(u, flags, ip);
}

void chat_url_mask(const char *url, char out[CHAT_MASKED_MAX])
{
	struct chat_url u;
	size_t n = strlen(url);
	const char *tail = n >= 4 ? url + n - 4 : url;
	if (chat_url_parse(url, CHAT_ALLOW_LOCAL, &u) != CHAT_URL_OK) {
		snprintf(out, CHAT_MASKED_MAX, "…%s", tail);
		return;
	}
	int v6 = strchr(u.host, ':') != NULL;
	snprintf(out, CHAT_MASKED_MAX, "%s://%s%s%s…%s", u.https ? "https" : "http", v6 ? "[" : "",
		 u.host, v6 ? "]" : "", tail);
}

int chat_uuid_valid(const char *s)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	if (strlen(s) != sizeof shape - 1)
		return 0;
	for (size_t i = 0; shape[i]; i++) {
		if (shape[i] == '-' ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}
