/* The dates of a contract made by an approval (SIGNUP-7). */
#ifndef SIGNUP_DATES_H
#define SIGNUP_DATES_H
#include <time.h>

/* The contract starts on the day of approval in the service's zone
 * (Asia/Tokyo: an approval at 08:00 in Tokyo is still the previous day in
 * UTC) and renews a year later, 29 February renewing on the 28th.
 * start and renewal receive "YYYY-MM-DD"; 0, or -1 when now is out of range. */
int signup_contract_dates(time_t now, char start[11], char renewal[11]);

#endif
