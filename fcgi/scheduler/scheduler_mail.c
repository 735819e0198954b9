/* The mails the jobs send to a tenant's admins (the important alerts, a
 * failing chat linkage): every one starts from the same dataset and is
 * rendered in its recipient's language into the outbox, inside the job's
 * transaction, so the mail commits with what it reports. */
#include "scheduler.h"
#include "mm_template.h"
#include <stdio.h>

HDF *sc_mail_new(void)
{
	HDF *hdf = NULL;
	if (hdf_init(&hdf) != STATUS_OK)
		return NULL;
	hdf_set_value(hdf, "Mail.Subject", "");	/* the template sets it */
	hdf_set_value(hdf, "Mail.BaseURL", mm_cfg_str("Site.BaseURL", ""));
	return hdf;
}

void sc_set_int(HDF *hdf, const char *key, long long v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", v);
	hdf_set_value(hdf, key, buf);
}

int sc_mail_queue(HDF *hdf, const char *lang, const char *template_name, const char *email)
{
	const char *l = mm_lang_supported(lang) ? mm_lang_supported(lang) : "ja";
	struct mm_buf body = { 0 };
	int rc = mm_tmpl_render(hdf, l, template_name, &body);
	if (rc == 0)
		rc = mm_outbox_queue("mail", email, hdf_get_value(hdf, "Mail.Subject", ""),
				     mm_buf_str(&body), mm_clock_now());
	else
		rc = MM_DB_ERR;
	mm_buf_free(&body);
	hdf_destroy(&hdf);
	return rc;
}
