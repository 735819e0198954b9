#include "mm.h"
#include "mm_store.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>

/* Bytes moved per copy_file_range call, then hashed from the page cache. */
#define COPY_CHUNK (8LL * 1024 * 1024)
#define HASH_BUF (64 * 1024)

static const char *store_dir(void)
{
	const char *dir = mm_cfg_str("Paths.Attachments", NULL);
	return dir && *dir ? dir : NULL;
}

int mm_store_id_ok(const char *id)
{
	if (!id || strlen(id) != MM_STORE_ID_LEN)
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

int mm_store_path(const char *id, char *out, size_t outsize)
{
	const char *dir = store_dir();
	if (!dir || !mm_store_id_ok(id))
		return -1;
	int n = snprintf(out, outsize, "%s/%s", dir, id);
	return n > 0 && (size_t)n < outsize ? 0 : -1;
}

/* Hashes src[off, off + len) into the digest with a fixed buffer. */
static int hash_range(EVP_MD_CTX *md, int src, long long off, long long len, char *buf)
{
	while (len > 0) {
		size_t want = len < HASH_BUF ? (size_t)len : HASH_BUF;
		ssize_t got = pread(src, buf, want, off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0 || EVP_DigestUpdate(md, buf, (size_t)got) != 1)
			return -1;
		off += got;
		len -= got;
	}
	return 0;
}

/* Kernel copy of src[off, off + len) to the end of dst; falls back to
 * read/write where copy_file_range cannot (another filesystem on old
 * kernels). */
static int copy_range(int src, long long off, long long len, int dst, char *buf)
{
	while (len > 0) {
		loff_t in = off;
		ssize_t n = copy_file_range(src, &in, dst, NULL, (size_t)len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL ||
			      errno == EOPNOTSUPP)) {
			size_t want = len < HASH_BUF ? (size_t)len : HASH_BUF;
			n = pread(src, buf, want, off);
			ssize_t w = n > 0 ? write(dst, buf, (size_t)n) : n;
			if (w >= 0 && w != n)
				errno = ENOSPC;	/* a short write: the filesystem is full */
			if (w != n)
				return -1;
		}
		if (n == 0)
			errno = EIO;	/* the source ended early: not a matter of room */
		if (n <= 0)
			return -1;
		off += n;
		len -= n;
	}
	return 0;
}

/* The errors that mean "no room": the filesystem or the user's quota is
 * full, or the file size limit of the process is reached. */
static int no_room(int err)
{
	return err == ENOSPC || err == EDQUOT || err == EFBIG;
}

static int new_id(char id[MM_STORE_ID_LEN + 1])
{
	unsigned char raw[MM_STORE_ID_LEN / 2];
	if (mm_random_bytes(raw, sizeof raw) != 0)
		return -1;
	mm_hex_encode(raw, sizeof raw, id);
	return 0;
}

/* Gives the finished unnamed file its name (retrying on the unlikely
 * collision) and makes the name durable. */
static int link_into_place(int dirfd, int fd, char id[MM_STORE_ID_LEN + 1])
{
	char self[64];
	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	for (int tries = 0; tries < 5; tries++) {
		if (new_id(id) != 0)
			return -1;
		if (linkat(AT_FDCWD, self, dirfd, id, AT_SYMLINK_FOLLOW) == 0)
			return fsync(dirfd);
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

int mm_store_put(int src, long long offset, long long length,
		 char id[MM_STORE_ID_LEN + 1], unsigned char sha256[32])
{
	const char *dir = store_dir();
	id[0] = '\0';
	if (!dir) {
		mm_log_error("Paths.Attachments is not configured");
		return -1;
	}
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int fd = dirfd < 0 ? -1 : openat(dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	char *buf = malloc(HASH_BUF);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int rc = -1, err = 0;
	if (fd < 0 || !buf || !md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		mm_log_error("attachment store %s: %s", dir, strerror(errno));
		goto out;
	}
	fchmod(fd, 0644);	/* nginx serves the file; the umask must not hide it */
	for (long long done = 0; done < length; ) {
		long long n = length - done < COPY_CHUNK ? length - done : COPY_CHUNK;
		if (copy_range(src, offset + done, n, fd, buf) != 0 ||
		    hash_range(md, src, offset + done, n, buf) != 0) {
			err = errno;
			mm_log_error("copying into the attachment store: %s", strerror(err));
			goto out;
		}
		done += n;
	}
	unsigned int mdlen = 0;
	if (fsync(fd) != 0 || EVP_DigestFinal_ex(md, sha256, &mdlen) != 1 || mdlen != 32) {
		err = errno;
		mm_log_error("attachment store fsync: %s", strerror(err));
		goto out;
	}
	if (link_into_place(dirfd, fd, id) != 0) {
		err = errno;
		mm_log_error("naming a stored attachment: %s", strerror(err));
		if (id[0])
			unlinkat(dirfd, id, 0);
		id[0] = '\0';
		goto out;
	}
	rc = 0;
out:
	EVP_MD_CTX_free(md);
	free(buf);
	if (fd >= 0)
		close(fd);
	if (dirfd >= 0)
		close(dirfd);
	return rc == 0 ? 0 : no_room(err) ? MM_STORE_FULL : -1;
}

int mm_store_delete(const char *id)
{
	char path[4096];
	if (mm_store_path(id, path, sizeof path) != 0)
		return -1;
	if (unlink(path) != 0 && errno != ENOENT) {
		mm_log_error("removing a stored attachment: %s", strerror(errno));
		return -1;
	}
	return 0;
}

long mm_store_sweep(time_t now, long min_age_seconds, int (*in_use)(const char *id))
{
	const char *dir = store_dir();
	DIR *d = dir ? opendir(dir) : NULL;
	if (!d)
		return -1;
	long removed = 0;
	struct dirent *e;
	struct stat st;
	while ((e = readdir(d))) {
		if (!mm_store_id_ok(e->d_name) || fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || now - st.st_mtime < min_age_seconds)
			continue;
		int used = in_use(e->d_name);
		if (used < 0) {
			removed = -1;
			break;
		}
		if (used == 0 && unlinkat(dirfd(d), e->d_name, 0) == 0) {
			mm_log_info("removed unrecorded attachment %s", e->d_name);
			removed++;
		}
	}
	closedir(d);
	return removed;
}

/* attr-char of RFC 5987: sent as is; everything else percent-encoded. */
static int attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$&+-.^_`|~", c));
}

void mm_content_disposition(struct mm_buf *out, const char *name)
{
	mm_buf_puts(out, "attachment; filename=\"");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p >= 0x80) {
			while ((p[1] & 0xC0) == 0x80)
				p++;	/* one '_' per non-ASCII character */
			mm_buf_puts(out, "_");
		} else if (*p < 0x20 || *p == 0x7F || *p == '"' || *p == '\\' || *p == '%') {
			mm_buf_puts(out, "_");
		} else {
			mm_buf_add(out, (const char *)p, 1);
		}
	}
	mm_buf_puts(out, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (attr_char(*p))
			mm_buf_add(out, (const char *)p, 1);
		else
			mm_buf_printf(out, "%%%02X", *p);
	}
}

/* Types a browser shows without running anything; others download as
 * bytes (HTML, SVG, XML, JavaScript, PDF's scripting aside, ...). */
const char *mm_download_type(const char *ct)
{
	static const char *const passive[] = {
		"application/pdf", "application/zip", "application/gzip",
		"application/x-7z-compressed", "application/vnd.ms-excel",
		"application/msword", "application/vnd.ms-powerpoint",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation",
		"image/png", "image/jpeg", "image/gif", "image/webp", "text/plain", "text/csv",
	};
	for (size_t i = 0; ct && i < sizeof passive / sizeof *passive; i++)
		if (strcasecmp(ct, passive[i]) == 0)
			return passive[i];
	return "application/octet-stream";
}

int mm_send_stored_file(struct mm_req *r, const char *id, const char *file_name,
			const char *content_type)
{
	if (!mm_store_id_ok(id))
		return mm_error_page(r, 404, NULL);
	struct mm_buf v = { 0 };
	mm_buf_puts(&v, mm_cfg_str("Attachments.InternalUri", "/_attachments/"));
	mm_buf_puts(&v, id);
	int rc = mm_header(r, "X-Accel-Redirect", mm_buf_str(&v));
	mm_buf_reset(&v);
	mm_content_disposition(&v, file_name);
	if (rc == 0)
		rc = mm_header(r, "Content-Disposition", mm_buf_str(&v));
	const char *type = mm_download_type(content_type);
	if (rc == 0)
		rc = mm_header(r, "Content-Type", type);
	mm_buf_free(&v);
	if (rc != 0)
		return mm_error_page(r, 500, NULL);
	mm_buf_reset(&r->body);
	r->status = 200;
	r->responded = 1;
	return 0;
}
