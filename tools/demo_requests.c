/* Demo data of the work requests (CASE-2): a catalog of five items whose
 * forms use every kind of field, the current point period of each demo
 * tenant (when it has none: the points demo inserts the same values and
 * whichever runs first wins), and a pending, an accepted (points consumed,
 * case opened, ledger row) and a rejected request; two more accepted in
 * last month's period, which the points demo leaves unspent. Running it again finds
 * everything in place and changes nothing. */
#include "mm.h"
#include "cases.h"
#include "requests.h"
#include "demo_requests.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char SQL_ITEM_EXISTS[] = "SELECT id FROM work_request_items WHERE code = ?";
static const char SQL_ITEM_INSERT[] =
	"INSERT INTO work_request_items (code, position, name_ja, name_en, description_ja,"
	" description_en, cost, retired, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)";
static const char SQL_FIELD_INSERT[] =
	"INSERT IGNORE INTO work_request_fields (item_id, name, position, kind, label_ja, label_en,"
	" required, max_length, min_value, max_value, options, not_before, retired)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), IF(?, ?, NULL), IF(?, ?, NULL), ?, ?, 0)";
static const char SQL_PERIOD_INSERT[] =
	"INSERT IGNORE INTO point_periods (tenant_id, contract_id, starts_on, ends_on, contracted,"
	" credited, consumed, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)";
static const char SQL_TENANT_ID[] = "SELECT id FROM tenants WHERE customer_no = ?";
static const char SQL_CONTRACT_ID[] = "SELECT id FROM contracts WHERE tenant_id = ? ORDER BY id LIMIT 1";
static const char SQL_USER_ID[] = "SELECT id FROM users WHERE login_id = ?";
static const char SQL_REQUEST_EXISTS[] =
	"SELECT COUNT(*) FROM work_requests WHERE tenant_id = ? AND item_id = ? AND requester_user_id = ?";

struct demo_field {
	const char *name, *kind, *label_ja, *label_en;
	int required;
	long long max_length;
	int has_min, has_max;
	long long min, max;
	const char *options;
	const char *not_before;	/* dates: the field this one may not precede */
};

struct demo_item {
	const char *code, *name_ja, *name_en, *description_ja, *description_en;
	long long cost;
	const struct demo_field *fields;	/* ends with name == NULL */
};

static const struct demo_field cspm_fields[] = {
	{ "account_id", "text", "対象のクラウドアカウントID", "Cloud account ID", 1, 100, 0, 0, 0, 0, "", NULL },
	{ "policy_name", "text", "ポリシー名", "Policy name", 1, 200, 0, 0, 0, 0, "", NULL },
	{ "change", "choice", "変更内容", "Change", 1, 0, 0, 0, 0, 0,
	  "有効化|Enable\n無効化|Disable\nしきい値の変更|Change the threshold\n除外設定の追加|Add an exclusion", NULL },
	{ "details", "longtext", "詳細・理由", "Details and reason", 0, 4000, 0, 0, 0, 0, "", NULL },
	{ NULL }
};
static const struct demo_field report_fields[] = {
	{ "framework", "choice", "準拠基準", "Framework", 1, 0, 0, 0, 0, 0,
	  "CIS Benchmarks|CIS Benchmarks\nNIST CSF|NIST CSF\nISO/IEC 27001|ISO/IEC 27001\nPCI DSS|PCI DSS", NULL },
	/* a report covers days that have passed (today included, up to now),
	 * and its period ends on or after the day it starts */
	{ "period_from", "date", "対象期間(開始日)", "Period from", 1, 0, 0, 1, 0, 0, "", NULL },
	{ "period_to", "date", "対象期間(終了日)", "Period to", 1, 0, 0, 1, 0, 0, "", "period_from" },
	{ "accounts", "number", "対象アカウント数", "Number of accounts", 1, 0, 1, 1, 1, 50, "", NULL },
	{ "notes", "longtext", "ご要望", "Notes", 0, 2000, 0, 0, 0, 0, "", NULL },
	{ NULL }
};
static const struct demo_field block_fields[] = {
	{ "target_ip", "ip", "遮断するIPアドレス/CIDR", "IP address / CIDR to block", 1, 0, 0, 0, 0, 0, "", NULL },
	{ "target_url", "url", "遮断するURL", "URL to block", 0, 0, 0, 0, 0, 0, "", NULL },
	{ "reason", "longtext", "遮断の理由(アラートIDなど)", "Reason (alert ID, …)", 1, 2000, 0, 0, 0, 0, "", NULL },
	/* a block until a day that has passed would end before it begins: today or later */
	{ "until", "date", "遮断の期限", "Block until", 1, 0, 1, 0, 0, 0, "", NULL },
	{ "account_ready", "yesno", "代行設定用のアカウントを作成済みですか", "Has the account for the setting been created?",
	  1, 0, 0, 0, 0, 0, "", NULL },
	{ NULL }
};
static const struct demo_field health_fields[] = {
	{ "device", "text", "対象機器(シリアル番号)", "Device (serial number)", 1, 100, 0, 0, 0, 0, "", NULL },
	/* a check follows an installation or a change: from today, within a year */
	{ "preferred_date", "date", "ご希望日", "Preferred date", 0, 0, 1, 1, 0, 365, "", NULL },
	{ "phone", "text", "当日の連絡先電話番号", "Phone number on the day", 0, 20, 0, 0, 0, 0, "", NULL },
	{ NULL }
};
static const struct demo_field log_fields[] = {
	/* logs exist of days that have passed (today's so far): today at the
	 * latest, and the period ends on or after the day it starts */
	{ "date_from", "date", "抽出期間(開始日)", "From", 1, 0, 0, 1, 0, 0, "", NULL },
	{ "date_to", "date", "抽出期間(終了日)", "To", 1, 0, 0, 1, 0, 0, "", "date_from" },
	{ "source_ip", "ip", "送信元IPアドレス/CIDR(絞り込み)", "Source IP / CIDR (filter)", 0, 0, 0, 0, 0, 0, "", NULL },
	{ "format", "choice", "形式", "Format", 1, 0, 0, 0, 0, 0, "CSV|CSV\nPDF|PDF", NULL },
	{ NULL }
};

static const struct demo_item items[] = {
	{ "cspm_policy_change", "CSPM 検知ポリシー変更", "CSPM detection policy change",
	  "CSPM の検知ポリシーの有効化・無効化、しきい値や除外設定の変更を代行します。",
	  "We enable or disable CSPM detection policies and change thresholds or exclusions for you.",
	  5, cspm_fields },
	{ "compliance_report", "CSPM コンプライアンスレポート作成", "CSPM compliance report",
	  "指定の準拠基準に沿ったコンプライアンスレポートを作成してお届けします。",
	  "We create a compliance report against the framework you choose.", 10, report_fields },
	{ "block_on_behalf", "遮断代行", "Block on behalf",
	  "アラート状況を考慮し、脅威検知の遮断機能について、お客さまのご依頼に基づき代わりに遮断設定を行います。ルーター・ワイヤレスアクセスのパケットフィルタ設定などは対象外です。ご依頼の前に代行設定用のアカウントをお客さまにて作成してください。",
	  "Considering the alerts, we set the block of the threat detection on your behalf. Packet filters of routers and wireless access are not covered. Please create the account for the setting before requesting.",
	  3, block_fields },
	{ "health_check", "正常性確認依頼", "Health check request",
	  "機器の設置後や設定変更後に、通信と検知が正常に行われているかを確認します。",
	  "We check that traffic and detection work after installing or changing a device.", 2, health_fields },
	{ "log_export", "ログ抽出依頼", "Log extraction",
	  "指定期間の検知ログを抽出してお送りします。", "We extract the detection logs of a period and send them to you.",
	  4, log_fields },
};
#define NITEMS (sizeof items / sizeof *items)

struct item_tx {
	const struct demo_item *it;
	int position;
	long long id;
};

/* An item with its fields: added in one piece, or found as it stands. */
static int item_tx(void *ctx)
{
	struct item_tx *t = ctx;
	const struct demo_item *it = t->it;
	int position = t->position;
	long long *id = &t->id;
	int rc = mm_db_get_int(id, SQL_ITEM_EXISTS, "s", it->code);
	if (rc != 0)
		return rc < 0 ? rc : 0;	/* staff may have edited it: left as it is */
	time_t now = time(NULL);
	if (mm_db_exec(SQL_ITEM_INSERT, "sissssitt", it->code, (long long)position, it->name_ja,
		       it->name_en, it->description_ja, it->description_en, it->cost, now, now) < 0)
		return MM_DB_ERR;
	*id = (long long)mm_db_insert_id();
	int pos = 0;
	for (const struct demo_field *f = it->fields; f->name; f++)
		if (mm_db_exec(SQL_FIELD_INSERT, "isisssiiiiiiss", *id, f->name, (long long)++pos,
			       f->kind, f->label_ja, f->label_en, (long long)f->required,
			       f->max_length, (long long)f->has_min, f->min, (long long)f->has_max,
			       f->max, f->options, f->not_before ? f->not_before : "") < 0)
			return MM_DB_ERR;
	return 0;
}

/* The calendar month holding today (Japanese business date). */
static int period_ensure(long long tenant, long long contracted)
{
	char today[11], first[11], last[11];
	rq_today(time(NULL), today);
	int y = 0, m = 0;
	if (sscanf(today, "%4d-%2d", &y, &m) != 2)
		return MM_DB_ERR;
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	snprintf(first, sizeof first, "%04d-%02d-01", y, m);
	snprintf(last, sizeof last, "%04d-%02d-%02d", y, m, days[m - 1] + (m == 2 && leap));
	struct rq_period p;
	int rc = rq_db_current_period(tenant, today, &p);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	long long contract = 0;
	if (mm_db_get_int(&contract, SQL_CONTRACT_ID, "i", tenant) < 0)
		return MM_DB_ERR;
	time_t now = time(NULL);
	return mm_db_exec(SQL_PERIOD_INSERT, "inssitt", tenant, contract, first, last, contracted,
			  now, now) < 0 ? MM_DB_ERR : 0;
}

struct demo_value {
	const char *name, *value, *shown_ja, *shown_en;
};

struct demo_request {
	long long tenant, requester, analyst, item_id;
	const struct demo_item *item;
	const struct demo_value *values;	/* ends with name == NULL */
	const char *state, *reason;		/* state: pending, accepted, rejected */
	time_t at;				/* when it was sent and decided; 0: now */
};

static const struct demo_field *field_of(const struct demo_item *it, const char *name)
{
	for (const struct demo_field *f = it->fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/* The case an accepted demo request opened, with its values as text. */
static int accept_demo(const struct demo_request *d, struct rq_request *q, time_t now)
{
	char today[11];
	struct rq_period p;
	rq_today(now, today);
	int rc = rq_db_current_period(d->tenant, today, &p);
	if (rc <= 0 || (rc = rq_db_consume(p.id, q->cost, now)) <= 0)
		return rc < 0 ? rc : MM_DB_ERR;
	long long category = 0;
	if ((rc = cases_db_category_by_code("work_request", &category)) <= 0)
		return rc < 0 ? rc : MM_DB_ERR;
	struct mm_buf text = { 0 };
	mm_buf_printf(&text, "作業依頼を受理し、ケースを起票しました。\n\n依頼番号 : %s\n作業 : %s\n"
		      "必要ポイント : %lld ポイント\n", q->request_no, d->item->name_ja, q->cost);
	for (const struct demo_value *v = d->values; v->name; v++)
		mm_buf_printf(&text, "\n%s:\n%s\n", field_of(d->item, v->name)->label_ja,
			      v->shown_ja ? v->shown_ja : v->value);
	char subject[160];
	snprintf(subject, sizeof subject, "%s (%s)", d->item->name_ja, q->request_no);
	struct case_new n = { .tenant_id = d->tenant, .category_id = category,
			      .contact_user_id = d->requester, .opened_by = d->analyst,
			      .subject = subject, .description = mm_buf_str(&text), .now = now };
	rc = text.oom ? MM_DB_ERR : cases_db_create(&n);
	mm_buf_free(&text);
	if (rc < 0)
		return rc;
	q->case_id = n.id;
	return rq_db_ledger_consume(d->tenant, p.id, q->cost, q->request_no, n.id, d->analyst, now);
}

static int request_tx(void *ctx)
{
	const struct demo_request *d = ctx;
	long long n = 0;
	int rc = mm_db_get_int(&n, SQL_REQUEST_EXISTS, "iii", d->tenant, d->item_id, d->requester);
	if (rc < 0 || n > 0)
		return rc < 0 ? rc : 0;
	time_t now = d->at ? d->at : time(NULL);
	struct rq_request q = { .tenant_id = d->tenant, .item_id = d->item_id, .cost = d->item->cost,
				.requester_id = d->requester };
	snprintf(q.lang, sizeof q.lang, "ja");
	snprintf(q.item_name_ja, sizeof q.item_name_ja, "%s", d->item->name_ja);
	snprintf(q.item_name_en, sizeof q.item_name_en, "%s", d->item->name_en);
	if ((rc = rq_db_request_insert(&q, now)) < 0)
		return rc;
	int pos = 0;
	for (const struct demo_value *v = d->values; v->name; v++) {
		const struct demo_field *f = field_of(d->item, v->name);
		if (!f)
			return MM_DB_ERR;
		struct rq_value rv = { .position = ++pos, .label_ja = f->label_ja, .label_en = f->label_en,
				       .value = v->value, .shown_ja = v->shown_ja ? v->shown_ja : v->value,
				       .shown_en = v->shown_en ? v->shown_en : v->value };
		snprintf(rv.name, sizeof rv.name, "%s", f->name);
		snprintf(rv.kind, sizeof rv.kind, "%s", f->kind);
		if ((rc = rq_db_value_insert(q.id, d->tenant, &rv)) < 0)
			return rc;
	}
	if (strcmp(d->state, "pending") == 0)
		return 0;
	if (strcmp(d->state, "accepted") == 0 && (rc = accept_demo(d, &q, now)) < 0)
		return rc;
	rc = rq_db_decide(q.id, d->state, d->reason, d->analyst, q.case_id, now);
	return rc < 0 ? rc : rc == 1 ? 0 : MM_DB_ERR;
}

/* The 8th and the 19th of last month (Tokyo), 10:00 there. */
static int last_month_days(time_t now, time_t out[2])
{
	char today[11], day[32];
	int y = 0, m = 0;
	rq_today(now, today);
	if (sscanf(today, "%4d-%2d", &y, &m) != 2)
		return -1;
	if (--m == 0) {
		m = 12;
		y--;
	}
	static const int mday[2] = { 8, 19 };
	for (int i = 0; i < 2; i++) {
		snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, mday[i]);
		out[i] = mm_time_local_date("Asia/Tokyo", day);
		if (!out[i])
			return -1;
		out[i] += 10 * 3600 + i * 1800;
	}
	return 0;
}

int demo_requests(void)
{
	long long ids[NITEMS];
	for (size_t i = 0; i < NITEMS; i++) {
		struct item_tx t = { &items[i], (int)i + 1, 0 };
		if (mm_db_transaction(item_tx, &t) != 0)
			return -1;
		ids[i] = t.id;
	}
	long long a = 0, b = 0, user_a = 0, admin_a = 0, admin_b = 0, analyst = 0;
	if (mm_db_get_int(&a, SQL_TENANT_ID, "s", "N200000001") <= 0 ||
	    mm_db_get_int(&b, SQL_TENANT_ID, "s", "N200000002") <= 0 ||
	    mm_db_get_int(&user_a, SQL_USER_ID, "s", "user-a@example.com") <= 0 ||
	    mm_db_get_int(&admin_a, SQL_USER_ID, "s", "admin-a@example.com") <= 0 ||
	    mm_db_get_int(&admin_b, SQL_USER_ID, "s", "admin-b@example.com") <= 0 ||
	    mm_db_get_int(&analyst, SQL_USER_ID, "s", "analyst@mimamori.example") <= 0)
		return -1;
	if (period_ensure(a, 100) < 0 || period_ensure(b, 50) < 0)
		return -1;
	static const struct demo_value block[] = {
		{ "target_ip", "203.0.113.0/24", NULL, NULL },
		{ "target_url", "https://malware.example/dl/payload.exe", NULL, NULL },
		{ "reason", "アラートID 20261201-0042 (Webガード) の通信先です。", NULL, NULL },
		{ "until", "2026-12-31", NULL, NULL },
		{ "account_ready", "yes", "はい", "Yes" },
		{ NULL }
	};
	static const struct demo_value report[] = {
		{ "framework", "CIS Benchmarks", NULL, NULL },
		{ "period_from", "2026-11-01", NULL, NULL },
		{ "period_to", "2026-11-30", NULL, NULL },
		{ "accounts", "3", NULL, NULL },
		{ NULL }
	};
	static const struct demo_value report_last[] = {
		{ "framework", "ISO/IEC 27001", NULL, NULL },
		{ "period_from", "2026-10-01", NULL, NULL },
		{ "period_to", "2026-10-31", NULL, NULL },
		{ "accounts", "2", NULL, NULL },
		{ NULL }
	};
	static const struct demo_value logs_last[] = {
		{ "date_from", "2026-10-20", NULL, NULL },
		{ "date_to", "2026-10-27", NULL, NULL },
		{ "source_ip", "192.0.2.15", NULL, NULL },
		{ "format", "CSV", "CSV", "CSV" },
		{ NULL }
	};
	static const struct demo_value policy[] = {
		{ "account_id", "123456789012", NULL, NULL },
		{ "policy_name", "S3 バケットの公開設定", NULL, NULL },
		{ "change", "無効化", "無効化", "Disable" },
		{ NULL }
	};
	static const struct demo_value health[] = {
		{ "device", "UTM-100-SN0001", NULL, NULL },
		{ "preferred_date", "2026-12-15", NULL, NULL },
		{ NULL }
	};
	/* two accepted last month (its period comes from tools/demo_points.c):
	 * the 8th and the 19th at 10:00 Tokyo time */
	time_t last_month[2] = { 0, 0 };
	if (last_month_days(time(NULL), last_month) < 0)
		return -1;
	const struct demo_request requests[] = {
		{ a, user_a, analyst, ids[2], &items[2], block, "pending", NULL, 0 },
		{ a, user_a, analyst, ids[1], &items[1], report, "accepted", NULL, 0 },
		{ a, user_a, analyst, ids[0], &items[0], policy, "rejected",
		  "この設定は重要な検知のため、無効化はお勧めしません。除外設定での対応をご検討ください。", 0 },
		{ b, admin_b, analyst, ids[3], &items[3], health, "pending", NULL, 0 },
		{ a, admin_a, analyst, ids[1], &items[1], report_last, "accepted", NULL, last_month[0] },
		{ a, user_a, analyst, ids[4], &items[4], logs_last, "accepted", NULL, last_month[1] },
	};
	for (size_t i = 0; i < sizeof requests / sizeof *requests; i++) {
		if (mm_db_transaction(request_tx, (void *)&requests[i]) != 0) {
			fprintf(stderr, "demo: the demo work requests could not be loaded\n");
			return -1;
		}
	}
	return 0;
}
