/* The nightly participants' average of the threat report (DASH-4): the
 * scheduler's claim makes it run once a day across app hosts; the job
 * itself recomputes each period in one transaction, so a run cut short
 * leaves the previous figures in place. */
#include "scheduler.h"
#include "peer_aggregate.h"

long long peer_aggregate_job(struct sc_run *r)
{
	struct peer_run runs[2];
	int n = peer_aggregate_defaults(r->now, runs);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++)
		mm_log_info("peer average %s..%s: %lld tenants, %d buckets", runs[i].from,
			    runs[i].to, runs[i].tenants, runs[i].buckets);
	return n;
}
