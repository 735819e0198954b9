/* mm_rate_client: what a per-client rate limit counts. */
#include "mm_db.h"
#include "mm_test.h"

MM_TEST(test_ipv4_whole_address)
{
	char out[64];
	CHECK_STREQ(mm_rate_client("192.0.2.7", out), "192.0.2.7");
	CHECK_STREQ(mm_rate_client("", out), "");
	CHECK_STREQ(mm_rate_client(NULL, out), "");
}

MM_TEST(test_ipv6_network)
{
	char out[64], other[64];
	/* every address of one /64 counts as one client */
	CHECK_STREQ(mm_rate_client("2001:db8:1:2:3:4:5:6", out), "2001:db8:1:2::/64");
	CHECK_STREQ(mm_rate_client("2001:db8:1:2:ffff:ffff:ffff:ffff", other), out);
	CHECK_STREQ(mm_rate_client("2001:db8:1:3::1", out), "2001:db8:1:3::/64");
	CHECK_STREQ(mm_rate_client("::1", out), "::/64");
	/* IPv4 mapped into IPv6 stays the IPv4 client it is */
	CHECK_STREQ(mm_rate_client("::ffff:192.0.2.7", out), "::ffff:192.0.2.7");
}

MM_TEST_MAIN(test_ipv4_whole_address, test_ipv6_network)
