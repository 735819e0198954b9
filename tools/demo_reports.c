/* Demo participants of the threat report's average (DASH-4): the average
 * is published only for buckets with at least 5 companies, and the demo
 * has two. Three more small demo companies get a contract here; their UTMs
 * are in tools/demo_ingest.c, and their alerts come through the device API
 * like the others' (tools/stack/ingest.sh). Idempotent. */
#include "mm.h"
#include <stdio.h>
#include <time.h>

int demo_reports(void);

static const char SQL_TENANT_ID[] = "SELECT id FROM tenants WHERE customer_no = ?";
static const char SQL_TENANT_INSERT[] =
	"INSERT INTO tenants (customer_no, name, created_at) VALUES (?, ?, ?)";
static const char SQL_CONTRACTS[] = "SELECT COUNT(*) FROM contracts WHERE tenant_id = ?";
static const char SQL_CONTRACT_INSERT[] =
	"INSERT INTO contracts (tenant_id, service_name, plan, contract_type, start_date,"
	" next_renewal_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

int demo_reports(void)
{
	static const struct { const char *no, *name; } companies[] = {
		{ "N200000003", "みまもり物流株式会社" },
		{ "N200000004", "株式会社サンプル設計" },
		{ "N200000005", "見守り食品株式会社" },
	};
	for (size_t i = 0; i < sizeof companies / sizeof *companies; i++) {
		long long id = 0, contracts = 0;
		int rc = mm_db_get_int(&id, SQL_TENANT_ID, "s", companies[i].no);
		if (rc == 0) {
			if (mm_db_exec(SQL_TENANT_INSERT, "sst", companies[i].no, companies[i].name,
				       time(NULL)) < 0)
				rc = -1;
			else
				id = (long long)mm_db_insert_id();
		}
		if (rc >= 0)
			rc = mm_db_get_int(&contracts, SQL_CONTRACTS, "i", id);
		if (rc >= 0 && contracts == 0 &&
		    mm_db_exec(SQL_CONTRACT_INSERT, "issssst", id, "UTMマネージドセキュリティサービス",
			       "ライトプラン", "新規", "2026-04-01", "2027-04-01", time(NULL)) < 0)
			rc = -1;
		if (rc < 0) {
			fprintf(stderr, "demo: the report's demo companies could not be loaded\n");
			return -1;
		}
	}
	return 0;
}
