/* The biweekly report slots: every other Monday 10:00 local time. The
 * fortnight is counted in local calendar days from a fixed Monday, so it
 * never drifts with DST or leap years, and every host computes the same
 * slots. */
#include "chat.h"
#include "mm_civil.h"
#include "mm_time.h"
#include <stdio.h>
#include <stdlib.h>

static long anchor_days(void)
{
	return mm_days_from_civil(2024, 1, 1);
}

/* The local calendar day of t in zone. */
static long local_day(const char *zone, time_t t)
{
	char buf[MM_TIME_LEN];
	int y, m, d;
	if (sscanf(mm_time_format(zone, t, buf), "%d-%d-%d", &y, &m, &d) != 3)
		return 0;
	return mm_days_from_civil(y, m, d);
}

/* 10:00 local on the given day. Local midnight plus ten hours is 10:00
 * unless the clocks changed in between; the difference is then corrected
 * by what the clock reads. */
static time_t slot_at(const char *zone, long day)
{
	int y, m, d;
	char ymd[16], buf[MM_TIME_LEN];
	mm_civil_from_days(day, &y, &m, &d);
	snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", y, m, d);
	time_t midnight = mm_time_local_date(zone, ymd);
	if (midnight == 0)
		return 0;
	time_t t = midnight + CHAT_SLOT_HOUR * 3600;
	int hh = 0, mi = 0;
	if (sscanf(mm_time_format(zone, t, buf) + 11, "%d:%d", &hh, &mi) == 2)
		t += (CHAT_SLOT_HOUR - hh) * 3600 - mi * 60;
	return t;
}

/* The slot day on or before day. */
static long slot_day_floor(long day)
{
	long k = day - anchor_days();
	long q = k >= 0 ? k / CHAT_SLOT_DAYS : -((-k + CHAT_SLOT_DAYS - 1) / CHAT_SLOT_DAYS);
	return anchor_days() + q * CHAT_SLOT_DAYS;
}

time_t chat_slot_prev(const char *zone, time_t t)
{
	long day = slot_day_floor(local_day(zone, t));
	time_t s = slot_at(zone, day);
	if (s > t)
		s = slot_at(zone, day - CHAT_SLOT_DAYS);
	return s;
}

time_t chat_slot_next(const char *zone, time_t t)
{
	long day = slot_day_floor(local_day(zone, t));
	time_t s = slot_at(zone, day);
	while (s != 0 && s <= t) {
		day += CHAT_SLOT_DAYS;
		s = slot_at(zone, day);
	}
	return s;
}
