/* Attachment store (mm_store.h): kernel copy of a byte range with its
 * SHA-256, ids, removal, download headers. */
#include "mm.h"
#include "mm_store.h"
#include "mm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static int files_in_store(void)
{
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	return n;
}

/* The store directory and the configuration naming it. */
MM_TEST(test_setup)
{
	snprintf(dir, sizeof dir, "/tmp/mm-store-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	char conf[128];
	snprintf(conf, sizeof conf, "%s.hdf", dir);
	FILE *f = fopen(conf, "w");
	fprintf(f, "Paths.Attachments = %s\n", dir);
	fclose(f);
	CHECK_INTEQ(mm_config_load(conf), 0);
	unlink(conf);
}

MM_TEST(test_put_range)
{
	/* 20 MiB + 3: more than one copy chunk */
	const size_t size = 20 * 1024 * 1024 + 3;
	char *data = malloc(size);
	for (size_t i = 0; i < size; i++)
		data[i] = (char)(i * 7 + i / 4096);
	int src = memfd_create("src", 0);
	CHECK(write(src, data, size) == (ssize_t)size);
	char id[MM_STORE_ID_LEN + 1];
	unsigned char sha[32], want[32];
	const long long off = 1000, len = (long long)size - 2000;
	CHECK_INTEQ(mm_store_put(src, off, len, id, sha), 0);
	mm_sha256(data + off, (size_t)len, want);
	CHECK_MEMEQ(sha, want, 32);
	CHECK(mm_store_id_ok(id));
	char path[256];
	CHECK_INTEQ(mm_store_path(id, path, sizeof path), 0);
	struct stat st;
	CHECK_INTEQ(stat(path, &st), 0);
	CHECK_INTEQ(st.st_size, len);
	CHECK_INTEQ(st.st_mode & 0777, 0644);
	FILE *f = fopen(path, "rb");
	char *back = malloc((size_t)len);
	CHECK(f && fread(back, 1, (size_t)len, f) == (size_t)len);
	CHECK_MEMEQ(back, data + off, (size_t)len);
	if (f)
		fclose(f);
	CHECK_INTEQ(files_in_store(), 1);
	CHECK_INTEQ(mm_store_delete(id), 0);
	CHECK_INTEQ(mm_store_delete(id), 0);	/* already gone */
	CHECK_INTEQ(files_in_store(), 0);
	free(back);
	free(data);
	close(src);
}

MM_TEST(test_failed_copy_leaves_nothing)
{
	int src = memfd_create("src", 0);
	CHECK(write(src, "abc", 3) == 3);
	char id[MM_STORE_ID_LEN + 1];
	unsigned char sha[32];
	/* the range runs past the end of the source */
	CHECK_INTEQ(mm_store_put(src, 1, 100, id, sha), -1);
	CHECK_STREQ(id, "");
	CHECK_INTEQ(files_in_store(), 0);
	close(src);
	CHECK_INTEQ(mm_store_put(-1, 0, 3, id, sha), -1);
	CHECK_INTEQ(files_in_store(), 0);
}

/* No room (here the file size limit, which fails a write with EFBIG as a
 * full disk does with ENOSPC): MM_STORE_FULL, and nothing stored. */
MM_TEST(test_no_room)
{
	const size_t size = 256 * 1024;
	char *data = calloc(1, size);
	int src = memfd_create("src", 0);
	CHECK(write(src, data, size) == (ssize_t)size);
	struct rlimit old;
	CHECK_INTEQ(getrlimit(RLIMIT_FSIZE, &old), 0);
	struct rlimit small = { 64 * 1024, old.rlim_max };
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	CHECK_INTEQ(setrlimit(RLIMIT_FSIZE, &small), 0);
	char id[MM_STORE_ID_LEN + 1];
	unsigned char sha[32];
	int rc = mm_store_put(src, 0, (long long)size, id, sha);
	CHECK_INTEQ(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, was);
	CHECK_INTEQ(rc, MM_STORE_FULL);
	CHECK_STREQ(id, "");
	CHECK_INTEQ(files_in_store(), 0);
	/* with room again, the same range is stored */
	CHECK_INTEQ(mm_store_put(src, 0, (long long)size, id, sha), 0);
	CHECK_INTEQ(mm_store_delete(id), 0);
	close(src);
	free(data);
}

MM_TEST(test_ids)
{
	char path[256];
	CHECK(mm_store_id_ok("0123456789abcdef0123456789abcdef"));
	CHECK(!mm_store_id_ok("0123456789ABCDEF0123456789abcdef"));
	CHECK(!mm_store_id_ok("../23456789abcdef0123456789abcdef"));
	CHECK(!mm_store_id_ok("0123456789abcdef"));
	CHECK(!mm_store_id_ok(NULL));
	CHECK_INTEQ(mm_store_path("../x", path, sizeof path), -1);
	CHECK_INTEQ(mm_store_delete("../../etc/passwd"), -1);
}

MM_TEST(test_content_disposition)
{
	struct mm_buf b = { 0 };
	mm_content_disposition(&b, "月次レポート 2026-11.pdf");
	CHECK_STREQ(mm_buf_str(&b), "attachment; filename=\"______ 2026-11.pdf\"; "
		    "filename*=UTF-8''%E6%9C%88%E6%AC%A1%E3%83%AC%E3%83%9D%E3%83%BC%E3%83%88%202026-11.pdf");
	mm_buf_reset(&b);
	mm_content_disposition(&b, "a\"b\\c%d;e.txt");
	CHECK_STREQ(mm_buf_str(&b), "attachment; filename=\"a_b_c_d;e.txt\"; "
		    "filename*=UTF-8''a%22b%5Cc%25d%3Be.txt");
	mm_buf_free(&b);
}

MM_TEST(test_download_type)
{
	CHECK_STREQ(mm_download_type("application/pdf"), "application/pdf");
	CHECK_STREQ(mm_download_type("IMAGE/PNG"), "image/png");
	CHECK_STREQ(mm_download_type("text/html"), "application/octet-stream");
	CHECK_STREQ(mm_download_type("image/svg+xml"), "application/octet-stream");
	CHECK_STREQ(mm_download_type("application/xhtml+xml"), "application/octet-stream");
	CHECK_STREQ(mm_download_type("text/xml"), "application/octet-stream");
	CHECK_STREQ(mm_download_type("application/javascript"), "application/octet-stream");
	CHECK_STREQ(mm_download_type(NULL), "application/octet-stream");
}

MM_TEST(test_teardown)
{
	CHECK_INTEQ(rmdir(dir), 0);
}

MM_TEST_MAIN(test_setup, test_put_range, test_failed_copy_leaves_nothing, test_no_room, test_ids,
	     test_content_disposition, test_download_type, test_teardown)
