/* Per-worker keeps (mm_keep.h): found by key, checked on read, least
 * recently used out first, bounded in entries and in bytes. */
#include "mm_test.h"
#include "mm_keep.h"

struct item {
	struct mm_keep_entry head;
	int key;
	int version;	/* what it was made from */
	char *data;
};

static int released;

static int item_is_key(const void *entry, const void *key)
{
	return ((const struct item *)entry)->key == *(const int *)key;
}

static int item_current(const void *entry, const void *version)
{
	return ((const struct item *)entry)->version == *(const int *)version;
}

static void item_release(void *entry)
{
	free(((struct item *)entry)->data);
	released++;
}

/* Keeps key made from version, with a payload of bytes. */
static struct item *put(struct mm_keep *k, int key, int version, size_t bytes)
{
	struct item *it = mm_keep_take(k, &key, bytes, NULL);
	if (!it)
		return NULL;
	CHECK_INTEQ(it->key, 0);
	CHECK(it->data == NULL);
	it->key = key;
	it->version = version;
	it->data = malloc(bytes + 1);
	return it;
}

static int found(struct mm_keep *k, int key, int version)
{
	return mm_keep_find(k, &key, &version) != NULL;
}

MM_TEST(test_find_and_check)
{
	struct item items[4] = { 0 };
	struct mm_keep k = MM_KEEP_OVER(items, item_is_key, item_current, item_release, 0);
	released = 0;
	CHECK(!found(&k, 1, 1));
	struct item *a = put(&k, 1, 1, 10);
	CHECK(a != NULL);
	CHECK(found(&k, 1, 1));
	CHECK(!found(&k, 2, 1));
	/* made from something else: given up, not found again */
	CHECK(!found(&k, 1, 2));
	CHECK_INTEQ(released, 1);
	CHECK(!found(&k, 1, 1));
	CHECK_INTEQ(a->head.held, 0);
	/* keeping a key again gives up its former entry */
	put(&k, 3, 1, 1);
	put(&k, 3, 2, 1);
	CHECK_INTEQ(released, 2);
	CHECK(found(&k, 3, 2));
	int held = 0;
	for (int i = 0; i < 4; i++)
		held += items[i].head.held;
	CHECK_INTEQ(held, 1);
	/* dropped by its owner (a read that failed) */
	struct item *b = put(&k, 4, 1, 1);
	mm_keep_drop(&k, b);
	CHECK_INTEQ(released, 3);
	CHECK(!found(&k, 4, 1));
	mm_keep_drop(&k, b);	/* twice: nothing more */
	CHECK_INTEQ(released, 3);
	for (int i = 0; i < 4; i++)
		mm_keep_drop(&k, &items[i]);
}

MM_TEST(test_least_recent_out)
{
	struct item items[3] = { 0 };
	struct mm_keep k = MM_KEEP_OVER(items, item_is_key, item_current, item_release, 0);
	put(&k, 1, 0, 1);
	put(&k, 2, 0, 1);
	put(&k, 3, 0, 1);
	CHECK(found(&k, 1, 0));	/* 2 is now the least recently used */
	put(&k, 4, 0, 1);
	CHECK(found(&k, 1, 0));
	CHECK(!found(&k, 2, 0));
	CHECK(found(&k, 3, 0));
	CHECK(found(&k, 4, 0));
	/* with a check, an entry that may not be shown again goes first,
	 * however recently used */
	items[2].version = 9;	/* 3's, now the most recently used */
	CHECK(found(&k, 3, 9));
	int version = 0;
	int five = 5;
	struct item *it = mm_keep_take(&k, &five, 1, &version);
	CHECK(it == &items[2]);
	it->key = 5;
	CHECK(found(&k, 1, 0));
	CHECK(found(&k, 4, 0));
	for (int i = 0; i < 3; i++)
		mm_keep_drop(&k, &items[i]);
	CHECK_INTEQ((long long)k.bytes, 0);
}

MM_TEST(test_bytes)
{
	struct item items[8] = { 0 };
	struct mm_keep k = MM_KEEP_OVER(items, item_is_key, item_current, item_release, 100);
	put(&k, 1, 0, 40);
	put(&k, 2, 0, 40);
	CHECK_INTEQ((long long)k.bytes, 80);
	CHECK(found(&k, 1, 0));	/* 2 is the least recently used */
	put(&k, 3, 0, 40);
	CHECK(found(&k, 1, 0));
	CHECK(!found(&k, 2, 0));
	CHECK(found(&k, 3, 0));
	CHECK_INTEQ((long long)k.bytes, 80);
	/* larger than the whole keep: not kept, and key's former entry gone */
	CHECK(put(&k, 1, 1, 101) == NULL);
	CHECK(!found(&k, 1, 0));
	CHECK_INTEQ((long long)k.bytes, 40);
	/* exactly the whole keep: everything else goes */
	CHECK(put(&k, 4, 0, 100) != NULL);
	CHECK(!found(&k, 3, 0));
	CHECK(found(&k, 4, 0));
	CHECK_INTEQ((long long)k.bytes, 100);
	for (int i = 0; i < 8; i++)
		mm_keep_drop(&k, &items[i]);
	CHECK_INTEQ((long long)k.bytes, 0);
}

MM_TEST_MAIN(test_find_and_check, test_least_recent_out, test_bytes)
