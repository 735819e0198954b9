/* The one HDF configuration file, loaded once per process. */
#ifndef MM_CONFIG_H
#define MM_CONFIG_H
#include <time.h>
#include "mm_password.h"

/* 0 on success; on failure writes a reason to stderr and returns -1. */
int mm_config_load(const char *path);
void mm_config_free(void);
const char *mm_cfg_str(const char *key, const char *def);
long mm_cfg_int(const char *key, long def);
/* mm_cfg_int limited to [min, max]: a value outside is logged and def used. */
long mm_cfg_int_range(const char *key, long def, long min, long max);
/* Argon2id cost for new hashes: Auth.Argon2.MemoryKiB, .Iterations and
 * .Parallelism, each defaulting to mm_argon2_default's. */
struct mm_argon2_params mm_cfg_argon2(void);
/* The HDF itself, for callers that walk a subtree. */
struct _hdf;
struct _hdf *mm_cfg_hdf(void);

/* Injectable clock: real time plus the offset in seconds read from the file
 * named by Clock.OffsetFile (test stacks only; absent in production). */
time_t mm_clock_now(void);

#endif
