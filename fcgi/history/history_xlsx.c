/* The login history as an Excel workbook (HIST-2), with libxlsxwriter.
 *
 * libxlsxwriter 1.1.4 (Debian 12) can only write its zip to a named file
 * and only at workbook_close(): it has no output callback or buffer, and
 * minizip seeks back into what it wrote, so a pipe will not do. In
 * constant_memory mode it also keeps the sheet's XML in a temp file of its
 * own (created in tmpdir and unlinked at once) and frees each row when the
 * next one starts, so memory stays flat. The zip goes to an O_TMPFILE file
 * (never visible in the file system, gone with the process even after
 * kill -9), which libxlsxwriter opens through /proc/self/fd; end() then
 * streams that file to out(). Both temp files are bounded by Excel's own
 * row limit (1,048,576 rows), which begin() checks against total_rows.
 * Nothing reaches out() before end(), so a failure before then still lets
 * the caller answer with an error page. */
#include "history_export.h"
#include "history_cell.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Excel's cell limit is 32,767 characters; bytes are a safe bound. */
#define CELL_MAX 32767
#define SHEET_NAME_MAX 31
#define COPY_CHUNK 65536

struct xlsx_state {
	hx_out_fn out;
	void *ctx;
	int zip_fd;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *time_format;
	lxw_row_t next_row;
	char tmpdir[256];
	char cell[CELL_MAX + 1];
};

/* The temp directory: TMPDIR when set, else /var/tmp, which is on disk
 * even where /tmp is a tmpfs (a tmpfs would hold the export in memory). */
static void pick_tmpdir(char *dir, size_t cap)
{
	const char *env = getenv("TMPDIR");
	snprintf(dir, cap, "%s", env && *env && strlen(env) < cap ? env : "/var/tmp");
}

/* An unnamed, read-write file in dir; -1 when none can be made. */
static int open_anonymous(const char *dir)
{
	int fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd;
	/* file systems without O_TMPFILE: a private name, unlinked at once */
	char path[300];
	snprintf(path, sizeof path, "%s/mimamori-xlsx-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

/* Sheet names may not hold []:*?/\ and have at most 31 characters. */
static void sheet_name(char *dst, size_t cap, const char *title)
{
	char clean[SHEET_NAME_MAX * 4 + 1];
	size_t len = hx_cell_clean(clean, sizeof clean, title, NULL), out = 0, chars = 0;

	for (size_t i = 0; i < len && chars < SHEET_NAME_MAX; chars++) {
		size_t n = 1;
		unsigned char c = (unsigned char)clean[i];
		if (c >= 0xf0)
			n = 4;
		else if (c >= 0xe0)
			n = 3;
		else if (c >= 0xc0)
			n = 2;
		if (out + n >= cap)
			break;
		if (n == 1 && strchr("[]:*?/\\'", c)) {
			dst[out++] = ' ';
		} else {
			memcpy(dst + out, clean + i, n);
			out += n;
		}
		i += n;
	}
	while (out > 0 && dst[out - 1] == ' ')
		out--;
	dst[out] = '\0';
	if (out == 0)
		snprintf(dst, cap, "%s", "History");
}

static void xlsx_free(struct xlsx_state *st)
{
	/* only workbook_close() closes the sheet's temp file */
	if (st->wb && st->ws && st->ws->optimize_tmpfile) {
		fclose(st->ws->optimize_tmpfile);
		st->ws->optimize_tmpfile = NULL;
	}
	if (st->wb)
		lxw_workbook_free(st->wb);
	if (st->zip_fd >= 0)
		close(st->zip_fd);
	free(st);
}

static int write_text(struct xlsx_state *st, lxw_row_t r, lxw_col_t c, const char *s,
		      lxw_format *f)
{
	hx_cell_clean(st->cell, sizeof st->cell, s, NULL);
	if (st->cell[0] == '\0')
		return 0;
	return worksheet_write_string(st->ws, r, c, st->cell, f) == LXW_NO_ERROR ? 0 : -1;
}

static int xlsx_begin(void **state, const struct hx_meta *m, hx_out_fn out, void *ctx)
{
	static const double widths[5] = { 20, 22, 32, 40, 90 };
	*state = NULL;
	if (m->total_rows < 0 || m->total_rows > (long long)LXW_ROW_MAX - 1)
		return -1;

	struct xlsx_state *st = malloc(sizeof *st);
	if (!st)
		return -1;
	st->out = out;
	st->ctx = ctx;
	st->wb = NULL;
	st->ws = NULL;
	st->next_row = 1;
	pick_tmpdir(st->tmpdir, sizeof st->tmpdir);
	st->zip_fd = open_anonymous(st->tmpdir);
	if (st->zip_fd < 0) {
		free(st);
		return -1;
	}

	char zip_path[64];
	snprintf(zip_path, sizeof zip_path, "/proc/self/fd/%d", st->zip_fd);
	lxw_workbook_options opt = {
		.constant_memory = LXW_TRUE,
		.tmpdir = st->tmpdir,
		.use_zip64 = LXW_FALSE,
	};
	st->wb = workbook_new_opt(zip_path, &opt);
	if (!st->wb)
		goto fail;

	char name[SHEET_NAME_MAX * 4 + 1];
	sheet_name(name, sizeof name, m->title);
	st->ws = workbook_add_worksheet(st->wb, name);
	if (!st->ws)
		goto fail;

	/* the library copies these and writes them into docProps/core.xml */
	lxw_doc_properties props = { 0 };
	char title[512], subject[512], company[512], comments[1024];
	hx_cell_clean(title, sizeof title, m->title, NULL);
	hx_cell_clean(subject, sizeof subject, m->period, NULL);
	hx_cell_clean(company, sizeof company, m->tenant, NULL);
	hx_cell_clean(comments, sizeof comments, m->filter, NULL);
	props.title = title;
	props.subject = subject;
	props.company = company;
	props.comments = comments;
	if (workbook_set_properties(st->wb, &props) != LXW_NO_ERROR)
		goto fail;

	lxw_format *head = workbook_add_format(st->wb);
	st->time_format = workbook_add_format(st->wb);
	if (!head || !st->time_format)
		goto fail;
	format_set_bold(head);
	format_set_bottom(head, LXW_BORDER_THIN);
	format_set_num_format(st->time_format, "yyyy-mm-dd hh:mm:ss");

	/* constant_memory writes rows in order: widths and panes come first */
	for (lxw_col_t c = 0; c < 5; c++)
		if (worksheet_set_column(st->ws, c, c, widths[c], c == 0 ? st->time_format : NULL)
		    != LXW_NO_ERROR)
			goto fail;
	worksheet_freeze_panes(st->ws, 1, 0);
	for (lxw_col_t c = 0; c < 5; c++)
		if (write_text(st, 0, c, m->headers[c], head) < 0)
			goto fail;
	*state = st;
	return 0;
fail:
	xlsx_free(st);
	return -1;
}

static int xlsx_row(void *state, const struct hx_row *row)
{
	struct xlsx_state *st = state;
	if (st->next_row >= LXW_ROW_MAX)
		return -1;
	lxw_row_t r = st->next_row++;
	/* a serial that is no number would be written as "nan", which Excel
	 * refuses for the whole file: fall back to the time as text */
	if (isfinite(row->at_serial)) {
		if (worksheet_write_number(st->ws, r, 0, row->at_serial, st->time_format)
		    != LXW_NO_ERROR)
			return -1;
	} else if (write_text(st, r, 0, row->at_local, NULL) < 0) {
		return -1;
	}
	const char *text[4] = { row->event, row->login_id, row->ip, row->user_agent };
	for (lxw_col_t c = 1; c < 5; c++)
		if (write_text(st, r, c, text[c - 1], NULL) < 0)
			return -1;
	return 0;
}

static int xlsx_end(void *state)
{
	struct xlsx_state *st = state;
	lxw_error err = workbook_close(st->wb);	/* frees the workbook */
	st->wb = NULL;
	int rc = err == LXW_NO_ERROR ? 0 : -1;

	if (rc == 0 && lseek(st->zip_fd, 0, SEEK_SET) != 0)
		rc = -1;
	char *chunk = rc == 0 ? malloc(COPY_CHUNK) : NULL;
	if (rc == 0 && !chunk)
		rc = -1;
	while (rc == 0) {
		ssize_t n = read(st->zip_fd, chunk, COPY_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n == 0 ? 0 : -1;
			break;
		}
		if (st->out(st->ctx, chunk, (size_t)n) < 0)
			rc = -1;
	}
	free(chunk);
	xlsx_free(st);
	return rc;
}

static void xlsx_abort(void *state)
{
	if (state)
		xlsx_free(state);
}

const struct hx_format hx_xlsx = {
	.ext = "xlsx",
	.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	.begin = xlsx_begin,
	.row = xlsx_row,
	.end = xlsx_end,
	.abort = xlsx_abort,
};
