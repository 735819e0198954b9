/* libFuzzer target: multipart/form-data bodies (mm_multipart.h).
 *
 * Input: a Content-Type header value, a newline, then the body. The body is
 * parsed with the boundary of that header (when it has one) and with a
 * fixed boundary, and every file part must be a byte range of the body that
 * is followed by a delimiter. */
#define _GNU_SOURCE
#include "mm_multipart.h"
#include "fuzz_util.h"
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct mm_limits text_lim = { 8, 16, 64, 256 };
static const struct mm_mp_limits lim = {
	.text = &text_lim, .max_header_bytes = 256, .max_parts = 12,
	.max_files = 4, .max_file_bytes = 4096,
};

static int body_fd = -1;

static void check(const char *boundary, const uint8_t *body, size_t len)
{
	struct mm_kvlist form = { 0 };
	struct mm_uploads files = { 0 };
	int rc = mm_multipart_parse(body_fd, (long long)len, boundary, &lim, &form, &files);
	size_t blen = strlen(boundary);

	FUZZ_ASSERT(rc >= MM_MP_OK && rc <= MM_MP_NOMEM);
	FUZZ_ASSERT(rc != MM_MP_IO && rc != MM_MP_NOMEM);
	FUZZ_ASSERT(mm_multipart_status(rc) == 0 || mm_multipart_error_key(rc) != NULL);
	FUZZ_ASSERT(files.n <= lim.max_files);
	for (size_t i = 0; i < files.n; i++) {
		const struct mm_upload *u = &files.items[i];
		FUZZ_ASSERT(u->offset >= 0 && u->length > 0);
		FUZZ_ASSERT(u->length <= lim.max_file_bytes);
		FUZZ_ASSERT((size_t)(u->offset + u->length) + 4 + blen <= len);
		const uint8_t *after = body + u->offset + u->length;
		FUZZ_ASSERT(memcmp(after, "\r\n--", 4) == 0 && memcmp(after + 4, boundary, blen) == 0);
		FUZZ_ASSERT(mm_file_name_ok(u->file_name, strlen(u->file_name)));
		FUZZ_ASSERT(strlen(u->field) > 0 && ref_utf8_valid(u->field, strlen(u->field)));
		FUZZ_ASSERT(strchr(u->content_type, '/') != NULL);
	}
	FUZZ_ASSERT(form.n <= text_lim.max_pairs);
	FUZZ_ASSERT(form.bytes <= text_lim.max_total);
	for (size_t i = 0; i < form.n; i++) {
		FUZZ_ASSERT(strlen(form.items[i].val) == form.items[i].vlen);
		FUZZ_ASSERT(ref_utf8_valid(form.items[i].val, form.items[i].vlen));
	}
	mm_kvlist_free(&form);
	mm_uploads_free(&files);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (body_fd < 0 && (body_fd = memfd_create("body", 0)) < 0)
		abort();
	const uint8_t *nl = memchr(data, '\n', size);
	size_t hlen = nl ? (size_t)(nl - data) : 0;
	const uint8_t *body = nl ? nl + 1 : data;
	size_t blen = size - (size_t)(body - data);
	if (ftruncate(body_fd, 0) != 0 || pwrite(body_fd, body, blen, 0) != (ssize_t)blen)
		abort();

	char *header = strndup((const char *)data, hlen);
	char boundary[MM_MP_BOUNDARY_MAX + 1];
	if (header && mm_multipart_boundary(header, boundary) == MM_MP_OK) {
		FUZZ_ASSERT(strlen(boundary) >= 1 && strlen(boundary) <= MM_MP_BOUNDARY_MAX);
		check(boundary, body, blen);
	}
	free(header);
	check("XyZ", body, blen);
	return 0;
}
