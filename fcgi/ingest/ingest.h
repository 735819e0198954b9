/* ingest: the device API (DASH-6) under /ingest/v1/. */
#ifndef INGEST_H
#define INGEST_H
#include "mm.h"
#include "ingest_validate.h"

#define INGEST_TOKEN_PREFIX "mmd_"

struct ingest_device {
	long long id;
	long long tenant_id;
};

/* What became of each valid alert of a batch. */
enum ingest_fate { INGEST_NEW = 0, INGEST_DUPLICATE };

/* ingest_db.c. 1 found, 0 none, < 0 an MM_DB_* error. */
int ingest_db_device_by_token(const unsigned char token_hash[32], struct ingest_device *d);
/* Records that the device spoke (ping). */
int ingest_db_seen(const struct ingest_device *d, time_t now);

struct ingest_store {
	const struct ingest_device *device;
	const unsigned char *token_hash;
	struct ingest_batch *batch;
	enum ingest_fate *fate;	/* per item, valid items only */
	time_t now;
	long long inserted;
	int token_gone;		/* the token was rotated or revoked meanwhile */
	int known_checked;	/* ids already stored were looked up first */
};
/* Stores the valid alerts of a batch in one transaction: new ones are
 * inserted and counted in alert_daily, the others marked duplicates. 0, or
 * an MM_DB_* error; token_gone set when nothing was stored for that reason. */
int ingest_db_store(struct ingest_store *st);

#endif
