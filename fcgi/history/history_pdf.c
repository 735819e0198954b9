/* The login history as a PDF (HIST-2), with cairo's PDF surface.
 *
 * A4 landscape, a fixed number of rows per page, so the page count
 * M = ceil(total_rows / ROWS_PER_PAGE) is known before the first page and
 * every footer can say "N / M". Each row's glyphs are placed as it
 * arrives; when the page is full its text is drawn in one call and
 * cairo_show_page() writes the page through the stream callback to out(),
 * so memory holds at most one page whatever the size of the export. The
 * font subsets (only the glyphs used) follow at the end.
 *
 * Text is placed glyph by glyph from the font's own character map and
 * advances, cached per character, instead of through pango: a table of
 * names, addresses and browser strings needs no shaping (no bidi, no
 * ligatures; Japanese has no contextual forms), and pango's layouts alone
 * cost ≈ 15 s of CPU per 100,000 rows, against ≈ 4.5 s for the whole
 * export here. The text goes with the glyphs (cairo_show_text_glyphs), so
 * copying and pdftotext give the original characters. The font is found
 * through fontconfig: Noto Sans CJK JP (fonts-noto-cjk), else
 * IPAexGothic; characters the font lacks are drawn as "?" (the text layer
 * keeps them). */
#include "history_export.h"
#include "history_cell.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A4 landscape in PostScript points */
#define PAGE_W 841.89
#define PAGE_H 595.28
#define MARGIN 28.0
#define TABLE_W (PAGE_W - 2 * MARGIN)
#define FONT_PATTERN "Noto Sans CJK JP,IPAexGothic:lang=ja"
#define BODY_SIZE 7.5
#define ROW_H 11.0
#define TABLE_TOP 92.0
#define ROWS_PER_PAGE 41
#define COL_PAD 3.0
#define NCOLS 5
/* Longest text drawn in one go: far wider than the page at these sizes. */
#define TEXT_BYTES 1024
#define TEXT_GLYPHS 512

/* The user ID and IP address columns: 40 characters of a user ID, a full
 * IPv6 address. The time and event columns are as wide as their texts
 * (column_widths), the user agent (cut short anyway) gets the rest. */
#define USER_COL_W 190.0
#define IP_COL_W 165.0
#define TIME_COL_MIN 88.0
#define TIME_COL_MAX 150.0	/* a zone name of any length leaves the user agent room */
#define EVENT_COL_MIN 95.0	/* also when the names are not known */
#define EVENT_COL_MAX 190.0

struct texts {
	const char *tenant, *period, *zone, *filter, *generated, *page_before, *page_after;
};

static const struct texts texts_ja = {
	"契約者", "期間", "タイムゾーン", "絞り込み", "作成日時", "", " ページ",
};
static const struct texts texts_en = {
	"Customer", "Period", "Time zone", "Filter", "Generated", "Page ", "",
};

/* Glyph and advance (font units) of a BMP character; gid 0 = not looked up
 * yet (a missing character is stored as the glyph of "?"). */
struct glyph_info {
	uint16_t gid;
	uint16_t adv;
};

struct face {
	cairo_font_face_t *ff;
	cairo_scaled_font_t *probe;	/* gives the FT_Face for the look-ups */
	double upem;
	struct glyph_info *bmp;		/* 65,536 entries */
	struct glyph_info question, ellipsis;
};

/* Glyphs waiting to be drawn in one call. cairo's PDF surface records
 * every drawing call and replays it twice at cairo_show_page(), so one
 * call per page for the table body costs far less than one per cell. */
struct run {
	cairo_glyph_t *glyphs;
	cairo_text_cluster_t *clusters;
	char *text;
	int n, cap;		/* glyphs (= clusters) */
	size_t bytes, cap_bytes;
};

struct pdf_state {
	hx_out_fn out;
	void *ctx;
	int out_failed;
	const struct texts *tx;
	cairo_surface_t *surface;
	cairo_t *cr;
	struct face regular, bold;
	cairo_scaled_font_t *title_font, *meta_font, *head_font, *body_font;
	long long pages_total, page_no;
	int rows_on_page, page_open;
	char title[TEXT_BYTES], meta1[TEXT_BYTES], meta2[TEXT_BYTES], generated[TEXT_BYTES];
	char head[NCOLS][TEXT_BYTES / 4];
	double col_w[NCOLS];
	struct run single, body;
};

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf_state *st = closure;
	if (st->out_failed || st->out(st->ctx, data, len) < 0) {
		st->out_failed = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

static struct glyph_info ft_lookup(FT_Face f, uint32_t cp, const struct glyph_info *missing)
{
	struct glyph_info g = { 0, 0 };
	FT_UInt gid = FT_Get_Char_Index(f, cp);
	FT_Fixed adv = 0;
	if (gid == 0 || gid > 0xffff || FT_Get_Advance(f, gid, FT_LOAD_NO_SCALE, &adv) != 0
	    || adv < 0 || adv > 0xffff)
		return missing ? *missing : g;
	g.gid = (uint16_t)gid;
	g.adv = (uint16_t)adv;
	return g;
}

static struct glyph_info glyph_of(struct face *fc, uint32_t cp)
{
	if (cp < 0x10000 && fc->bmp[cp].gid != 0)
		return fc->bmp[cp];
	FT_Face f = cairo_ft_scaled_font_lock_face(fc->probe);
	struct glyph_info g = f ? ft_lookup(f, cp, &fc->question) : fc->question;
	cairo_ft_scaled_font_unlock_face(fc->probe);
	if (cp < 0x10000)
		fc->bmp[cp] = g;
	return g;
}

static int face_open(struct face *fc, int bold)
{
	FcPattern *pat = FcNameParse((const FcChar8 *)FONT_PATTERN);
	if (!pat)
		return -1;
	FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *match = FcFontMatch(NULL, pat, &res);
	FcPatternDestroy(pat);
	if (!match)
		return -1;
	fc->ff = cairo_ft_font_face_create_for_pattern(match);
	FcPatternDestroy(match);
	if (cairo_font_face_status(fc->ff) != CAIRO_STATUS_SUCCESS)
		return -1;

	cairo_matrix_t size, ctm;
	cairo_matrix_init_scale(&size, 10, 10);
	cairo_matrix_init_identity(&ctm);
	cairo_font_options_t *opt = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(opt, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(opt, CAIRO_HINT_STYLE_NONE);
	fc->probe = cairo_scaled_font_create(fc->ff, &size, &ctm, opt);
	cairo_font_options_destroy(opt);
	if (cairo_scaled_font_status(fc->probe) != CAIRO_STATUS_SUCCESS)
		return -1;

	fc->bmp = calloc(0x10000, sizeof *fc->bmp);
	FT_Face f = cairo_ft_scaled_font_lock_face(fc->probe);
	int ok = f != NULL && fc->bmp != NULL;
	if (ok) {
		fc->upem = f->units_per_EM > 0 ? f->units_per_EM : 1000;
		fc->question = ft_lookup(f, '?', NULL);
		fc->ellipsis = ft_lookup(f, 0x2026, &fc->question);
		/* a font without Japanese is no use: fontconfig fell back */
		ok = fc->question.gid != 0 && ft_lookup(f, 0x3042, NULL).gid != 0;
	}
	cairo_ft_scaled_font_unlock_face(fc->probe);
	return ok ? 0 : -1;
}

static void face_close(struct face *fc)
{
	if (fc->probe)
		cairo_scaled_font_destroy(fc->probe);
	if (fc->ff)
		cairo_font_face_destroy(fc->ff);
	free(fc->bmp);
}

static cairo_scaled_font_t *sized(struct face *fc, double pt)
{
	cairo_matrix_t size, ctm;
	cairo_matrix_init_scale(&size, pt, pt);
	cairo_matrix_init_identity(&ctm);
	cairo_font_options_t *opt = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(opt, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(opt, CAIRO_HINT_STYLE_NONE);
	cairo_scaled_font_t *sf = cairo_scaled_font_create(fc->ff, &size, &ctm, opt);
	cairo_font_options_destroy(opt);
	return sf;
}

/* Decodes one character of valid UTF-8 (hx_cell_clean made it so). */
static uint32_t utf8_next(const unsigned char *s, int *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (s[0] < 0xe0) {
		*len = 2;
		return (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	}
	if (s[0] < 0xf0) {
		*len = 3;
		return (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	}
	*len = 4;
	return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12
	       | (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
}

static double text_width(struct face *fc, double pt, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	double units = 0;
	for (int len; *p; p += len)
		units += glyph_of(fc, utf8_next(p, &len)).adv;
	return units * pt / fc->upem;
}

static int run_init(struct run *r, int cap, size_t cap_bytes)
{
	r->glyphs = malloc((size_t)cap * sizeof *r->glyphs);
	r->clusters = malloc((size_t)cap * sizeof *r->clusters);
	r->text = malloc(cap_bytes);
	r->n = 0;
	r->cap = cap;
	r->bytes = 0;
	r->cap_bytes = cap_bytes;
	return r->glyphs && r->clusters && r->text ? 0 : -1;
}

static void run_free(struct run *r)
{
	free(r->glyphs);
	free(r->clusters);
	free(r->text);
}

static void run_flush(struct pdf_state *st, struct run *r, cairo_scaled_font_t *sf)
{
	if (r->n > 0) {
		cairo_set_scaled_font(st->cr, sf);
		cairo_show_text_glyphs(st->cr, r->text, (int)r->bytes, r->glyphs, r->n,
				       r->clusters, r->n, 0);
	}
	r->n = 0;
	r->bytes = 0;
}

/* Adds clean text with its baseline at (x, y) to the run, cut with "…" to
 * max_w points (0: no limit; at most TEXT_BYTES bytes in any case). The
 * run is flushed first when the text might not fit. */
static void add_text(struct pdf_state *st, struct run *r, struct face *fc,
		     cairo_scaled_font_t *sf, double pt, double x, double y, const char *s,
		     double max_w)
{
	if (r->n + TEXT_GLYPHS + 1 > r->cap || r->bytes + TEXT_BYTES + 4 > r->cap_bytes)
		run_flush(st, r, sf);
	const unsigned char *p = (const unsigned char *)s;
	cairo_glyph_t *g0 = r->glyphs + r->n;
	cairo_text_cluster_t *c0 = r->clusters + r->n;
	double pen = 0, scale = pt / fc->upem;
	size_t bytes = 0;
	int n = 0, cut = 0;

	while (p[bytes] && n < TEXT_GLYPHS && bytes < TEXT_BYTES) {
		int len;
		uint32_t cp = utf8_next(p + bytes, &len);
		struct glyph_info g = glyph_of(fc, cp);
		double w = g.adv * scale;
		if (max_w > 0 && pen + w > max_w) {
			cut = 1;
			break;
		}
		g0[n] = (cairo_glyph_t){ g.gid, x + pen, y };
		c0[n] = (cairo_text_cluster_t){ len, 1 };
		pen += w;
		bytes += (size_t)len;
		n++;
	}
	if (p[bytes])
		cut = 1;
	memcpy(r->text + r->bytes, s, bytes);
	if (cut) {
		double ell = fc->ellipsis.adv * scale;
		while (n > 0 && max_w > 0 && pen + ell > max_w) {
			n--;
			bytes -= (size_t)c0[n].num_bytes;
			pen = g0[n].x - x;
		}
		g0[n] = (cairo_glyph_t){ fc->ellipsis.gid, x + pen, y };
		c0[n] = (cairo_text_cluster_t){ 3, 1 };
		memcpy(r->text + r->bytes + bytes, "\xe2\x80\xa6", 3);
		bytes += 3;
		n++;
	}
	r->n += n;
	r->bytes += bytes;
}

/* One piece of text drawn at once (headers, footers). */
static void draw_text(struct pdf_state *st, struct face *fc, cairo_scaled_font_t *sf,
		      double pt, double x, double y, const char *s, double max_w)
{
	add_text(st, &st->single, fc, sf, pt, x, y, s, max_w);
	run_flush(st, &st->single, sf);
}

static void pdf_free(struct pdf_state *st)
{
	cairo_scaled_font_t *fonts[] = { st->title_font, st->meta_font, st->head_font, st->body_font };
	if (st->cr)
		cairo_destroy(st->cr);
	if (st->surface) {
		/* with the flag set, finishing writes nothing more */
		st->out_failed = 1;
		cairo_surface_finish(st->surface);
		cairo_surface_destroy(st->surface);
	}
	for (size_t i = 0; i < sizeof fonts / sizeof fonts[0]; i++)
		if (fonts[i])
			cairo_scaled_font_destroy(fonts[i]);
	face_close(&st->regular);
	face_close(&st->bold);
	run_free(&st->single);
	run_free(&st->body);
	free(st);
}

static void start_page(struct pdf_state *st)
{
	cairo_t *cr = st->cr;
	st->page_no++;
	st->page_open = 1;
	cairo_set_source_rgb(cr, 0, 0, 0);
	draw_text(st, &st->bold, st->title_font, 14, MARGIN, MARGIN + 14, st->title, TABLE_W);
	draw_text(st, &st->regular, st->meta_font, 8.5, MARGIN, MARGIN + 32, st->meta1, TABLE_W);
	draw_text(st, &st->regular, st->meta_font, 8.5, MARGIN, MARGIN + 45, st->meta2, TABLE_W);

	/* the column heads on a light band (contrast well above 4.5:1) */
	double y = TABLE_TOP - ROW_H - 3;
	cairo_set_source_rgb(cr, 0.90, 0.92, 0.95);
	cairo_rectangle(cr, MARGIN, y, TABLE_W, ROW_H + 2);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	double x = MARGIN;
	for (int c = 0; c < NCOLS; c++) {
		draw_text(st, &st->bold, st->head_font, BODY_SIZE, x + COL_PAD, y + ROW_H - 2,
			  st->head[c], st->col_w[c] - 2 * COL_PAD);
		x += st->col_w[c];
	}
}

static void finish_page(struct pdf_state *st)
{
	cairo_t *cr = st->cr;
	char num[128];
	run_flush(st, &st->body, st->body_font);

	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, MARGIN, PAGE_H - MARGIN - 14);
	cairo_line_to(cr, PAGE_W - MARGIN, PAGE_H - MARGIN - 14);
	cairo_stroke(cr);
	/* more rows than counted (they were added meanwhile): never "5 / 4" */
	long long total = st->pages_total > st->page_no ? st->pages_total : st->page_no;
	snprintf(num, sizeof num, "%s%lld / %lld%s", st->tx->page_before, st->page_no, total,
		 st->tx->page_after);
	draw_text(st, &st->regular, st->body_font, BODY_SIZE, MARGIN, PAGE_H - MARGIN - 3,
		  st->generated, TABLE_W / 2);
	double w = text_width(&st->regular, BODY_SIZE, num);
	draw_text(st, &st->regular, st->body_font, BODY_SIZE, PAGE_W - MARGIN - w,
		  PAGE_H - MARGIN - 3, num, 0);
	cairo_show_page(cr);
	st->rows_on_page = 0;
	st->page_open = 0;
}

static int pdf_status(struct pdf_state *st)
{
	if (st->out_failed || cairo_status(st->cr) != CAIRO_STATUS_SUCCESS
	    || cairo_surface_status(st->surface) != CAIRO_STATUS_SUCCESS)
		return -1;
	return 0;
}

static double wider(double a, double b)
{
	return a > b ? a : b;
}

/* A time and its column head (naming the zone), and every event name of
 * the language and that column's head, each whole on one line. */
static void column_widths(struct pdf_state *st, const struct hx_meta *m)
{
	double time_w = wider(text_width(&st->regular, BODY_SIZE, "0000-00-00 00:00:00"),
			      text_width(&st->bold, BODY_SIZE, st->head[0])) + 2 * COL_PAD + 1;
	double event_w = text_width(&st->bold, BODY_SIZE, st->head[1]);
	for (const char *const *name = m->event_names; name && *name; name++)
		event_w = wider(event_w, text_width(&st->regular, BODY_SIZE, *name));
	event_w += 2 * COL_PAD + 1;
	st->col_w[0] = time_w < TIME_COL_MIN ? TIME_COL_MIN : time_w < TIME_COL_MAX ? time_w : TIME_COL_MAX;
	st->col_w[1] = event_w < EVENT_COL_MIN ? EVENT_COL_MIN : event_w < EVENT_COL_MAX ? event_w : EVENT_COL_MAX;
	st->col_w[2] = USER_COL_W;
	st->col_w[3] = IP_COL_W;
	st->col_w[4] = TABLE_W - st->col_w[0] - st->col_w[1] - USER_COL_W - IP_COL_W;
}

static int pdf_begin(void **state, const struct hx_meta *m, hx_out_fn out, void *ctx)
{
	*state = NULL;
	if (m->total_rows < 0)
		return -1;
	struct pdf_state *st = calloc(1, sizeof *st);
	if (!st)
		return -1;
	st->out = out;
	st->ctx = ctx;
	st->tx = m->lang && strcmp(m->lang, "en") == 0 ? &texts_en : &texts_ja;
	st->pages_total = m->total_rows == 0 ? 1 : (m->total_rows + ROWS_PER_PAGE - 1) / ROWS_PER_PAGE;

	/* a page of cells fits the body run (a cell is ≤ 160 glyphs wide) */
	if (run_init(&st->single, TEXT_GLYPHS + 1, TEXT_BYTES + 4) < 0
	    || run_init(&st->body, ROWS_PER_PAGE * NCOLS * 160, ROWS_PER_PAGE * NCOLS * 256) < 0
	    || face_open(&st->regular, 0) < 0 || face_open(&st->bold, 1) < 0)
		goto fail;
	st->title_font = sized(&st->bold, 14);
	st->meta_font = sized(&st->regular, 8.5);
	st->head_font = sized(&st->bold, BODY_SIZE);
	st->body_font = sized(&st->regular, BODY_SIZE);

	st->surface = cairo_pdf_surface_create_for_stream(write_out, st, PAGE_W, PAGE_H);
	st->cr = cairo_create(st->surface);
	if (pdf_status(st) < 0)
		goto fail;

	char tenant[TEXT_BYTES / 2], period[TEXT_BYTES / 4], filter[TEXT_BYTES / 2], gen[64], zone[80];
	hx_cell_clean(st->title, sizeof st->title, m->title, NULL);
	hx_cell_clean(tenant, sizeof tenant, m->tenant, NULL);
	hx_cell_clean(period, sizeof period, m->period, NULL);
	hx_cell_clean(filter, sizeof filter, m->filter, NULL);
	hx_cell_clean(gen, sizeof gen, m->generated_at, NULL);
	hx_cell_clean(zone, sizeof zone, m->zone ? m->zone : "", NULL);
	snprintf(st->meta1, sizeof st->meta1, "%s: %s", st->tx->tenant, tenant);
	/* the zone of every time on the page: the column head may be cut short */
	snprintf(st->meta2, sizeof st->meta2, "%s: %s    %s: %s%s%s%s%s", st->tx->period, period,
		 st->tx->zone, zone, filter[0] ? "    " : "", filter[0] ? st->tx->filter : "", filter[0] ? ": " : "",
		 filter);
	snprintf(st->generated, sizeof st->generated, "%s: %s", st->tx->generated, gen);
	for (int c = 0; c < NCOLS; c++)
		hx_cell_clean(st->head[c], sizeof st->head[c], m->headers[c], NULL);
	column_widths(st, m);

	cairo_pdf_surface_set_metadata(st->surface, CAIRO_PDF_METADATA_TITLE, st->title);
	cairo_pdf_surface_set_metadata(st->surface, CAIRO_PDF_METADATA_SUBJECT, tenant);
	cairo_pdf_surface_set_metadata(st->surface, CAIRO_PDF_METADATA_CREATOR, "Mimamori");
	if (pdf_status(st) < 0)
		goto fail;
	*state = st;
	return 0;
fail:
	pdf_free(st);
	return -1;
}

static int pdf_row(void *state, const struct hx_row *row)
{
	struct pdf_state *st = state;
	if (pdf_status(st) < 0)
		return -1;
	if (st->rows_on_page == 0)
		start_page(st);
	double y = TABLE_TOP + st->rows_on_page * ROW_H;
	/* zebra bands instead of grid lines: cheaper and easier to read. Drawn
	 * now, as the text of the page goes out in one call at its end (or
	 * earlier only if the run fills up, never over a later band). */
	if (st->rows_on_page % 2 == 1) {
		cairo_set_source_rgb(st->cr, 0.95, 0.95, 0.95);
		cairo_rectangle(st->cr, MARGIN, y, TABLE_W, ROW_H);
		cairo_fill(st->cr);
		cairo_set_source_rgb(st->cr, 0, 0, 0);
	}
	const char *cells[NCOLS] = { row->at_local, row->event, row->login_id, row->ip,
				     row->user_agent };
	double x = MARGIN;
	char cell[TEXT_BYTES];
	for (int c = 0; c < NCOLS; c++) {
		hx_cell_clean(cell, sizeof cell, cells[c], NULL);
		add_text(st, &st->body, &st->regular, st->body_font, BODY_SIZE, x + COL_PAD,
			 y + ROW_H - 3, cell, st->col_w[c] - 2 * COL_PAD);
		x += st->col_w[c];
	}
	if (++st->rows_on_page == ROWS_PER_PAGE)
		finish_page(st);
	return pdf_status(st);
}

static int pdf_end(void *state)
{
	struct pdf_state *st = state;
	if (pdf_status(st) == 0 && st->page_no == 0)
		start_page(st);		/* no rows: one page with the header */
	if (pdf_status(st) == 0 && st->page_open)
		finish_page(st);
	int rc = pdf_status(st);
	cairo_destroy(st->cr);
	st->cr = NULL;
	if (rc == 0) {
		cairo_surface_finish(st->surface);
		if (st->out_failed || cairo_surface_status(st->surface) != CAIRO_STATUS_SUCCESS)
			rc = -1;
	}
	pdf_free(st);
	return rc;
}

static void pdf_abort(void *state)
{
	if (state)
		pdf_free(state);
}

/* For LeakSanitizer (ASan builds and their tests) in every program that
 * links this format: Debian's cairo 1.16 loses ≈ 1.5 KB per PDF inside
 * cairo_surface_finish() (font subset arrays), and fontconfig one block
 * while parsing its configuration. Both libraries are built without frame
 * pointers, so the sanitizer's stacks end in them and only the library
 * names can be matched: a cairo object this file forgot to destroy would
 * be hidden too (the unit test counts on the code, not on this). */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so.2\nleak:libfontconfig.so.1\n";
}

const struct hx_format hx_pdf = {
	.ext = "pdf",
	.content_type = "application/pdf",
	.begin = pdf_begin,
	.row = pdf_row,
	.end = pdf_end,
	.abort = pdf_abort,
};
