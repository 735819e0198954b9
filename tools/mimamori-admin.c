/* mimamori-admin: database migrations, demo data and user creation for
 * operators and the test stack. Uses the same core library and configuration
 * as the programs. */
#include "mm.h"
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

#define DEMO_PASSWORD "Demo#Mimamori26"
/* a user who has not logged in yet: the first-login steps follow */
#define DEMO_TEMP_PASSWORD "Temp#Mimamori26"

static int cmd_demo(void)
{
	long long a = tenant_ensure("N200000001", "株式会社みまもり商事");
	long long b = tenant_ensure("N200000002", "サンプル工業株式会社");
	if (a < 0 || b < 0)
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
	if (tenant && (u.tenant_id = tenant_find(tenant)) < 0) {
		fprintf(stderr, "create-user: no tenant %s\n", tenant);
		return 1;
	}
	if (!u.email)
		u.email = u.login;
	if (!u.name)
		u.name = u.login;
	int rc = user_ensure(&u);
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

static void usage(void)
{
	fprintf(stderr,
		"usage: mimamori-admin --config FILE COMMAND\n"
		"  migrate --dir SQLDIR   apply new sql/NNN_*.sql files in order\n"
		"  demo                   load the demo tenants and users (idempotent)\n"
		"  create-user --login ID --password PW --role ROLE [--tenant N#########]\n"
		"              [--email E] [--name NAME] [--lang ja|en] [--temporary]\n"
		"              [--mfa-required]\n"
		"  hash-password          read a password on stdin, print its Argon2id hash\n");
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
	if (mm_db_connect() < 0) {
		fprintf(stderr, "mimamori-admin: cannot connect to the database\n");
		return 1;
	}
	if (strcmp(cmd, "migrate") == 0 && argc == 6 && strcmp(argv[4], "--dir") == 0)
		rc = cmd_migrate(argv[5]);
	else if (strcmp(cmd, "demo") == 0)
		rc = cmd_demo();
	else if (strcmp(cmd, "create-user") == 0)
		rc = cmd_create_user(argc - 3, argv + 3);
	else {
		usage();
		rc = 2;
	}
	mm_db_close();
	mm_config_free();
	return rc;
}
