/* Everything an area program needs from the core library. */
#ifndef MM_H
#define MM_H
#include "mm_buf.h"
#include "mm_parse.h"
#include "mm_crypto.h"
#include "mm_config.h"
#include "mm_log.h"
#include "mm_db.h"
#include "mm_password.h"
#include "mm_request.h"
#include "mm_session.h"
#include "mm_outbox.h"
#include "mm_time.h"
#include "mm_daemon.h"
#include "mm_pubid.h"
#endif
