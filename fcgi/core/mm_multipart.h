/* multipart/form-data (RFC 7578) read from a stored request body file.
 *
 * The body is never held in memory: the parser scans the file with a
 * bounded window for the delimiters, copies the text parts (capped like an
 * urlencoded form) and describes each file part as a byte range of the
 * file, which mm_store moves into the attachment store with the kernel.
 *
 * Strict on the framing: delimiters and header lines end in CRLF (a bare LF
 * is malformed, which keeps a file's own bytes from being taken for a
 * delimiter); transport padding (spaces, tabs) after a delimiter is allowed;
 * the preamble and the epilogue are ignored. */
#ifndef MM_MULTIPART_H
#define MM_MULTIPART_H
#include <stddef.h>
#include "mm_parse.h"

#define MM_MP_BOUNDARY_MAX 70	/* RFC 2046 */
#define MM_MP_NAME_MAX 255	/* characters of a file name */

struct mm_upload {
	char *field;		/* form field name */
	char *file_name;	/* as the client named it: checked, no path */
	char content_type[128];	/* "application/octet-stream" when absent */
	long long offset;	/* first byte of the content in the body file */
	long long length;	/* > 0 */
};

struct mm_uploads {
	struct mm_upload *items;
	size_t n, cap;
};

struct mm_mp_limits {
	const struct mm_limits *text;	/* text parts: pairs, key, value, total */
	size_t max_header_bytes;	/* one part's header block */
	size_t max_parts;		/* text and file parts together */
	size_t max_files;
	long long max_file_bytes;
};

enum mm_mp_rc {
	MM_MP_OK = 0,
	MM_MP_MALFORMED,	/* framing, header syntax, text not UTF-8 */
	MM_MP_NO_BOUNDARY,	/* Content-Type without a usable boundary */
	MM_MP_TRUNCATED,	/* no closing delimiter */
	MM_MP_NO_NAME,		/* a part without a field name */
	MM_MP_EMPTY_FILE,	/* a named file of 0 bytes */
	MM_MP_BAD_FILE_NAME,	/* path, "..", control characters, too long */
	MM_MP_TOO_MANY_FILES,
	MM_MP_FILE_TOO_LARGE,
	MM_MP_TOO_LARGE,	/* text over its caps, too many parts, huge headers */
	MM_MP_IO,
	MM_MP_NOMEM
};

/* Copies the boundary parameter of a multipart/form-data Content-Type
 * header into out (MM_MP_BOUNDARY_MAX + 1 bytes). MM_MP_OK or
 * MM_MP_NO_BOUNDARY (also when the type is not multipart/form-data). */
int mm_multipart_boundary(const char *content_type, char out[MM_MP_BOUNDARY_MAX + 1]);

/* Parses the body in fd[0..size): text parts are appended to form, file
 * parts to files. A refused file (mm_multipart_file_refused) is left out and
 * the parse goes on: its result comes back once the whole body was read,
 * with every text part in form. On another error the lists may hold what
 * came before it; the caller frees them either way. */
int mm_multipart_parse(int fd, long long size, const char *boundary,
		       const struct mm_mp_limits *lim, struct mm_kvlist *form,
		       struct mm_uploads *files);

void mm_uploads_free(struct mm_uploads *u);

/* The message key for a result ("err.upload_malformed"...) and the HTTP
 * status that answers it (400, 413, 503). */
const char *mm_multipart_error_key(int rc);
/* 1 when rc refuses one file (empty, bad name, one too many, too large)
 * while the form around it was read whole. */
int mm_multipart_file_refused(int rc);
int mm_multipart_status(int rc);

/* 1 when a client's file name is acceptable for storing: valid UTF-8,
 * 1..MM_MP_NAME_MAX characters, no control characters, no invisible
 * direction or zero-width characters (U+061C, U+200B..U+200F,
 * U+202A..U+202E, U+2060..U+2064, U+2066..U+2069, U+FEFF), no '/' or '\',
 * not "." or "..". */
int mm_file_name_ok(const char *s, size_t len);

#endif
