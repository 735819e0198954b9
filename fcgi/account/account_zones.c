/* The time zones a user can pick: the zones of the tz database's zone.tab
 * (one canonical zone per region, the list people know: Asia/Tokyo,
 * Europe/London...) plus UTC. A value outside the list is refused even when
 * the tz database has a file of that name (directories, posix/, right/). */
#include "account.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZONE_TAB "/usr/share/zoneinfo/zone.tab"
#define ZONES_MAX 1024

/* Calls fn for each zone name of zone.tab; stops when fn returns non-zero
 * and returns that, 0 at the end, -1 when the file cannot be read. */
static int each_zone(int (*fn)(const char *zone, void *ctx), void *ctx)
{
	FILE *f = fopen(ZONE_TAB, "r");
	if (!f)
		return -1;
	char line[512];
	int rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		/* country code, coordinates, zone name, comment: tab separated */
		char *save = NULL, *zone = NULL;
		char *field = strtok_r(line, "\t\n", &save);
		for (int i = 0; field && i < 2; i++)
			field = zone = strtok_r(NULL, "\t\n", &save);
		if (zone && *zone)
			rc = fn(zone, ctx);
	}
	fclose(f);
	return rc;
}

static int same_zone(const char *zone, void *ctx)
{
	return strcmp(zone, ctx) == 0;
}

const char *account_v_zone(const struct mm_input *in, const char *v)
{
	if (strcmp(v, "UTC") == 0)
		return NULL;
	if (strlen(v) > 64 || !mm_time_zone_valid(v))
		return "account_users.err.zone";
	return each_zone(same_zone, (void *)v) == 1 ? NULL : "account_users.err.zone";
}

struct zone_list {
	char *names[ZONES_MAX];
	int n;
};

static int collect(const char *zone, void *ctx)
{
	struct zone_list *l = ctx;
	if (l->n == ZONES_MAX)
		return 1;
	if (!(l->names[l->n] = strdup(zone)))
		return -1;
	l->n++;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int account_zones_fill(struct mm_req *r)
{
	struct zone_list *l = calloc(1, sizeof *l);
	if (!l)
		return -1;
	int rc = each_zone(collect, l);
	if (rc >= 0 && l->n < ZONES_MAX)
		rc = collect("UTC", l);
	if (rc >= 0) {
		qsort(l->names, (size_t)l->n, sizeof *l->names, by_name);
		char path[32];
		for (int i = 0; i < l->n; i++) {
			snprintf(path, sizeof path, "Zones.%d", i);
			mm_set(r, path, l->names[i]);
		}
	}
	for (int i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l);
	return rc < 0 ? -1 : 0;
}

const char *account_v_phone(const struct mm_input *in, const char *v)
{
	int digits = 0;
	for (const char *p = v; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" -+()", *p))
			return "account_users.err.phone";
	}
	if (strlen(v) > (in->max ? in->max : 20))
		return "err.too_long";
	return digits ? NULL : "account_users.err.phone";
}
