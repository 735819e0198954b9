#include "mm_config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ClearSilver.h>

/* The process-wide configuration, read once at start. */
static HDF *config;

int mm_config_load(const char *path)
{
	HDF *hdf = NULL;
	NEOERR *err = hdf_init(&hdf);
	if (err == STATUS_OK)
		err = hdf_read_file(hdf, path);
	if (err != STATUS_OK) {
		STRING msg;
		string_init(&msg);
		nerr_error_string(err, &msg);
		fprintf(stderr, "mimamori: cannot read config %s: %s\n", path,
			msg.buf ? msg.buf : "error");
		string_clear(&msg);
		nerr_ignore(&err);
		hdf_destroy(&hdf);
		return -1;
	}
	mm_config_free();
	config = hdf;
	return 0;
}

void mm_config_free(void)
{
	if (config)
		hdf_destroy(&config);
	config = NULL;
}

HDF *mm_cfg_hdf(void)
{
	return config;
}

const char *mm_cfg_str(const char *key, const char *def)
{
	const char *v = config ? hdf_get_value(config, key, NULL) : NULL;
	return v && *v ? v : def;
}

long mm_cfg_int(const char *key, long def)
{
	const char *v = mm_cfg_str(key, NULL);
	if (!v)
		return def;
	char *end;
	long n = strtol(v, &end, 10);
	return *end == '\0' ? n : def;
}

long mm_cfg_int_range(const char *key, long def, long min, long max)
{
	long v = mm_cfg_int(key, def);
	if (v < min || v > max) {
		fprintf(stderr, "%s = %ld is out of range (%ld..%ld); using %ld\n", key, v, min,
			max, def);
		return def;
	}
	return v;
}

time_t mm_clock_now(void)
{
	time_t now = time(NULL);
	const char *file = mm_cfg_str("Clock.OffsetFile", NULL);
	if (!file)
		return now;
	FILE *f = fopen(file, "r");
	if (!f)
		return now;
	long long offset = 0;
	if (fscanf(f, "%lld", &offset) != 1)
		offset = 0;
	fclose(f);
	return now + (time_t)offset;
}
