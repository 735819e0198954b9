-- Speed of the threat report (DASH-4): every view reads which participants'
-- average applies to its period (fcgi/dashboard/report_kept_db.c, the
-- fingerprint of a rendered report): the one of exactly the period, else
-- the latest 30-day one. The nightly job adds two runs a day, so without an
-- index on period_to finding the latest one sorts every run ever made;
-- with it, it reads back from the newest until a 30-day run.
ALTER TABLE peer_runs ADD KEY peer_runs_to (period_to);
