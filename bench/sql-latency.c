/* SQL latency driver for the case benchmarks: N client connections run the
 * statements of a file (one per line, `#` comments) round-robin for a given
 * time and the latency percentiles of each statement are printed.
 *
 *   sql-latency --socket S --db mimamori --clients 8 --seconds 10 FILE
 *
 * Output, one line per statement: runs p50_ms p99_ms max_ms rows  statement
 * ("rows" is the row count of the statement's last run). A failing
 * statement stops the run with its error. */
#include <mysql.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_STMTS 256
#define MAX_SAMPLES 200000

struct stmt {
	char *sql;
	pthread_mutex_t lock;
	double *ms;
	long n;
	long long rows;
};

static struct stmt stmts[MAX_STMTS];
static int nstmts;
static const char *sock_path, *db_name = "mimamori";
static double seconds = 5;
static volatile int failed;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void *client(void *arg)
{
	MYSQL *db = mysql_init(NULL);
	long start = (long)(size_t)arg;
	double end = now_ms() + seconds * 1e3;

	if (!mysql_real_connect(db, NULL, "root", NULL, db_name, 0, sock_path, 0)) {
		fprintf(stderr, "connect: %s\n", mysql_error(db));
		failed = 1;
		return NULL;
	}
	for (long i = start; !failed && now_ms() < end; i++) {
		struct stmt *s = &stmts[i % nstmts];
		double t0 = now_ms(), dt;
		long long rows = 0;
		MYSQL_RES *res;

		if (mysql_query(db, s->sql) != 0) {
			fprintf(stderr, "%s\n  in: %s\n", mysql_error(db), s->sql);
			failed = 1;
			break;
		}
		res = mysql_store_result(db);
		if (res) {
			rows = (long long)mysql_num_rows(res);
			mysql_free_result(res);
		}
		dt = now_ms() - t0;
		pthread_mutex_lock(&s->lock);
		if (s->n < MAX_SAMPLES)
			s->ms[s->n++] = dt;
		s->rows = rows;
		pthread_mutex_unlock(&s->lock);
	}
	mysql_close(db);
	mysql_thread_end();
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double pct(const struct stmt *s, double p)
{
	long i = (long)(p * (double)(s->n - 1) + 0.5);
	return s->n ? s->ms[i] : 0;
}

int main(int argc, char **argv)
{
	int clients = 1;
	const char *file = NULL;
	char line[8192];
	FILE *f;
	pthread_t th[256];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc)
			sock_path = argv[++i];
		else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db_name = argv[++i];
		else if (strcmp(argv[i], "--clients") == 0 && i + 1 < argc)
			clients = atoi(argv[++i]);
		else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			seconds = atof(argv[++i]);
		else
			file = argv[i];
	}
	if (file == NULL || sock_path == NULL || clients < 1 || clients > 256) {
		fputs("usage: sql-latency --socket S [--db D] [--clients N] [--seconds S] FILE\n",
		      stderr);
		return 2;
	}
	f = fopen(file, "r");
	if (f == NULL) {
		perror(file);
		return 2;
	}
	while (fgets(line, sizeof line, f) && nstmts < MAX_STMTS) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		stmts[nstmts].sql = strdup(line);
		stmts[nstmts].ms = malloc(MAX_SAMPLES * sizeof(double));
		pthread_mutex_init(&stmts[nstmts].lock, NULL);
		nstmts++;
	}
	fclose(f);
	if (nstmts == 0)
		return 2;
	mysql_library_init(0, NULL, NULL);
	for (int i = 0; i < clients; i++)
		pthread_create(&th[i], NULL, client, (void *)(size_t)(i * 7));
	for (int i = 0; i < clients; i++)
		pthread_join(th[i], NULL);
	if (failed)
		return 1;
	for (int i = 0; i < nstmts; i++) {
		struct stmt *s = &stmts[i];
		qsort(s->ms, (size_t)s->n, sizeof(double), cmp_double);
		printf("%6ld %8.2f %8.2f %8.2f %7lld  %.150s\n", s->n, pct(s, 0.5),
		       pct(s, 0.99), s->n ? s->ms[s->n - 1] : 0, s->rows, s->sql);
	}
	mysql_library_end();
	return 0;
}
