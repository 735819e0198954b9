/* The nightly participants' average of the threat report (DASH-4): the
 * scheduler's claim makes it run once a day across app hosts; the job
 * itself recomputes each period in one transaction, so a run cut short
 * leaves the previous figures in place. */
#include "scheduler.h"
#include "peer_aggregate.h"

static unsigned statement_seconds(void)
{
	return (unsigned)mm_cfg_int_range("Scheduler.PeerJobSeconds", 600, 2, 3600);
}

/* Two periods, each a scan and its writes in one transaction. */
long peer_aggregate_job_seconds(void)
{
	return 4L * statement_seconds();
}

/* The scan of every tenant's counts may rightly take minutes: the
 * connection waits up to Scheduler.PeerJobSeconds for it, and the server
 * stops a statement a second before that (mm_db_long_reads), so a run cut
 * short leaves nothing running for the next try to pile on. */
long long peer_aggregate_job(struct sc_run *r)
{
	struct peer_run runs[2];
	mm_db_long_reads(statement_seconds());
	int n = peer_aggregate_defaults(r->now, runs);
	mm_db_long_reads(0);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++)
		mm_log_info("peer average %s..%s: %lld tenants, %d buckets", runs[i].from,
			    runs[i].to, runs[i].tenants, runs[i].buckets);
	return n;
}
