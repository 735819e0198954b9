/* mimamori-admin: database migrations, demo data and user creation for
 * operators and the test stack. Uses the same core library and configuration
 * as the programs. */
#include "mm.h"
#include "mm_store.h"
#include "cases.h"
#include "cases_attach.h"
#include "purge_db.h"
#include "points_admin.h"
#include "demo_knowledge.h"
#include "demo_requests.h"
#include "demo_users.h"
#include "history_admin.h"
#include "peer_aggregate.h"
#include "search_reindex.h"
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char SQL_MIGRATIONS_TABLE[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INT NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL,"
	" applied_at DATETIME NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
static const char SQL_MIGRATION_APPLIED[] =
	"SELECT COUNT(*) FROM schema_migrations WHERE version = ?";
static const char SQL_MIGRATION_RECORD[] =
	"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";
static const char SQL_TENANT_ID[] = "SELECT id FROM tenants WHERE customer_no = ?";
static const char SQL_TENANT_INSERT[] =
	"INSERT INTO tenants (customer_no, name, created_at) VALUES (?, ?, ?)";
static const char SQL_USER_ID[] = "SELECT id FROM users WHERE login_id = ?";
static const char SQL_USER_INSERT[] =
	"INSERT INTO users (tenant_id, login_id, email, display_name, role, password_hash,"
	" lang, created_at, password_changed_at, setup_state, temp_password_expires_at,"
	" mfa_required) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
#define TEMP_PASSWORD_DAYS 14
static const char SQL_ATTACHMENT_KNOWN[] =
	"SELECT (SELECT COUNT(*) FROM case_attachments WHERE store_id = ?)"
	" + (SELECT COUNT(*) FROM kb_files WHERE store_id = ?)"
	" + (SELECT COUNT(*) FROM work_request_attachments WHERE store_id = ?)";

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct mm_buf b = { 0 };
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		mm_buf_add(&b, chunk, n);
	fclose(f);
	if (b.oom) {
		mm_buf_free(&b);
		return NULL;
	}
	return b.p ? b.p : calloc(1, 1);
}

static int migration_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 8 && d->d_name[0] >= '0' && d->d_name[0] <= '9' &&
	       strcmp(d->d_name + n - 4, ".sql") == 0;
}

static int cmd_migrate(const char *dir)
{
	struct dirent **list;
	if (mm_db_run_script(SQL_MIGRATIONS_TABLE) < 0)
		return 1;
	int n = scandir(dir, &list, migration_filter, alphasort);
	if (n < 0) {
		perror(dir);
		return 1;
	}
	int rc = 0, applied = 0;
	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		long long version = strtoll(name, NULL, 10), seen = 0;
		if (rc == 0 && mm_db_get_int(&seen, SQL_MIGRATION_APPLIED, "i", version) < 0)
			rc = 1;
		if (rc == 0 && !seen) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", dir, name);
			char *sql = read_file(path);
			if (!sql || mm_db_run_script(sql) < 0 ||
			    mm_db_exec(SQL_MIGRATION_RECORD, "ist", version, name, time(NULL)) < 0) {
				fprintf(stderr, "migration %s failed\n", name);
				rc = 1;
			} else {
				printf("applied %s\n", name);
				applied++;
			}
			free(sql);
		}
		free(list[i]);
	}
	free(list);
	if (rc == 0)
		printf("migrations: %d applied, schema up to date\n", applied);
	return rc;
}

static long long tenant_ensure(const char *customer_no, const char *name)
{
	long long id = 0;
	int rc = mm_db_get_int(&id, SQL_TENANT_ID, "s", customer_no);
	if (rc == 1)
		return id;
	if (rc < 0 || mm_db_exec(SQL_TENANT_INSERT, "sst", customer_no, name, time(NULL)) < 0)
		return -1;
	return (long long)mm_db_insert_id();
}

/* The demo tenant's contract (PTS-3, devices and point periods hang on it):
 * created once, found by tenant afterwards. */
static const char SQL_DEMO_CONTRACT_ID[] =
	"SELECT id FROM contracts WHERE tenant_id = ? ORDER BY id LIMIT 1";
static const char SQL_DEMO_CONTRACT_INSERT[] =
	"INSERT INTO contracts (tenant_id, service_name, plan, contract_type, start_date,"
	" next_renewal_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

static long long contract_ensure(long long tenant_id, const char *plan, const char *start,
				 const char *renewal)
{
	long long id = 0;
	int rc = mm_db_get_int(&id, SQL_DEMO_CONTRACT_ID, "i", tenant_id);
	if (rc == 1)
		return id;
	if (rc < 0 || mm_db_exec(SQL_DEMO_CONTRACT_INSERT, "issssst", tenant_id,
				 "UTMマネージドセキュリティサービス", plan, "新規",
				 start, renewal, time(NULL)) < 0)
		return -1;
	return (long long)mm_db_insert_id();
}

static long long tenant_find(const char *customer_no)
{
	long long id = 0;
	return mm_db_get_int(&id, SQL_TENANT_ID, "s", customer_no) == 1 ? id : -1;
}

struct new_user {
	long long tenant_id;	/* 0 for staff */
	const char *login, *email, *name, *role, *password, *lang;
	int temporary;		/* temporary password: first-login steps follow */
	int mfa_required;	/* as a customer admin's "MFA required" */
};

/* Creates the user unless the login ID exists: returns 1 created, 0 existed,
 * -1 error. */
static int user_ensure(const struct new_user *u)
{
	long long id = 0;
	int rc = mm_db_get_int(&id, SQL_USER_ID, "s", u->login);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	char phc[MM_PHC_MAX];
	struct mm_argon2_params ap = mm_cfg_argon2();
	if (mm_pw_hash(&ap, u->password, phc) < 0)
		return -1;
	time_t now = time(NULL);
	if (mm_db_exec(SQL_USER_INSERT, "nssssssttsTi", u->tenant_id,
		       u->login, u->email, u->name, u->role, phc, u->lang ? u->lang : "ja", now, now,
		       u->temporary ? "password" : "done",
		       u->temporary ? now + TEMP_PASSWORD_DAYS * 86400 : (time_t)0,
		       (long long)u->mfa_required) < 0)
		return -1;
	return 1;
}

/* --- demo cases: every status, Japanese comments, one attachment ---------- */

/* One step of a demo case after it was opened: who wrote what, and the
 * status it left the case in. */
struct demo_step {
	int by_analyst;
	const char *body;
	enum case_status to;
};

struct demo_case {
	long long tenant_id, contact_id, analyst_id;
	const char *category, *subject, *description;
	int opened_by_analyst;
	const struct demo_step *steps;	/* ends with body == NULL */
	const char *file_name, *file_text;	/* an attachment of the last step, or NULL */
};

/* The demo case already exists: same tenant, same subject. */
static const char SQL_DEMO_CASE_EXISTS[] =
	"SELECT COUNT(*) FROM cases WHERE tenant_id = ? AND subject = ?";

static int demo_attach(const struct demo_case *d, long long case_id, long long activity_id,
		       time_t now)
{
	struct cases_staged_file f = { .size = (long long)strlen(d->file_text) };
	FILE *tmp = tmpfile();
	if (!tmp)
		return MM_DB_ERR;
	int rc = fputs(d->file_text, tmp) < 0 || fflush(tmp) != 0 ||
		 mm_store_put(fileno(tmp), 0, f.size, f.store_id, f.sha256) != 0 ? MM_DB_ERR : 0;
	fclose(tmp);
	if (rc)
		return rc;
	snprintf(f.file_name, sizeof f.file_name, "%s", d->file_name);
	snprintf(f.content_type, sizeof f.content_type, "text/plain");
	rc = cases_attach_insert(&f, case_id, d->tenant_id, activity_id, 0, d->analyst_id, now);
	if (rc < 0)
		mm_store_delete(f.store_id);
	return rc;
}

static int demo_case_tx(void *ctx)
{
	const struct demo_case *d = ctx;
	long long n = 0, category = 0;
	int rc = mm_db_get_int(&n, SQL_DEMO_CASE_EXISTS, "is", d->tenant_id, d->subject);
	if (rc < 0 || n > 0)
		return rc < 0 ? rc : 0;
	if ((rc = cases_db_category_by_code(d->category, &category)) <= 0)
		return rc < 0 ? rc : MM_DB_ERR;
	time_t now = time(NULL);
	struct case_new c = {
		.tenant_id = d->tenant_id, .category_id = category, .contact_user_id = d->contact_id,
		.opened_by = d->opened_by_analyst ? d->analyst_id : d->contact_id,
		.subject = d->subject, .description = d->description, .now = now,
	};
	if ((rc = cases_db_create(&c)) < 0)
		return rc;
	int status = CASE_NEW;
	long long version = 1, activity = 0;
	for (const struct demo_step *s = d->steps; s && s->body; s++) {
		struct case_change ch = {
			.case_id = c.id, .tenant_id = d->tenant_id, .version = version++,
			.author_id = s->by_analyst ? d->analyst_id : d->contact_id,
			.status_from = status, .status_to = s->to, .assignee_id = d->analyst_id,
			.kind = "comment", .body = s->body, .now = now,
		};
		if ((rc = cases_db_change(&ch)) != 0)
			return rc < 0 ? rc : MM_DB_ERR;
		status = s->to;
		activity = ch.activity_id;
	}
	return d->file_name ? demo_attach(d, c.id, activity, now) : 0;
}

static int demo_cases(long long a, long long b)
{
	long long user_a = 0, admin_b = 0, analyst = 0;
	if (mm_db_get_int(&user_a, SQL_USER_ID, "s", "user-a@example.com") <= 0 ||
	    mm_db_get_int(&admin_b, SQL_USER_ID, "s", "admin-b@example.com") <= 0 ||
	    mm_db_get_int(&analyst, SQL_USER_ID, "s", "analyst@mimamori.example") <= 0)
		return -1;
	static const struct demo_step working[] = {
		{ 1, "お問い合わせありがとうございます。ログを確認しております。", CASE_WORKING }, { 0 } };
	static const struct demo_step awaiting[] = {
		{ 1, "確認いたします。", CASE_WORKING },
		{ 1, "誤検知と思われる URL を教えていただけますか。", CASE_AWAITING_CUSTOMER }, { 0 } };
	static const struct demo_step resolved[] = {
		{ 1, "月次レポートの「脅威の検出数」は、ブロックした通信の件数です。", CASE_RESOLVED }, { 0 } };
	static const struct demo_step closed[] = {
		{ 1, "管理画面の[システム]→[再起動]から再起動できます。", CASE_RESOLVED },
		{ 0, "再起動できました。ありがとうございました。", CASE_CLOSED }, { 0 } };
	static const struct demo_step report[] = {
		{ 1, "2026年11月の月次レポートを添付いたします。", CASE_RESOLVED }, { 0 } };
	const struct demo_case cases[] = {
		{ a, user_a, analyst, "service", "VPN 接続が不安定です",
		  "昨日から拠点間の VPN が一日に数回切断されます。原因を調べていただけますか。", 0, NULL, NULL, NULL },
		{ a, user_a, analyst, "alert", "アラートID 20261201-0042 について",
		  "昨日不審なメールが届きました。同じ時刻にアラートが出ています。機器: UTM-100 (本社)", 0, working,
		  NULL, NULL },
		{ a, user_a, analyst, "alert", "Webガードの誤検知と思われます",
		  "業務で使うサイトがブロックされます。", 0, awaiting, NULL, NULL },
		{ a, user_a, analyst, "monthly_report", "月次レポートの見方について",
		  "「脅威の検出数」は何の件数でしょうか。", 0, resolved, NULL, NULL },
		{ a, user_a, analyst, "product", "UTM の再起動方法",
		  "UTM を再起動する手順を教えてください。", 0, closed, NULL, NULL },
		{ a, user_a, analyst, "monthly_report_delivery", "月次レポート送付(2026年11月)",
		  "2026年11月分の月次レポートです。", 1, report, "月次レポート_2026年11月.txt",
		  "月次レポート 2026年11月\n脅威の検出数: 12 件 (高 1 / 中 3 / 低 8)\n" },
		{ b, admin_b, analyst, "failure", "本社の UTM が起動しません",
		  "電源ランプが点滅したままです。", 0, working, NULL, NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (mm_db_transaction(demo_case_tx, (void *)&cases[i]) != 0)
			return -1;
	return 0;
}

#define DEMO_PASSWORD "Demo#Mimamori26"
/* a user who has not logged in yet: the first-login steps follow */
#define DEMO_TEMP_PASSWORD "Temp#Mimamori26"

int demo_devices(void);	/* tools/demo_ingest.c */
int demo_reports(void);	/* tools/demo_reports.c */
int demo_chat(void);	/* tools/demo_chat.c */

static int cmd_demo(void)
{
	long long a = tenant_ensure("N200000001", "株式会社みまもり商事");
	long long b = tenant_ensure("N200000002", "サンプル工業株式会社");
	if (a < 0 || b < 0)
		return 1;
	long long contract_a = contract_ensure(a, "スタンダードプラン", "2026-04-01", "2027-04-01");
	long long contract_b = contract_ensure(b, "ライトプラン", "2026-07-01", "2027-07-01");
	if (contract_a < 0 || contract_b < 0)
		return 1;
	const struct new_user users[] = {
		{ a, "admin-a@example.com", "admin-a@example.com", "山田 花子", "customer_admin", DEMO_PASSWORD, "ja", 0, 0 },
		{ a, "user-a@example.com", "user-a@example.com", "佐藤 太郎", "customer_user", DEMO_PASSWORD, "ja", 0, 0 },
		{ b, "admin-b@example.com", "admin-b@example.com", "鈴木 一郎", "customer_admin", DEMO_PASSWORD, "ja", 0, 0 },
		{ b, "user-b@example.com", "user-b@example.com", "高橋 美咲", "customer_user", DEMO_PASSWORD, "en", 0, 0 },
		{ a, "new-a@example.com", "new-a@example.com", "田中 新", "customer_user", DEMO_TEMP_PASSWORD, "ja", 1, 0 },
		{ 0, "analyst@mimamori.example", "analyst@mimamori.example", "SOC アナリスト", "analyst", DEMO_PASSWORD, "ja", 0, 0 },
	};
	const char *tenant_of[] = { "N200000001", "N200000001", "N200000002", "N200000002",
				    "N200000001 (temporary password: first login)", "-" };
	for (size_t i = 0; i < sizeof users / sizeof *users; i++) {
		if (user_ensure(&users[i]) < 0)
			return 1;
		printf("%-28s %s  %-15s %s\n", users[i].login, users[i].password,
		       users[i].role, tenant_of[i]);
	}
	/* more contacts (tools/demo_users.c) */
	if (demo_users() < 0)
		return 1;
	if (demo_cases(a, b) < 0) {
		fprintf(stderr, "demo: the demo cases could not be loaded\n");
		return 1;
	}
	if (demo_reports() < 0 || demo_devices() < 0)
		return 1;
	if (demo_points() < 0)
		return 1;
	/* KB-5: tools/demo/knowledge/ */
	if (demo_knowledge(NULL) < 0)
		return 1;
	if (demo_requests() < 0)
		return 1;
	if (demo_history(a, b) < 0)
		return 1;
	if (demo_chat() < 0) return 1;	/* after the users: its creator is admin-a */
	return 0;
}

/* peer-aggregate [--from YYYY-MM-DD --to YYYY-MM-DD]: the participants'
 * average (DASH-4) of that period, or of the job's default periods. */
static int cmd_peer_aggregate(int argc, char **argv)
{
	struct peer_run runs[2];
	int n;
	if (argc == 5 && strcmp(argv[1], "--from") == 0 && strcmp(argv[3], "--to") == 0)
		n = peer_aggregate_run(argv[2], argv[4], time(NULL), &runs[0]) == 0 ? 1 : -1;
	else if (argc == 1)
		n = peer_aggregate_defaults(time(NULL), runs);
	else {
		fprintf(stderr, "usage: peer-aggregate [--from YYYY-MM-DD --to YYYY-MM-DD]\n");
		return 2;
	}
	if (n < 0) {
		fprintf(stderr, "peer-aggregate: failed (see the log)\n");
		return 1;
	}
	for (int i = 0; i < n; i++)
		printf("peer average %s..%s: %lld tenants, %lld devices, %d buckets published\n",
		       runs[i].from, runs[i].to, runs[i].tenants, runs[i].devices, runs[i].buckets);
	return 0;
}

static int cmd_create_user(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "login", required_argument, NULL, 'l' },
		{ "email", required_argument, NULL, 'e' },
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "tenant", required_argument, NULL, 't' },
		{ "password", required_argument, NULL, 'p' },
		{ "lang", required_argument, NULL, 'g' },
		{ "temporary", no_argument, NULL, 'T' },
		{ "mfa-required", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 }
	};
	struct new_user u = { 0 };
	const char *tenant = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': u.login = optarg; break;
		case 'e': u.email = optarg; break;
		case 'n': u.name = optarg; break;
		case 'r': u.role = optarg; break;
		case 't': tenant = optarg; break;
		case 'p': u.password = optarg; break;
		case 'g': u.lang = optarg; break;
		case 'T': u.temporary = 1; break;
		case 'M': u.mfa_required = 1; break;
		default: return 2;
		}
	}
	enum mm_role role = mm_role_parse(u.role);
	if (!u.login || !u.password || role == MM_ROLE_NONE ||
	    (mm_role_is_staff(role) ? tenant != NULL : tenant == NULL)) {
		fprintf(stderr, "create-user: --login --password --role are required; "
			"--tenant N######### for customer roles only\n");
		return 2;
	}
	if (strlen(u.login) > 40) {
		fprintf(stderr, "create-user: user ID longer than 40 characters\n");
		return 2;
	}
	/* "-": the first line of stdin, so the password stays out of the
	 * process list and the shell history */
	char typed[1024];
	if (strcmp(u.password, "-") == 0) {
		if (!fgets(typed, sizeof typed, stdin)) {
			fprintf(stderr, "create-user: --password -: no line on stdin\n");
			return 2;
		}
		typed[strcspn(typed, "\r\n")] = '\0';
		u.password = typed;
	}
	if (!u.email)
		u.email = u.login;
	/* the rules the portal applies when a user sets a password (AUTH-4) */
	const char *policy_name = mm_cfg_str("Auth.PasswordPolicy", "client");
	const struct mm_pw_policy *policy = mm_pw_policy_named(policy_name);
	if (!policy) {
		fprintf(stderr, "create-user: unknown Auth.PasswordPolicy %s\n", policy_name);
		return 2;
	}
	unsigned broken = mm_pw_check(policy, u.password, u.login, u.email);
	if (broken) {
		fprintf(stderr, "create-user: the password breaks the password policy \"%s\" (", policy->name);
		if (policy->require_classes)
			fprintf(stderr, "%d-%d characters: lower and upper case letters, digits and one of %s",
				policy->min_len, policy->max_len, policy->symbols);
		else
			fprintf(stderr, "%d-%d characters", policy->min_len, policy->max_len);
		fprintf(stderr, "; no common word, no single repeated character, not the user ID or e-mail):");
		for (unsigned bit = 1; bit && bit <= broken; bit <<= 1)
			if ((broken & bit) && mm_pw_rule_key(bit))
				fprintf(stderr, " %s", mm_pw_rule_key(bit) + 3);
		fprintf(stderr, "\n");
		explicit_bzero(typed, sizeof typed);
		return 2;
	}
	if (tenant && (u.tenant_id = tenant_find(tenant)) < 0) {
		fprintf(stderr, "create-user: no tenant %s\n", tenant);
		return 1;
	}
	if (!u.name)
		u.name = u.login;
	int rc = user_ensure(&u);
	explicit_bzero(typed, sizeof typed);
	if (rc < 0)
		return 1;
	if (rc == 0) {
		fprintf(stderr, "create-user: %s exists\n", u.login);
		return 1;
	}
	printf("%llu\n", (unsigned long long)mm_db_insert_id());
	return 0;
}

static int cmd_hash_password(void)
{
	char line[1024];
	if (!fgets(line, sizeof line, stdin))
		return 1;
	line[strcspn(line, "\r\n")] = '\0';
	char phc[MM_PHC_MAX];
	if (mm_pw_hash(&mm_argon2_default, line, phc) < 0)
		return 1;
	puts(phc);
	return 0;
}

static int cmd_purge(void)
{
	struct purge_table done[16];
	int n = purge_run(mm_clock_now(), done, 16);
	if (n < 0) {
		fprintf(stderr, "mimamori-admin: purge failed\n");
		return 1;
	}
	for (int i = 0; i < n; i++)
		printf("%-18s %lld\n", done[i].name, done[i].deleted);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mimamori-admin --config FILE COMMAND\n"
		"  migrate --dir SQLDIR   apply new sql/NNN_*.sql files in order\n"
		"  demo                   load the demo tenants and users (idempotent)\n"
		"  create-user --login ID --password PW|- --role ROLE [--tenant N#########]\n"
		"              [--email E] [--name NAME] [--lang ja|en] [--temporary]\n"
		"              [--mfa-required]\n"
		"  hash-password          read a password on stdin, print its Argon2id hash\n"
		"  purge                  delete working rows past their use (X-8)\n"
		"  points-rollover [--tenant N#########]   create the point periods of this\n"
		"                         and next month that are missing\n"
		"  sweep-attachments [--min-age-minutes N]   remove stored files without a\n"
		"                         row, older than N minutes (60)\n"
		"  verify-history [--tenant N#########|0]...   check the login history's\n"
		"                         hash chains; names the first broken row (exit 1)\n"
		"  peer-aggregate [--from YYYY-MM-DD --to YYYY-MM-DD]   recompute the\n"
		"                         participants' average of the threat report\n"
		"  search-reindex [--tenant N#########]... [--knowledge]   rebuild the search\n"
		"                         index of those owners (none named: every pending one)\n");
}

static int attachment_known(const char *id)
{
	long long n = 0;
	int rc = mm_db_get_int(&n, SQL_ATTACHMENT_KNOWN, "sss", id, id, id);
	return rc < 0 ? rc : n > 0;
}

/* Files in the attachment store without a row, older than the longest an
 * upload can take between storing and committing. */
static int cmd_sweep_attachments(int argc, char **argv)
{
	long minutes = 60;
	if (argc == 3 && strcmp(argv[1], "--min-age-minutes") == 0)
		minutes = strtol(argv[2], NULL, 10);
	else if (argc != 1) {
		usage();
		return 2;
	}
	if (minutes < 10) {
		fprintf(stderr, "mimamori-admin: --min-age-minutes must be at least 10\n");
		return 2;
	}
	long n = mm_store_sweep(mm_clock_now(), minutes * 60, attachment_known);
	if (n < 0) {
		fprintf(stderr, "mimamori-admin: the attachment store could not be swept\n");
		return 1;
	}
	printf("%ld unrecorded file(s) removed\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	mm_log_init("admin");
	if (argc >= 2 && strcmp(argv[1], "hash-password") == 0)
		return cmd_hash_password();
	if (argc < 4 || strcmp(argv[1], "--config") != 0) {
		usage();
		return 2;
	}
	if (mm_config_load(argv[2]) < 0)
		return 1;
	const char *cmd = argv[3];
	int rc;
	mm_db_unlimited();	/* migrations may rightly take long */
	if (mm_db_connect() < 0) {
		fprintf(stderr, "mimamori-admin: cannot connect to the database\n");
		return 1;
	}
	if (strcmp(cmd, "migrate") == 0 && argc == 6 && strcmp(argv[4], "--dir") == 0)
		rc = cmd_migrate(argv[5]);
	else if (strcmp(cmd, "demo") == 0)
		rc = cmd_demo();
	else if (strcmp(cmd, "purge") == 0 && argc == 4)
		rc = cmd_purge();
	else if (strcmp(cmd, "create-user") == 0)
		rc = cmd_create_user(argc - 3, argv + 3);
	else if (strcmp(cmd, "points-rollover") == 0)
		rc = points_rollover_cmd(argc - 3, argv + 3);
	else if (strcmp(cmd, "sweep-attachments") == 0)
		rc = cmd_sweep_attachments(argc - 3, argv + 3);
	else if (strcmp(cmd, "peer-aggregate") == 0)
		rc = cmd_peer_aggregate(argc - 3, argv + 3);
	else if (strcmp(cmd, "verify-history") == 0)
		rc = history_verify_cmd(argc - 3, argv + 3);
	else if (strcmp(cmd, "search-reindex") == 0)
		rc = search_reindex_cmd(argc - 3, argv + 3);
	else {
		usage();
		rc = 2;
	}
	mm_db_close();
	mm_config_free();
	return rc;
}
