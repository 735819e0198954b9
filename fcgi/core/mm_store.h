/* The attachment store: one directory (config Paths.Attachments) of files
 * named by random ids of 32 hex digits. The user's file name lives only in
 * the database. Files arrive as byte ranges of the request body nginx
 * stored on the same filesystem and are copied by the kernel
 * (copy_file_range), never through the program's memory; downloads are
 * handed back to nginx (X-Accel-Redirect) after the program's access check. */
#ifndef MM_STORE_H
#define MM_STORE_H
#include <stddef.h>
#include <time.h>
#include "mm_buf.h"

#define MM_STORE_ID_LEN 32

struct mm_req;

/* Copies src[offset, offset + length) into the store under a new id,
 * computing its SHA-256 on the way (constant memory). The file gets its
 * name only once complete and fsync'ed (an unnamed O_TMPFILE before: a
 * process killed mid-copy leaves nothing). 0, or with nothing stored
 * MM_STORE_FULL (no room: disk or quota full, file size limit) or -1. */
#define MM_STORE_FULL (-2)
int mm_store_put(int src_fd, long long offset, long long length,
		 char id[MM_STORE_ID_LEN + 1], unsigned char sha256[32]);
/* Removes a stored file; 0, or -1 (already gone counts as done: 0). */
int mm_store_delete(const char *id);
/* Removes stored files older than min_age_seconds that in_use(id) does
 * not know (returns 0): files of a worker that died between storing them
 * and committing their row. in_use < 0 (e.g. the database is down) keeps
 * the file and stops. The number removed, or -1. */
long mm_store_sweep(time_t now, long min_age_seconds, int (*in_use)(const char *id));
/* 1 when id has the form of a store id. */
int mm_store_id_ok(const char *id);
/* Full path of a stored file; 0 or -1 (bad id, no store configured). */
int mm_store_path(const char *id, char *out, size_t outsize);

/* Answers the request with the stored file id as a download: nginx serves it
 * from its internal location (config Attachments.InternalUri, default
 * "/_attachments/") with Content-Disposition: attachment and the name in
 * RFC 6266 / 5987 form. Active content types (HTML, SVG, XML, scripts...)
 * are sent as application/octet-stream. Returns 0 (a response was made). */
int mm_send_stored_file(struct mm_req *r, const char *id, const char *file_name,
			const char *content_type);

/* The Content-Disposition value for file_name (UTF-8): an ASCII fallback in
 * filename="..." and the exact name in filename*=UTF-8''... */
void mm_content_disposition(struct mm_buf *out, const char *file_name);
/* The Content-Type a download is sent with for a stored type. */
const char *mm_download_type(const char *content_type);

#endif
