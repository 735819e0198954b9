/* signup: step ⑤ (review and 申込み), step ⑥ (mail sent) and the
 * confirmation link (SIGNUP-6, SIGNUP-8).
 *
 * 申込み asks once more on the server (a confirmation box, no script), then
 * stores the application, its destinations, users and answers, the hashed
 * single-use confirmation token and the mail in one transaction, and drops
 * the draft. Until the applicant follows the link nothing else exists: no
 * tenant, no user, no other mail. The link's GET only shows a button (mail
 * scanners follow links); its POST completes the application. */
#include "signup_wizard.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SENT_COOKIE "mm_signup_no"
#define SENT_SECONDS 600L
#define APP_NO_TRIES 5

const struct mm_input signup_review_inputs[] = {
	{ "action", signup_v_action, MM_IN_REQUIRED | SIGNUP_IN_CONTROL, 0, 16 },
	MM_INPUT_END
};

/* 32 characters without 0/O and 1/I: read aloud or typed from paper without
 * doubt, and a power of two, so a random byte maps without bias. */
static const char APP_NO_ALPHABET[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

static int app_no_new(char out[SIGNUP_APP_NO_LEN + 1])
{
	unsigned char rnd[8];
	if (mm_random_bytes(rnd, sizeof rnd) < 0)
		return -1;
	memcpy(out, "AAP-", 4);
	for (int i = 0; i < 8; i++)
		out[4 + i] = APP_NO_ALPHABET[rnd[i] & 31];
	out[SIGNUP_APP_NO_LEN] = '\0';
	return 0;
}

static int app_no_wellformed(const char *s)
{
	if (strlen(s) != SIGNUP_APP_NO_LEN || strncmp(s, "AAP-", 4) != 0)
		return 0;
	for (int i = 4; i < SIGNUP_APP_NO_LEN; i++)
		if (!s[i] || !strchr(APP_NO_ALPHABET, s[i]))
			return 0;
	return 1;
}

static long confirm_hours(void)
{
	long h = mm_cfg_int("Signup.ConfirmHours", 72);
	return h >= 1 && h <= 24 * 30 ? h : 72;
}

/* --- review (⑤) --- */

static int render_review(struct mm_req *r, const struct signup_draft *d,
			 const struct signup_questions *qs, int ask)
{
	signup_fill_all(r, d, qs);
	mm_set_int(r, "Signup.Step", SIGNUP_REVIEW);
	if (ask)
		mm_set(r, "Signup.ConfirmSubmit", "1");
	return mm_render(r, 200, "signup/review.cs");
}

/* Loads the draft and the questions; when a step before the review is not
 * valid, answers with a redirect to it (*done set). */
static int review_prepare(struct mm_req *r, struct signup_draft *d,
			  struct signup_questions *qs, const char *action, int *done)
{
	*done = 0;
	int rc = signup_draft_load(r, d);
	if (rc == 0)
		rc = signup_questions_load(qs);
	if (rc < 0)
		return rc;
	int first = signup_first_incomplete(r, d, qs, SIGNUP_REVIEW);
	if (first) {
		*done = 1;
		/* 申し込む sent twice: the first request stored the application
		 * and dropped the draft before this one read it */
		if (d->gone && action && strcmp(action, "confirm") == 0)
			return mm_redirect(r, "/signup/sent");
		return mm_redirect(r, signup_step_path(first));
	}
	return 0;
}

int signup_review_form(struct mm_req *r)
{
	struct signup_draft d;
	int done;
	struct signup_questions *qs = calloc(1, sizeof *qs);
	if (!qs)
		return 503;
	int rc = review_prepare(r, &d, qs, NULL, &done);
	if (rc == 0 && !done)
		rc = render_review(r, &d, qs, 0);
	signup_draft_free(&d);
	free(qs);
	return rc;
}

/* --- storing the application --- */

struct submission {
	struct mm_req *r;
	const struct signup_draft *d;
	const struct signup_questions *qs;
	struct signup_application app;
	struct signup_destination dest[SIGNUP_MAX_DESTINATIONS];
	int ndest;
	struct signup_app_user users[SIGNUP_MAX_USERS];
	int nusers;
};

/* Copies draft value key (prefix + field) into dst, cut to its column. */
static void take(const struct signup_draft *d, const char *prefix, const char *field,
		 char *dst, size_t size, size_t chars)
{
	char key[48];
	snprintf(key, sizeof key, "%s%s", prefix, field);
	mm_clean_text(dst, size, signup_draft_get(d, key), chars);
}
#define TAKE(d, prefix, obj, field, chars) take(d, prefix, #field, (obj)->field, sizeof (obj)->field, chars)

/* The application as the draft holds it; every value was checked by the
 * steps (signup_first_incomplete) just before. */
static void submission_build(struct submission *s)
{
	const struct signup_draft *d = s->d;
	struct signup_application *a = &s->app;
	TAKE(d, "", a, company, 100);
	TAKE(d, "", a, surname, 50);
	TAKE(d, "", a, given_name, 50);
	TAKE(d, "", a, department, 100);
	TAKE(d, "", a, position, 100);
	TAKE(d, "", a, email, 254);
	TAKE(d, "", a, postal_code, 7);
	TAKE(d, "", a, prefecture, 10);
	TAKE(d, "", a, address, 200);
	TAKE(d, "", a, phone, 11);
	snprintf(a->lang, sizeof a->lang, "%s", s->r->lang);
	snprintf(a->ip, sizeof a->ip, "%s", s->r->remote_addr);
	a->created_at = s->r->now;
	a->confirm_expires_at = s->r->now + confirm_hours() * 3600;

	s->ndest = signup_draft_count(d, "rows", SIGNUP_MAX_DESTINATIONS);
	for (int i = 0; i < s->ndest; i++) {
		struct signup_destination *x = &s->dest[i];
		char p[16];
		snprintf(p, sizeof p, "d%d_", i + 1);
		x->seq = i + 1;
		TAKE(d, p, x, company, 100);
		TAKE(d, p, x, surname, 50);
		TAKE(d, p, x, given_name, 50);
		TAKE(d, p, x, department, 100);
		TAKE(d, p, x, postal_code, 7);
		TAKE(d, p, x, prefecture, 10);
		TAKE(d, p, x, address, 200);
		TAKE(d, p, x, phone, 11);
		char key[32];
		snprintf(key, sizeof key, "%sunits", p);
		x->units = atoi(signup_draft_get(d, key));
	}
	s->nusers = signup_draft_count(d, "users", SIGNUP_MAX_USERS);
	for (int i = 0; i < s->nusers; i++) {
		struct signup_app_user *u = &s->users[i];
		char p[16];
		snprintf(p, sizeof p, "u%d_", i + 1);
		u->seq = i + 1;
		TAKE(d, p, u, surname, 50);
		TAKE(d, p, u, given_name, 50);
		TAKE(d, p, u, email, 254);
		TAKE(d, p, u, mobile, 11);
	}
}

static int insert_application(struct submission *s, const unsigned char hash[32])
{
	for (int i = 0; i < APP_NO_TRIES; i++) {
		if (app_no_new(s->app.app_no) < 0)
			return MM_DB_ERR;
		int rc = signup_app_insert(&s->app, hash);
		if (rc != MM_DB_DUP)
			return rc;
		/* the number was taken; the statement alone was undone */
	}
	mm_log_error("signup: %d application numbers in a row were taken", APP_NO_TRIES);
	return MM_DB_ERR;
}

/* store(): the draft was used by another request of the same browser (a
 * double click on 申込む) a moment ago. */
#define DRAFT_USED 1

/* One attempt of the transaction (mm_db_transaction retries on deadlock). */
static int store(void *ctx)
{
	struct submission *s = ctx;
	struct mm_req *r = s->r;
	/* deleting the draft first locks it: of two concurrent submissions of
	 * one draft, the second waits and then finds it gone */
	int rc = signup_draft_delete(s->d);
	if (rc <= 0)
		return rc < 0 ? rc : DRAFT_USED;
	char token[MM_TOKEN_CHARS + 1];
	unsigned char hash[32];
	if (mm_token_new(token) < 0)
		return MM_DB_ERR;
	mm_sha256(token, strlen(token), hash);
	rc = insert_application(s, hash);
	for (int i = 0; rc == 0 && i < s->ndest; i++)
		rc = signup_destination_insert(s->app.id, &s->dest[i]);
	for (int i = 0; rc == 0 && i < s->nusers; i++)
		rc = signup_app_user_insert(s->app.id, &s->users[i]);
	for (int i = 0; rc == 0 && i < s->qs->n; i++) {
		char name[16];
		snprintf(name, sizeof name, "q_%lld", s->qs->q[i].id);
		char answer[SIGNUP_CHARS(1000)];
		mm_clean_text(answer, sizeof answer, signup_draft_get(s->d, name), 1000);
		if (*answer && !signup_answer_dropped(s->d, s->qs, &s->qs->q[i]))
			rc = signup_answer_insert(s->app.id, s->qs->q[i].id, answer);
	}
	if (rc == 0) {
		mm_set(r, "Mail.AppNo", s->app.app_no);
		mm_setf(r, "Mail.Link", "%s/signup/confirm/%s", mm_cfg_str("Site.BaseURL", ""), token);
		signup_set_text(r, "Mail.SubjectText", "signup.mail_subject", s->app.app_no);
		signup_set_number(r, "Mail.Valid", "signup.mail_valid", confirm_hours());
		rc = mm_mail_queue(r, s->app.email, s->app.lang, "signup_confirm");
	}
	return rc;
}

static int submit(struct mm_req *r, struct signup_draft *d, const struct signup_questions *qs)
{
	char bucket[120], client[64];
	snprintf(bucket, sizeof bucket, "signup:ip:%s", mm_rate_client(r->remote_addr, client));
	int ok = mm_rate_limit(bucket, (int)mm_cfg_int("Signup.RateLimitPerHour", 10), 3600, r->now);
	if (ok < 0)
		return ok;
	if (!ok)
		return signup_limited(r);
	/* and per recipient: however many addresses a sender has, one mailbox
	 * gets only a few confirmation mails a day */
	const char *email = signup_draft_get(d, "email");
	if (email && *email) {
		ok = mm_rate_limit_recipient("signup", email,
					     (int)mm_cfg_int("Signup.MailsPerAddressPerDay", 5), 86400,
					     r->now);
		if (ok <= 0)
			return ok < 0 ? ok : signup_limited(r);
	}
	/* links that ran out are marked while we are here: no timer needed */
	long long n = signup_expire_unconfirmed(r->now);
	if (n < 0)
		return (int)n;
	struct submission *s = calloc(1, sizeof *s);
	if (!s)
		return 503;
	s->r = r;
	s->d = d;
	s->qs = qs;
	submission_build(s);
	int rc = mm_db_transaction(store, s);
	if (rc == 0) {
		mm_log_info("signup: application %s stored", s->app.app_no);
		signup_draft_forget(r);
		/* the number for step ⑥, kept briefly and nowhere in the URL */
		mm_set_cookie(r, SENT_COOKIE, s->app.app_no, SENT_SECONDS);
		rc = mm_redirect(r, "/signup/sent");
	} else if (rc == DRAFT_USED) {
		signup_draft_forget(r);
		rc = mm_redirect(r, "/signup/sent");
	}
	free(s);
	return rc;
}

int signup_review_submit(struct mm_req *r)
{
	const char *action = mm_param(r, "action");
	if (!action)
		return 400;
	struct signup_draft d;
	int done;
	struct signup_questions *qs = calloc(1, sizeof *qs);
	if (!qs)
		return 503;
	int rc = review_prepare(r, &d, qs, action, &done);
	if (rc == 0 && !done) {
		if (strcmp(action, "back") == 0)
			rc = mm_redirect(r, signup_step_path(SIGNUP_USERS));
		else if (strcmp(action, "submit") == 0)
			rc = render_review(r, &d, qs, 1);
		else if (strcmp(action, "confirm") == 0)
			rc = submit(r, &d, qs);
		else
			rc = 400;
	}
	signup_draft_free(&d);
	free(qs);
	return rc;
}

/* --- mail sent (⑥) --- */

int signup_sent(struct mm_req *r)
{
	const char *no = mm_cookie(r, SENT_COOKIE);
	if (!no || !app_no_wellformed(no))
		return mm_redirect(r, "/signup/basic");
	mm_set(r, "Signup.AppNo", no);
	mm_set_int(r, "Signup.Step", 6);
	signup_set_number(r, "Signup.SentValid", "signup.sent_valid", confirm_hours());
	return mm_render(r, 200, "signup/sent.cs");
}

/* --- the confirmation link --- */

/* The application behind the link's token: 1 live, 0 unknown/used/expired. */
static int link_application(struct mm_req *r, long long *id, char app_no[SIGNUP_APP_NO_LEN + 1])
{
	const char *tok = r->path_rest;
	if (!mm_token_wellformed(tok))
		return 0;
	unsigned char hash[32];
	mm_sha256(tok, strlen(tok), hash);
	return signup_confirm_lookup(hash, r->now, id, app_no);
}

static int render_confirm(struct mm_req *r, const char *state, const char *app_no)
{
	r->referrer_policy = "no-referrer";	/* the path holds the token */
	mm_set(r, "Confirm.State", state);
	mm_set(r, "Confirm.AppNo", app_no);
	mm_set(r, "Confirm.Token", r->path_rest);
	mm_set_int(r, "Signup.Step", 6);
	return mm_render(r, strcmp(state, "invalid") == 0 ? 404 : 200, "signup/confirm.cs");
}

int signup_confirm(struct mm_req *r)
{
	long long id = 0;
	char app_no[SIGNUP_APP_NO_LEN + 1] = "";
	int rc = link_application(r, &id, app_no);
	if (rc < 0)
		return rc;
	return render_confirm(r, rc ? "ask" : "invalid", app_no);
}

int signup_confirm_submit(struct mm_req *r)
{
	long long id = 0;
	char app_no[SIGNUP_APP_NO_LEN + 1] = "";
	int rc = link_application(r, &id, app_no);
	if (rc <= 0)
		return rc < 0 ? rc : render_confirm(r, "invalid", "");
	/* the conditional UPDATE makes the link single use under concurrency */
	rc = signup_confirm_complete(id, r->now);
	if (rc <= 0)
		return rc < 0 ? rc : render_confirm(r, "invalid", "");
	mm_log_info("signup: application %s confirmed", app_no);
	int approved = 0;
	if (mm_cfg_int("Signup.AutoApprove", 0) == 1) {
		/* after the confirmation is committed: approval is its own
		 * transaction, and when it fails the application simply waits
		 * in the console as completed */
		int arc = signup_approve(r, id, 0);
		if (arc == 0)
			approved = 1;
		else
			mm_log_error("signup: auto-approval of %s failed (%d)", app_no, arc);
	}
	mm_set(r, "Confirm.Approved", approved ? "1" : "0");
	return render_confirm(r, "done", app_no);
}
