/* The transactional outbox: a message is a row written in the same
 * transaction as the change that causes it; mimamori-notifier delivers it. */
#ifndef MM_OUTBOX_H
#define MM_OUTBOX_H
#include <time.h>
#include "mm_request.h"

/* channel "mail" or "sms". 0 or an MM_DB_* error. */
int mm_outbox_queue(const char *channel, const char *recipient, const char *subject,
		    const char *body, time_t now);
/* Renders the plain-text template "mail/<name>.cs" in lang with the request's
 * dataset (handlers put the message's values under Mail.*; the template sets
 * Mail.Subject) and queues it for to. */
int mm_mail_queue(struct mm_req *r, const char *to, const char *lang, const char *name);
/* Mail.When = t in the recipient's zone and Mail.Zone = that zone's name:
 * a time in a mail says which zone it is in. */
void mm_mail_when(struct mm_req *r, const char *zone, time_t t);
/* The same for an SMS text ("sms/<name>.cs"); no subject. */
int mm_sms_queue(struct mm_req *r, const char *to, const char *lang, const char *name);

#endif
