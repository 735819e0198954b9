/* Times people see: the database keeps UTC; pages and mails show
 * "YYYY-MM-DD HH:MM:SS" in the reader's time zone (users.time_zone, default
 * Asia/Tokyo), through the tz database. */
#ifndef MM_TIME_H
#define MM_TIME_H
#include <time.h>

#define MM_TIME_DEFAULT_ZONE "Asia/Tokyo"
#define MM_TIME_LEN 20	/* "YYYY-MM-DD HH:MM:SS" + NUL */

struct mm_req;

/* 1 when zone names a zone of the installed tz database ("Asia/Tokyo",
 * "UTC"...), 0 otherwise (unknown, empty, or not a plain zone name). */
int mm_time_zone_valid(const char *zone);
/* The zone mm_time_format reads zone as: zone, or the default when it is
 * invalid or empty (to label the times it formats). */
const char *mm_time_zone_name(const char *zone);
/* t in zone (an invalid or empty zone means the default); "" for t == 0. */
const char *mm_time_format(const char *zone, time_t t, char out[MM_TIME_LEN]);
/* The UTC instant of local midnight that starts date "YYYY-MM-DD" in zone;
 * 0 when the date is malformed. */
time_t mm_time_local_date(const char *zone, const char *ymd);
/* The UTC instant of the local midnight that ends date "YYYY-MM-DD" in zone
 * (the next day's start: a "to" date's end, whatever the day's length on a
 * daylight saving change); 0 when the date is malformed. */
time_t mm_time_local_date_end(const char *zone, const char *ymd);
/* t in the request user's zone (the default before login). */
const char *mm_time_local(struct mm_req *r, time_t t, char out[MM_TIME_LEN]);
/* The same, straight into the HDF at path. */
void mm_time_set(struct mm_req *r, const char *path, time_t t);
/* The zone the request user sees times in. */
const char *mm_time_zone(struct mm_req *r);
/* The Japanese calendar day of t, "YYYY-MM-DD" ("" past year 9999): the
 * day of the kept daily alert counts. Asia/Tokyo has had no daylight saving
 * time since 1951, so UTC+9 is exact for every time stored, without
 * switching the process's TZ per call. */
void mm_time_japan_day(time_t t, char out[11]);
/* The last Japanese midnight at or before t, where those days begin. */
time_t mm_time_japan_midnight(time_t t);

#endif
