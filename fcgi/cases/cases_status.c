#include "cases_status.h"
#include <string.h>

static const char *const status_names[CASE_NSTATUS] = {
	[CASE_NEW] = "new", [CASE_WORKING] = "working",
	[CASE_AWAITING_CUSTOMER] = "awaiting_customer", [CASE_RESOLVED] = "resolved",
	[CASE_CLOSED] = "closed"
};

const char *case_status_name(enum case_status s)
{
	return (unsigned)s < CASE_NSTATUS ? status_names[s] : "";
}

int case_status_parse(const char *name)
{
	for (int i = 0; name && i < CASE_NSTATUS; i++)
		if (strcmp(status_names[i], name) == 0)
			return i;
	return -1;
}

/* A customer's reply answers the provider's question: the ball goes back
 * to the provider. Elsewhere a comment leaves the status as it is. */
static enum case_status after_customer_comment(enum case_status from)
{
	return from == CASE_AWAITING_CUSTOMER ? CASE_WORKING : from;
}

/* Staff move a case anywhere along CASE-5 except back to 新規, which only
 * describes a case nobody has touched yet. */
static int staff_may_set(enum case_status from, enum case_status wanted)
{
	return wanted != CASE_NEW && wanted != from && (unsigned)wanted < CASE_NSTATUS;
}

enum case_refusal case_transition(enum case_status from, enum case_actor actor,
				  enum case_action action, enum case_status wanted,
				  enum case_status *to)
{
	*to = from;
	if ((unsigned)from >= CASE_NSTATUS)
		return CASE_REFUSED_STATE;
	if (from == CASE_CLOSED)
		return CASE_REFUSED_CLOSED;
	int staff = actor == CASE_BY_STAFF;
	switch (action) {
	case CASE_ACT_COMMENT:
		*to = staff ? from : after_customer_comment(from);
		return CASE_OK;
	case CASE_ACT_ATTACH:
		return CASE_OK;
	case CASE_ACT_CLOSE:
		if (staff)
			return CASE_REFUSED_ROLE;
		if (from == CASE_RESOLVED)
			return CASE_REFUSED_STATE;
		*to = CASE_CLOSED;
		return CASE_OK;
	case CASE_ACT_ACCEPT:
	case CASE_ACT_REJECT:
		if (staff)
			return CASE_REFUSED_ROLE;
		if (from != CASE_RESOLVED)
			return CASE_REFUSED_STATE;
		*to = action == CASE_ACT_ACCEPT ? CASE_CLOSED : CASE_WORKING;
		return CASE_OK;
	case CASE_ACT_SET_STATUS:
		if (!staff)
			return CASE_REFUSED_ROLE;
		if (!staff_may_set(from, wanted))
			return CASE_REFUSED_STATE;
		*to = wanted;
		return CASE_OK;
	case CASE_ACT_ASSIGN:
		return staff ? CASE_OK : CASE_REFUSED_ROLE;
	}
	return CASE_REFUSED_STATE;
}
