/* The case lifecycle (CASE-5) as a pure function of status, actor and
 * action: no database, no request, so every allowed and refused transition
 * is unit-tested on its own. */
#ifndef CASES_STATUS_H
#define CASES_STATUS_H

enum case_status {
	CASE_NEW = 0,
	CASE_WORKING,		/* 対応中: the provider works on it */
	CASE_AWAITING_CUSTOMER,	/* お客様確認待ち */
	CASE_RESOLVED,		/* 解決済み(クローズ待ち) */
	CASE_CLOSED,		/* final: never reopens */
	CASE_NSTATUS
};

enum case_actor { CASE_BY_CUSTOMER, CASE_BY_STAFF };

enum case_action {
	CASE_ACT_COMMENT,	/* a public comment (or, for staff, an internal note) */
	CASE_ACT_ATTACH,	/* files only */
	CASE_ACT_CLOSE,		/* customer: ケースをクローズ (not while resolved) */
	CASE_ACT_ACCEPT,	/* customer: ソリューションを承認 */
	CASE_ACT_REJECT,	/* customer: ソリューションを却下 */
	CASE_ACT_SET_STATUS,	/* staff: to the status named by `wanted` */
	CASE_ACT_ASSIGN		/* staff */
};

/* Why a refused action was refused. */
enum case_refusal {
	CASE_OK = 0,
	CASE_REFUSED_CLOSED,	/* the case is closed: nothing changes any more */
	CASE_REFUSED_STATE,	/* not possible in the current status */
	CASE_REFUSED_ROLE	/* not this actor's action */
};

/* The status after actor's action on a case in status from; for
 * CASE_ACT_SET_STATUS wanted names the target. CASE_OK and *to set, or the
 * refusal (then *to == from). */
enum case_refusal case_transition(enum case_status from, enum case_actor actor,
				  enum case_action action, enum case_status wanted,
				  enum case_status *to);

/* "new", "working"... and back; -1 for an unknown name. */
const char *case_status_name(enum case_status s);
int case_status_parse(const char *name);

#endif
