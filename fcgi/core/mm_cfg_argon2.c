/* The configured Argon2id cost (mm_config.h). Apart from mm_config.c so
 * that programs and fuzz targets reading the configuration need not link the
 * password code. */
#include "mm_config.h"

struct mm_argon2_params mm_cfg_argon2(void)
{
	struct mm_argon2_params p;
	p.m_kib = (unsigned)mm_cfg_int("Auth.Argon2.MemoryKiB", (long)mm_argon2_default.m_kib);
	p.t_cost = (unsigned)mm_cfg_int("Auth.Argon2.Iterations", (long)mm_argon2_default.t_cost);
	p.parallelism = (unsigned)mm_cfg_int("Auth.Argon2.Parallelism",
					     (long)mm_argon2_default.parallelism);
	return p;
}
