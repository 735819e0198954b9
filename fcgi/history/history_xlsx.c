/* The login history as an Excel workbook (HIST-2), written as it streams:
 * the package's small parts first, then the sheet row by row into a ZIP
 * entry that is deflated on the fly (history_zip.h), so that nothing
 * touches the disk and memory stays flat at any row count.
 *
 * The sheet uses inline strings (t="inlineStr"): a shared-string table
 * would have to be complete before the sheet, i.e. held in memory or in a
 * file. Cell text goes through hx_cell_clean first, so it is valid UTF-8
 * and holds only characters XML 1.0 allows: C0/C1 controls become spaces,
 * U+FFFE/U+FFFF and invalid bytes U+FFFD; then & < > are escaped.
 *
 * Limits: Excel's 1,048,576 rows (the header included), checked against
 * total_rows before anything is sent. No ZIP64: the sheet's XML must stay
 * below 4 GiB; at about 350 bytes a row (the user agent is at most 255
 * characters) the row limit comes first unless most user agents are long
 * and full of characters that need escaping, in which case the download
 * breaks off instead of ending in a broken file. */
#include "history_export.h"
#include "history_cell.h"
#include "history_zip.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROW_MAX 1048576		/* Excel's rows per sheet */
#define CELL_MAX 32767		/* Excel's characters per cell; bytes are a safe bound */
#define SHEET_NAME_MAX 31
#define META_MAX 1024
#define LEVEL 1			/* deflate: speed first, still ~8:1 on this XML */

/* cell styles of styles.xml: 0 plain, 1 date and time, 2 header */
#define S_TIME "1"
#define S_HEAD "2"

struct xlsx_state {
	struct hx_zip *zip;
	long long next_row;	/* 1-based, as in the sheet */
	char cell[CELL_MAX + 1];
};

static const char CONTENT_TYPES[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
	"<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
	"<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
	"</Types>";

static const char ROOT_RELS[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
	"</Relationships>";

static const char WORKBOOK_RELS[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";

static const char STYLES[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/></numFmts>"
	"<fonts count=\"2\">"
	"<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
	"<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
	"</fonts>"
	"<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
	"<fill><patternFill patternType=\"gray125\"/></fill></fills>"
	"<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
	"<border><left/><right/><top/><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border></borders>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
	"<cellXfs count=\"3\">"
	"<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
	"<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
	"<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyBorder=\"1\"/>"
	"</cellXfs>"
	"<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
	"</styleSheet>";

/* widths of the columns time, event, user ID, IP, user agent */
static const char SHEET_HEAD[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
	" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">"
	"<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
	"<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
	"</sheetView></sheetViews>"
	"<sheetFormatPr defaultRowHeight=\"15\"/>"
	"<cols>"
	"<col min=\"1\" max=\"1\" width=\"20.7109375\" style=\"" S_TIME "\" customWidth=\"1\"/>"
	"<col min=\"2\" max=\"2\" width=\"22.7109375\" customWidth=\"1\"/>"
	"<col min=\"3\" max=\"3\" width=\"32.7109375\" customWidth=\"1\"/>"
	"<col min=\"4\" max=\"4\" width=\"40.7109375\" customWidth=\"1\"/>"
	"<col min=\"5\" max=\"5\" width=\"90.7109375\" customWidth=\"1\"/>"
	"</cols><sheetData>";

static const char SHEET_TAIL[] =
	"</sheetData>"
	"<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
	"</worksheet>";

/* Text already cleaned by hx_cell_clean, escaped for XML content and
 * attribute values. */
static int put_escaped(struct hx_zip *z, const char *s)
{
	const char *run = s;
	for (const char *p = s;; p++) {
		const char *esc = NULL;
		switch (*p) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		case '\0': return hx_zip_write(z, run, (size_t)(p - run));
		default: continue;
		}
		if (hx_zip_write(z, run, (size_t)(p - run)) < 0 || hx_zip_puts(z, esc) < 0)
			return -1;
		run = p + 1;
	}
}

/* A text cell (nothing for empty text, as Excel writes it). */
static int put_text_cell(struct xlsx_state *st, int col, const char *s, const char *style)
{
	size_t len = hx_cell_clean(st->cell, sizeof st->cell, s, NULL);
	if (len == 0)
		return 0;
	char head[64];
	snprintf(head, sizeof head, "<c r=\"%c%lld\"%s%s%s t=\"inlineStr\"><is><t", 'A' + col,
		 st->next_row, style ? " s=\"" : "", style ? style : "", style ? "\"" : "");
	/* leading or trailing spaces are dropped by XML readers unless kept */
	int keep = st->cell[0] == ' ' || st->cell[len - 1] == ' ';
	if (hx_zip_puts(st->zip, head) < 0 ||
	    hx_zip_puts(st->zip, keep ? " xml:space=\"preserve\">" : ">") < 0 ||
	    put_escaped(st->zip, st->cell) < 0)
		return -1;
	return hx_zip_puts(st->zip, "</t></is></c>");
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

/* One XML element of docProps with cleaned, escaped text. */
static int put_element(struct hx_zip *z, const char *tag, const char *text)
{
	char clean[META_MAX];
	hx_cell_clean(clean, sizeof clean, text, NULL);
	if (!clean[0])
		return 0;
	return hx_zip_puts(z, "<") < 0 || hx_zip_puts(z, tag) < 0 || hx_zip_puts(z, ">") < 0 ||
	       put_escaped(z, clean) < 0 || hx_zip_puts(z, "</") < 0 || hx_zip_puts(z, tag) < 0 ||
	       hx_zip_puts(z, ">") < 0 ? -1 : 0;
}

static int put_part(struct hx_zip *z, const char *name, const char *text)
{
	return hx_zip_entry(z, name) < 0 || hx_zip_puts(z, text) < 0 || hx_zip_entry_end(z) < 0
	       ? -1 : 0;
}

static int put_package(struct hx_zip *z, const struct hx_meta *m)
{
	char name[SHEET_NAME_MAX * 4 + 1];
	sheet_name(name, sizeof name, m->title);
	if (put_part(z, "[Content_Types].xml", CONTENT_TYPES) < 0 ||
	    put_part(z, "_rels/.rels", ROOT_RELS) < 0 ||
	    put_part(z, "xl/_rels/workbook.xml.rels", WORKBOOK_RELS) < 0 ||
	    put_part(z, "xl/styles.xml", STYLES) < 0)
		return -1;
	if (hx_zip_entry(z, "xl/workbook.xml") < 0 ||
	    hx_zip_puts(z, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
		    " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		    "<bookViews><workbookView/></bookViews><sheets><sheet name=\"") < 0 ||
	    put_escaped(z, name) < 0 ||
	    hx_zip_puts(z, "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>") < 0 ||
	    hx_zip_entry_end(z) < 0)
		return -1;
	if (hx_zip_entry(z, "docProps/core.xml") < 0 ||
	    hx_zip_puts(z, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<cp:coreProperties"
		    " xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
		    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
		    " xmlns:dcterms=\"http://purl.org/dc/terms/\""
		    " xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\""
		    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">") < 0 ||
	    put_element(z, "dc:title", m->title) < 0 ||
	    put_element(z, "dc:subject", m->period) < 0 ||
	    put_element(z, "dc:creator", "Mimamori") < 0 ||
	    put_element(z, "dc:description", m->filter) < 0 ||
	    hx_zip_puts(z, "</cp:coreProperties>") < 0 || hx_zip_entry_end(z) < 0)
		return -1;
	if (hx_zip_entry(z, "docProps/app.xml") < 0 ||
	    hx_zip_puts(z, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
		    "<Application>Mimamori</Application>") < 0 ||
	    put_element(z, "Company", m->tenant) < 0 ||
	    hx_zip_puts(z, "</Properties>") < 0 || hx_zip_entry_end(z) < 0)
		return -1;
	return 0;
}

static int xlsx_begin(void **state, const struct hx_meta *m, hx_out_fn out, void *ctx)
{
	*state = NULL;
	if (m->total_rows < 0 || m->total_rows > ROW_MAX - 1)
		return -1;
	struct xlsx_state *st = malloc(sizeof *st);
	if (!st)
		return -1;
	/* entries carry the export's local time, as a file saved then would */
	struct tm stamp = { 0 }, *at = NULL;
	if (m->generated_at && sscanf(m->generated_at, "%4d-%2d-%2d %2d:%2d:%2d", &stamp.tm_year,
				      &stamp.tm_mon, &stamp.tm_mday, &stamp.tm_hour, &stamp.tm_min,
				      &stamp.tm_sec) == 6) {
		stamp.tm_year -= 1900;
		stamp.tm_mon -= 1;
		at = &stamp;
	}
	st->zip = hx_zip_new(out, ctx, at, LEVEL);
	st->next_row = 1;
	if (!st->zip || put_package(st->zip, m) < 0 ||
	    hx_zip_entry(st->zip, "xl/worksheets/sheet1.xml") < 0 ||
	    hx_zip_puts(st->zip, SHEET_HEAD) < 0 || hx_zip_puts(st->zip, "<row r=\"1\">") < 0)
		goto fail;
	for (int c = 0; c < 5; c++)
		if (put_text_cell(st, c, m->headers[c], S_HEAD) < 0)
			goto fail;
	if (hx_zip_puts(st->zip, "</row>") < 0)
		goto fail;
	st->next_row = 2;
	*state = st;
	return 0;
fail:
	hx_zip_free(st->zip);
	free(st);
	return -1;
}

static int xlsx_row(void *state, const struct hx_row *row)
{
	struct xlsx_state *st = state;
	if (st->next_row > ROW_MAX)
		return -1;
	char buf[96];
	snprintf(buf, sizeof buf, "<row r=\"%lld\">", st->next_row);
	if (hx_zip_puts(st->zip, buf) < 0)
		return -1;
	/* a serial that is no number would be written as "nan", which Excel
	 * refuses for the whole file: the time then goes as text */
	if (isfinite(row->at_serial)) {
		snprintf(buf, sizeof buf, "<c r=\"A%lld\" s=\"" S_TIME "\"><v>%.10f</v></c>",
			 st->next_row, row->at_serial);
		if (hx_zip_puts(st->zip, buf) < 0)
			return -1;
	} else if (put_text_cell(st, 0, row->at_local, NULL) < 0) {
		return -1;
	}
	const char *text[4] = { row->event, row->login_id, row->ip, row->user_agent };
	for (int c = 1; c < 5; c++)
		if (put_text_cell(st, c, text[c - 1], NULL) < 0)
			return -1;
	st->next_row++;
	return hx_zip_puts(st->zip, "</row>");
}

static int xlsx_end(void *state)
{
	struct xlsx_state *st = state;
	int rc = hx_zip_puts(st->zip, SHEET_TAIL) < 0 || hx_zip_entry_end(st->zip) < 0 ? -1 : 0;
	if (rc == 0)
		rc = hx_zip_finish(st->zip);	/* frees the writer */
	else
		hx_zip_free(st->zip);
	free(st);
	return rc;
}

static void xlsx_abort(void *state)
{
	struct xlsx_state *st = state;
	if (!st)
		return;
	hx_zip_free(st->zip);
	free(st);
}

const struct hx_format hx_xlsx = {
	.ext = "xlsx",
	.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	.begin = xlsx_begin,
	.row = xlsx_row,
	.end = xlsx_end,
	.abort = xlsx_abort,
	.max_rows = ROW_MAX - 1,	/* the first row is the headers */
};
