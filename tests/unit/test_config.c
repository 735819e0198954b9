/* Settings read from the configuration file (mm_config.h). */
#include "mm_config.h"
#include "mm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Loads text as the configuration: 0 loaded. */
static int load(const char *text)
{
	char path[] = "/tmp/mm-test-config.XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(path);
		return -1;
	}
	fputs(text, f);
	fclose(f);
	int rc = mm_config_load(path);
	unlink(path);
	return rc;
}

MM_TEST(test_argon2_defaults)
{
	CHECK_INTEQ(load("Site.BaseURL = http://x/\n"), 0);
	struct mm_argon2_params p = mm_cfg_argon2();
	CHECK_INTEQ(p.m_kib, mm_argon2_default.m_kib);
	CHECK_INTEQ(p.t_cost, mm_argon2_default.t_cost);
	CHECK_INTEQ(p.parallelism, mm_argon2_default.parallelism);
}

MM_TEST(test_argon2_configured)
{
	CHECK_INTEQ(load("Auth.Argon2.MemoryKiB = 65536\nAuth.Argon2.Iterations = 3\n"
			 "Auth.Argon2.Parallelism = 2\n"), 0);
	struct mm_argon2_params p = mm_cfg_argon2();
	CHECK_INTEQ(p.m_kib, 65536);
	CHECK_INTEQ(p.t_cost, 3);
	CHECK_INTEQ(p.parallelism, 2);
	/* a value that is not a number keeps the default */
	CHECK_INTEQ(load("Auth.Argon2.Iterations = three\n"), 0);
	p = mm_cfg_argon2();
	CHECK_INTEQ(p.t_cost, mm_argon2_default.t_cost);
	CHECK_INTEQ(p.m_kib, mm_argon2_default.m_kib);
	mm_config_free();
}

MM_TEST_MAIN(test_argon2_defaults, test_argon2_configured)
