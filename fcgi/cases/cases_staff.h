/* The analyst console's own pages besides the queue and the case page:
 * opening a case for a tenant and editing the category list (CASE-8). */
#ifndef CASES_STAFF_H
#define CASES_STAFF_H
#include "cases.h"

#define CASES_STAFF_MAX_CONTACTS 200

/* --- queries (cases_staff_db.c) ----------------------------------------- */

struct staff_person {
	long long id;
	char name[101 * 4];
};

/* The tenant numbered customer_no: 1 (id and name set), 0 none, < 0 error. */
int cases_staff_db_tenant(const char *customer_no, long long *id, char name[201 * 4]);
/* The tenant's active customer users, by name; the count or < 0. */
int cases_staff_db_contacts(long long tenant_id, struct staff_person *out, int cap);

struct category_edit {
	long long id;		/* 0: a new category */
	const char *code;	/* new categories only: codes never change */
	const char *name_ja, *name_en, *hint_ja, *hint_en;
	long long position;
	int customer_selectable, retired;
	time_t now;
};
/* Adds or updates a category: 0, 1 no such category, MM_DB_DUP the code is
 * taken, < 0 error. Categories are retired, never deleted, so every case
 * keeps the category it was filed under. */
int cases_staff_db_category_save(const struct category_edit *e);

/* --- pages ----------------------------------------------------------------- */

/* GET, POST /staff/cases/new (cases_staff_new.c) */
int cases_staff_new_form(struct mm_req *r);
int cases_staff_new_submit(struct mm_req *r);
extern const struct mm_input cases_staff_new_form_inputs[];
extern const struct mm_input cases_staff_new_inputs[];
/* GET, POST /staff/cases/categories (cases_staff_categories.c) */
int cases_staff_categories(struct mm_req *r);
int cases_staff_category_save(struct mm_req *r);
extern const struct mm_input cases_staff_categories_inputs[];
extern const struct mm_input cases_staff_category_inputs[];

#endif
