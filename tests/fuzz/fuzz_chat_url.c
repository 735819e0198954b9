/* libFuzzer target: the chat webhook URL checks (fcgi/chat/chat_url.c).
 * Whatever the bytes, the parser never reads out of bounds, and what it
 * accepts is an https URL (http only to a literal loopback address with
 * the local-sink flag) within the
 * length limit, without credentials, spaces or controls, whose literal
 * address (if any) is public, or loopback under the local-sink flag. The
 * masked form always fits. No DNS: chat_url_resolve is not called. */
#include "chat.h"
#include "fuzz_util.h"
#include <arpa/inet.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *url, size_t len, unsigned flags)
{
	struct chat_url u;
	enum chat_url_err e = chat_url_parse(url, flags, &u);
	FUZZ_ASSERT(e == CHAT_URL_OK || chat_url_err_key(e) != NULL);
	if (e != CHAT_URL_OK)
		return;
	FUZZ_ASSERT(len <= CHAT_URL_MAX);
	FUZZ_ASSERT(strncasecmp(url, "https://", 8) == 0 ||
		    ((flags & CHAT_ALLOW_LOCAL) && strncasecmp(url, "http://", 7) == 0));
	for (size_t i = 0; i < len; i++)
		FUZZ_ASSERT((unsigned char)url[i] > 0x20 && (unsigned char)url[i] < 0x7f);
	const char *auth = strstr(url, "://") + 3;
	size_t alen = strcspn(auth, "/?#");
	FUZZ_ASSERT(memchr(auth, '@', alen) == NULL);
	FUZZ_ASSERT(u.host[0] != '\0' && u.port >= 1 && u.port <= 65535);
	if (u.ip_literal) {
		unsigned char a6[16];
		struct in_addr a4;
		if (inet_pton(AF_INET, u.host, &a4) == 1) {
			uint32_t h = ntohl(a4.s_addr);
			FUZZ_ASSERT(chat_addr4_public(h) ||
				    ((flags & CHAT_ALLOW_LOCAL) && (h >> 24) == 127));
		} else {
			FUZZ_ASSERT(inet_pton(AF_INET6, u.host, a6) == 1);
			static const unsigned char lo[16] = { [15] = 1 };
			FUZZ_ASSERT(chat_addr6_public(a6) ||
				    ((flags & CHAT_ALLOW_LOCAL) && memcmp(a6, lo, 16) == 0));
		}
	}
	char masked[CHAT_MASKED_MAX];
	chat_url_mask(url, masked);
	FUZZ_ASSERT(strlen(masked) < CHAT_MASKED_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 3 * CHAT_URL_MAX)
		return 0;
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	size_t len = strlen(s);	/* the portal never hands on a NUL */
	check(s, len, 0);
	check(s, len, CHAT_ALLOW_LOCAL);
	char masked[CHAT_MASKED_MAX];
	chat_url_mask(s, masked);
	chat_uuid_valid(s);
	free(s);
	return 0;
}
