/* ClearSilver templates, parsed once per process, rendered per request with
 * HTML escaping on for every var:. The language HDF (L.*) is the global
 * dataset under the request's own. */
#ifndef MM_TEMPLATE_H
#define MM_TEMPLATE_H
#include "mm_buf.h"

struct _hdf;
/* Parses each named template (relative to dir) and loads dir/lang/ja.hdf and
 * dir/lang/en.hdf. 0 or -1 (reason on stderr). */
int mm_tmpl_init(const char *dir, const char *const *names);
void mm_tmpl_free(void);
/* Renders into out; 0 or -1. */
int mm_tmpl_render(struct _hdf *hdf, const char *lang, const char *name, struct mm_buf *out);
/* The language dataset for lang ("ja" fallback). */
struct _hdf *mm_tmpl_lang(const char *lang);
/* "ja" or "en" when lang names a supported language, else NULL. */
const char *mm_lang_supported(const char *lang);

#endif
