#include "mm_template.h"
#include "mm_log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ClearSilver.h>

/* Read-only after mm_tmpl_init: parsed templates and language datasets. */
#define MAX_TEMPLATES 64
static struct {
	const char *name;
	CSPARSE *cs;
} templates[MAX_TEMPLATES];
static size_t ntemplates;
static HDF *parse_hdf;		/* config for parsing: escape mode, load path */
static HDF *parse_hdf_text;	/* the same for plain-text mail templates: no escaping */
static HDF *lang_ja, *lang_en;

static void log_nerr(const char *what, NEOERR *err)
{
	STRING msg;
	string_init(&msg);
	nerr_error_string(err, &msg);
	/* our own diagnostics stream, never shown to users */
	fprintf(stderr, "mimamori: %s: %s\n", what, msg.buf ? msg.buf : "error");
	string_clear(&msg);
	nerr_ignore(&err);
}

static HDF *load_lang(const char *dir, const char *lang)
{
	char path[1024];
	HDF *hdf = NULL;
	snprintf(path, sizeof path, "%s/lang/%s.hdf", dir, lang);
	NEOERR *err = hdf_init(&hdf);
	if (err == STATUS_OK)
		err = hdf_read_file(hdf, path);
	if (err == STATUS_OK)
		err = hdf_set_value(hdf, "Lang", lang);
	if (err != STATUS_OK) {
		log_nerr(path, err);
		hdf_destroy(&hdf);
		return NULL;
	}
	return hdf;
}

static int parse_template(const char *dir, const char *name)
{
	if (ntemplates == MAX_TEMPLATES)
		return -1;
	CSPARSE *cs = NULL;
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	/* mail/, sms/ and chat/ templates are plain text: HTML escaping would
	 * garble them */
	int text = strncmp(name, "mail/", 5) == 0 || strncmp(name, "sms/", 4) == 0 ||
		   strncmp(name, "chat/", 5) == 0;
	NEOERR *err = cs_init(&cs, text ? parse_hdf_text : parse_hdf);
	if (err == STATUS_OK)
		err = cgi_register_strfuncs(cs);
	if (err == STATUS_OK)
		err = cs_parse_file(cs, path);
	if (err != STATUS_OK) {
		log_nerr(path, err);
		cs_destroy(&cs);
		return -1;
	}
	templates[ntemplates].name = name;
	templates[ntemplates].cs = cs;
	ntemplates++;
	return 0;
}

int mm_tmpl_init(const char *dir, const char *const *names)
{
	NEOERR *err = hdf_init(&parse_hdf);
	if (err == STATUS_OK)
		err = hdf_set_value(parse_hdf, "Config.VarEscapeMode", "html");
	if (err == STATUS_OK)
		err = hdf_set_value(parse_hdf, "hdf.loadpaths.0", dir);
	if (err == STATUS_OK)
		err = hdf_init(&parse_hdf_text);
	if (err == STATUS_OK)
		err = hdf_set_value(parse_hdf_text, "Config.VarEscapeMode", "none");
	if (err == STATUS_OK)
		err = hdf_set_value(parse_hdf_text, "hdf.loadpaths.0", dir);
	if (err != STATUS_OK) {
		log_nerr("template setup", err);
		return -1;
	}
	lang_ja = load_lang(dir, "ja");
	lang_en = load_lang(dir, "en");
	if (!lang_ja || !lang_en)
		return -1;
	if (parse_template(dir, "error.cs") < 0 || parse_template(dir, "menu_links.cs") < 0)
		return -1;
	for (; names && *names; names++)
		if (parse_template(dir, *names) < 0)
			return -1;
	return 0;
}

void mm_tmpl_free(void)
{
	for (size_t i = 0; i < ntemplates; i++)
		cs_destroy(&templates[i].cs);
	ntemplates = 0;
	hdf_destroy(&parse_hdf);
	hdf_destroy(&parse_hdf_text);
	hdf_destroy(&lang_ja);
	hdf_destroy(&lang_en);
}

const char *mm_lang_supported(const char *lang)
{
	if (lang && strcmp(lang, "ja") == 0)
		return "ja";
	if (lang && strcmp(lang, "en") == 0)
		return "en";
	return NULL;
}

HDF *mm_tmpl_lang(const char *lang)
{
	return lang && strcmp(lang, "en") == 0 ? lang_en : lang_ja;
}

/* ClearSilver hands over every literal run and every value on its own
 * (about a thousand pieces for a list page): the common case, room left,
 * is copied here without the calls of mm_buf_puts. */
static NEOERR *render_to_buf(void *ctx, char *s)
{
	struct mm_buf *out = ctx;
	size_t n = strlen(s);
	if (out->p && !out->oom && out->len + n < out->cap) {
		memcpy(out->p + out->len, s, n + 1);
		out->len += n;
	} else {
		mm_buf_add(out, s, n);
	}
	return STATUS_OK;
}

int mm_tmpl_render(HDF *hdf, const char *lang, const char *name, struct mm_buf *out)
{
	for (size_t i = 0; i < ntemplates; i++) {
		if (strcmp(templates[i].name, name) != 0)
			continue;
		CSPARSE *cs = templates[i].cs;
		/* the parse tree is reused; only the datasets change per request */
		HDF *own = cs->hdf;
		cs->hdf = hdf;
		cs->global_hdf = mm_tmpl_lang(lang);
		NEOERR *err = cs_render(cs, out, render_to_buf);
		cs->hdf = own;
		cs->global_hdf = NULL;
		if (err != STATUS_OK) {
			log_nerr(name, err);
			return -1;
		}
		return out->oom ? -1 : 0;
	}
	mm_log_error("template %s was not loaded", name);
	return -1;
}
