/* Work request form fields (CASE-2): the kinds of field a catalog item's
 * form may hold, the check of a submitted value against a field's
 * definition, and the check of a definition itself (the staff editor).
 * Pure functions over strings: no database, no request, fuzzed in
 * tests/fuzz/fuzz_request_fields.c. */
#ifndef REQUESTS_FIELDS_H
#define REQUESTS_FIELDS_H
#include <stddef.h>

enum rq_kind {
	RQ_TEXT,	/* one line */
	RQ_LONGTEXT,	/* several lines */
	RQ_NUMBER,	/* a whole number, optionally between min and max */
	RQ_DATE,	/* YYYY-MM-DD, a real calendar date, optionally between
			 * min and max days from the sender's today */
	RQ_CHOICE,	/* one of the field's options */
	RQ_YESNO,	/* "yes" or "no" */
	RQ_IP,		/* an IPv4 or IPv6 address, optionally /prefix (CIDR) */
	RQ_URL,		/* http:// or https:// with a host */
	RQ_NKINDS
};

#define RQ_NAME_MAX 40		/* a field's key: [a-z0-9_] */
#define RQ_LABEL_MAX 200
#define RQ_TEXT_DEFAULT 200	/* max_length when the definition gives none */
#define RQ_TEXT_CAP 1000
#define RQ_LONGTEXT_DEFAULT 4000
#define RQ_LONGTEXT_CAP 10000
#define RQ_URL_MAX 2000
#define RQ_OPTIONS_MAX 50	/* options of a choice */
#define RQ_OPTION_MAX 100	/* characters of an option's name */
#define RQ_NUMBER_DIGITS 15	/* |value| < 10^15: exact in a double, an int64 */
#define RQ_DATE_DAYS 36600	/* a date's bounds: within about a century of today */

struct rq_field {
	int kind;		/* enum rq_kind */
	int required;
	long long max_length;	/* text kinds; 0: the kind's default */
	int has_min, has_max;	/* numbers; dates: in days from today (0: today) */
	long long min_value, max_value;
	const char *options;	/* choice: one per line, "日本語|English" */
};

/* "text", "longtext", … ; NULL for a kind out of range. */
const char *rq_kind_name(int kind);
/* The kind named s, or -1. */
int rq_kind_parse(const char *s);
/* The length limit in characters a text-like value of f has. */
long long rq_max_length(const struct rq_field *f);

/* Checks a submitted value against its field. v is the value with the
 * blanks around it removed ("" or NULL: nothing entered); any bytes may
 * arrive. today: the sender's date in their time zone, in days since
 * 1970-01-01 (mm_days_from_civil), which a date's bounds count from. NULL
 * when acceptable, else the i18n key of the message
 * ("requests.err.required", "requests.err.date_past", …). */
const char *rq_value_check(const struct rq_field *f, const char *v, long long today);
/* The date "YYYY-MM-DD" days days after day (days since 1970-01-01). */
void rq_date_of(long long day, long long days, char out[11]);

/* Two date fields forming a period: a field whose definition says "not
 * before" another date field is refused when its date precedes the
 * other's. earlier, later: the two values as rq_value_check saw them.
 * NULL when either is empty or not a real date (rq_value_check reports
 * those beside their own field) or later is not before earlier, else
 * "requests.err.date_order". */
const char *rq_date_order_check(const char *earlier, const char *later);
/* The editor's check of a "not before" rule: field name (kind kind) may
 * name other, a different field of the same item, whose kind is
 * other_kind (-1: the item has no field of that name); other "" is no
 * rule. NULL or "requests.err.def_not_before". */
const char *rq_not_before_def_check(int kind, const char *name, const char *other,
				    int other_kind);

/* The options of a choice: the 1-based number of the option whose
 * Japanese name is v, or 0. */
int rq_option_find(const char *options, const char *v);
/* Option i (1-based) into ja / en (the Japanese name again when the line
 * has no English one): 1, or 0 when there is no such option. */
int rq_option_at(const char *options, int i, char *ja, size_t jasize, char *en, size_t ensize);
/* The number of options. */
int rq_option_count(const char *options);

/* A field key: 1 to RQ_NAME_MAX of [a-z0-9_]. 1 ok, 0 not. */
int rq_name_ok(const char *name);
/* Checks a definition as the editor saves it: the limits fit the kind,
 * min <= max, a choice has 1 to RQ_OPTIONS_MAX distinct, non-empty
 * options. NULL or the i18n key of what is wrong. */
const char *rq_field_def_check(const struct rq_field *f);

#endif
