/* The categories of alert a UTM sends (seed 001): the device API refuses
 * any other, and the alert list refuses a filter by any other. Header only,
 * like mm_civil.h, so the fuzz targets use it without linking anything. */
#ifndef MM_ALERT_CATEGORY_H
#define MM_ALERT_CATEGORY_H
#include <string.h>

/* NULL-terminated */
static inline const char *const *mm_alert_categories(void)
{
	static const char *const categories[] = {
		"Webガード", "IPS", "アンチウイルス", "アプリケーション制御", "アンチスパム",
		"アンチボット", "サンドボックス", "ファイアウォール", NULL
	};
	return categories;
}

/* 1 when category is one of the list. */
static inline int mm_alert_category_known(const char *category)
{
	for (const char *const *c = mm_alert_categories(); *c; c++)
		if (strcmp(category, *c) == 0)
			return 1;
	return 0;
}

#endif
