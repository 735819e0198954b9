/* The C library converts through the process's TZ. Switching TZ means a
 * setenv + tzset (a file read), so the zone in force is remembered and
 * switched only when a different one is needed: a portal where nearly every
 * user reads Asia/Tokyo pays for it once per process. Workers run one
 * request at a time, which is what makes the process-wide TZ safe here. */
#include "mm_time.h"
#include "mm_request.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ZONEINFO "/usr/share/zoneinfo/"
#define ZONE_MAX 64

static char zone_in_force[ZONE_MAX + 1];

int mm_time_zone_valid(const char *zone)
{
	size_t n = zone ? strlen(zone) : 0;
	if (n == 0 || n > ZONE_MAX || zone[0] == '/' || strstr(zone, ".."))
		return 0;
	for (const char *p = zone; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || strchr("/_+-", *p)))
			return 0;
	char path[sizeof ZONEINFO + ZONE_MAX];
	snprintf(path, sizeof path, ZONEINFO "%s", zone);
	return access(path, R_OK) == 0;
}

static void use_zone(const char *zone)
{
	if (!zone || !*zone || (strcmp(zone, zone_in_force) != 0 && !mm_time_zone_valid(zone)))
		zone = MM_TIME_DEFAULT_ZONE;
	if (strcmp(zone, zone_in_force) == 0)
		return;
	char tz[ZONE_MAX + 2];
	snprintf(tz, sizeof tz, ":%s", zone);
	setenv("TZ", tz, 1);
	tzset();
	snprintf(zone_in_force, sizeof zone_in_force, "%s", zone);
}

const char *mm_time_zone_name(const char *zone)
{
	return zone && mm_time_zone_valid(zone) ? zone : MM_TIME_DEFAULT_ZONE;
}

const char *mm_time_format(const char *zone, time_t t, char out[MM_TIME_LEN])
{
	struct tm tm;
	out[0] = '\0';
	if (t == 0)
		return out;
	use_zone(zone);
	if (!localtime_r(&t, &tm))
		return out;
	if (strftime(out, MM_TIME_LEN, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		out[0] = '\0';
	return out;
}

/* The local midnight starting date ymd + days_after in zone; 0 when ymd
 * is malformed. */
static time_t local_midnight(const char *zone, const char *ymd, int days_after)
{
	int y, m, d;
	char rest;
	if (!ymd || strlen(ymd) != 10 || ymd[4] != '-' || ymd[7] != '-' ||
	    sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &rest) != 3)
		return 0;
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_isdst = -1 };
	use_zone(zone);
	time_t t = mktime(&tm);
	/* mktime normalises 02-31 into March: such a date is malformed */
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != m - 1)
		return 0;
	if (days_after == 0)
		return t;
	/* the calendar's next day (mktime carries into the next month and
	 * year), not 24 hours on: a day of a daylight saving change has 23 or
	 * 25 */
	struct tm next = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + days_after,
			   .tm_isdst = -1 };
	t = mktime(&next);
	return t == (time_t)-1 ? 0 : t;
}

time_t mm_time_local_date(const char *zone, const char *ymd)
{
	return local_midnight(zone, ymd, 0);
}

time_t mm_time_local_date_end(const char *zone, const char *ymd)
{
	return local_midnight(zone, ymd, 1);
}

const char *mm_time_zone(struct mm_req *r)
{
	return r->logged_in && r->user.time_zone[0] ? r->user.time_zone : MM_TIME_DEFAULT_ZONE;
}

const char *mm_time_local(struct mm_req *r, time_t t, char out[MM_TIME_LEN])
{
	return mm_time_format(mm_time_zone(r), t, out);
}

void mm_time_set(struct mm_req *r, const char *path, time_t t)
{
	char buf[MM_TIME_LEN];
	mm_set(r, path, mm_time_local(r, t, buf));
}

void mm_time_japan_day(time_t t, char out[11])
{
	time_t local = t + 9 * 3600;
	struct tm tm;
	if (!gmtime_r(&local, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		out[0] = '\0';
}

time_t mm_time_japan_midnight(time_t t)
{
	return t - (t + 9 * 3600) % 86400;
}
