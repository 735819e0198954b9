/* The dates of a contract made by an approval (SIGNUP-7). */
#include "signup_dates.h"
#include "mm_time.h"
#include <stdio.h>

int signup_contract_dates(time_t now, char start[11], char renewal[11])
{
	struct tm tm = { 0 };
	mm_time_japan_day(now, start);
	if (sscanf(start, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3 ||
	    tm.tm_year >= 9999) {
		start[0] = renewal[0] = '\0';
		return -1;
	}
	int y = tm.tm_year + 1;
	tm.tm_year = y - 1900;
	tm.tm_mon--;
	if (tm.tm_mon == 1 && tm.tm_mday == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		tm.tm_mday = 28;
	if (strftime(renewal, 11, "%Y-%m-%d", &tm) != 10) {
		start[0] = renewal[0] = '\0';
		return -1;
	}
	return 0;
}
