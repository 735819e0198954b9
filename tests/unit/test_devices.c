/* Registration codes, tokens and MAC addresses of UTM devices
 * (fcgi/dashboard/devices_util.c). */
#include "mm_test.h"
#include "devices.h"

MM_TEST(test_mac)
{
	char mac[DEVICE_MAC_LEN + 1];
	CHECK_INTEQ(device_mac_normalise("00:11:22:aa:bb:cc", mac), 0);
	CHECK_STREQ(mac, "00:11:22:AA:BB:CC");
	CHECK_INTEQ(device_mac_normalise("00-11-22-AA-BB-CC", mac), 0);
	CHECK_STREQ(mac, "00:11:22:AA:BB:CC");
	CHECK_INTEQ(device_mac_normalise("001122aabbcc", mac), 0);
	CHECK_STREQ(mac, "00:11:22:AA:BB:CC");
	CHECK_INTEQ(device_mac_normalise("00:11:22-AA:BB:CC", mac), -1);
	CHECK_INTEQ(device_mac_normalise("00:11:22:AA:BB:CG", mac), -1);
	CHECK_INTEQ(device_mac_normalise("00:11:22:AA:BB", mac), -1);
	CHECK_INTEQ(device_mac_normalise("0011.22AA.BBCC", mac), -1);
	CHECK_INTEQ(device_mac_normalise("", mac), -1);
	CHECK_STREQ(device_v_mac(NULL, "zz"), "devices.err.mac");
	CHECK_STREQ(device_v_mac(NULL, "02:00:5e:10:a1:01"), NULL);
	/* group addresses (multicast bit set, broadcast) and all zeros are no device's own */
	CHECK_STREQ(device_v_mac(NULL, "FF:FF:FF:FF:FF:FF"), "devices.err.mac_not_unicast");
	CHECK_STREQ(device_v_mac(NULL, "01:00:5e:00:00:fb"), "devices.err.mac_not_unicast");
	CHECK_STREQ(device_v_mac(NULL, "3333000000FB"), "devices.err.mac_not_unicast");
	CHECK_STREQ(device_v_mac(NULL, "0D-00-00-00-00-01"), "devices.err.mac_not_unicast");
	CHECK_STREQ(device_v_mac(NULL, "00:00:00:00:00:00"), "devices.err.mac_not_unicast");
	CHECK_STREQ(device_v_mac(NULL, "00:00:00:00:00:01"), NULL);
	CHECK_STREQ(device_v_mac(NULL, "0E:11:22:33:44:55"), NULL);
}

MM_TEST(test_codes)
{
	char code[DEVICE_CODE_LEN + 1], again[DEVICE_CODE_LEN + 1], shown[DEVICE_CODE_SHOWN + 1];
	for (int i = 0; i < 200; i++) {
		CHECK_INTEQ(device_code_new(code), 0);
		CHECK_INTEQ(strlen(code), DEVICE_CODE_LEN);
		CHECK(strspn(code, "ABCDEFGHJKMNPQRSTUVWXYZ23456789") == DEVICE_CODE_LEN);
		device_code_shown(code, shown);
		CHECK(shown[4] == '-' && shown[9] == '-' && strlen(shown) == DEVICE_CODE_SHOWN);
		/* what a customer types back: grouped, lower case, spaces */
		for (char *p = shown; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		CHECK_INTEQ(device_code_normalise(shown, again), 0);
		CHECK_STREQ(again, code);
	}
	CHECK_INTEQ(device_code_normalise("ABCD EFGH JKMN", again), 0);
	CHECK_STREQ(again, "ABCDEFGHJKMN");
	CHECK_INTEQ(device_code_normalise("ABCD-EFGH-JKM0", again), -1);	/* 0 is not a symbol */
	CHECK_INTEQ(device_code_normalise("ABCD-EFGH-JKMI", again), -1);
	CHECK_INTEQ(device_code_normalise("ABCD-EFGH-JKM", again), -1);
	CHECK_INTEQ(device_code_normalise("ABCD-EFGH-JKMNP", again), -1);
	unsigned char b[DEVICE_CODE_LEN] = { 0, 1, 30, 31, 62, 255, 0, 0, 0, 0, 0, 0 };
	device_code_from_bytes(b, code);
	CHECK_STREQ(code, "AB9AAHAAAAAA");
}

MM_TEST(test_tokens)
{
	char t1[DEVICE_TOKEN_LEN + 1], t2[DEVICE_TOKEN_LEN + 1];
	CHECK_INTEQ(device_token_new(t1), 0);
	CHECK_INTEQ(device_token_new(t2), 0);
	CHECK_INTEQ(strlen(t1), DEVICE_TOKEN_LEN);
	CHECK(strncmp(t1, "mmd_", 4) == 0);
	CHECK(mm_token_wellformed(t1 + 4));
	CHECK(strcmp(t1, t2) != 0);
	unsigned char h[32], want[32];
	device_secret_hash("mmd_x", h);
	mm_sha256("mmd_x", 5, want);
	CHECK_MEMEQ(h, want, 32);
}

MM_TEST_MAIN(test_mac, test_codes, test_tokens)
