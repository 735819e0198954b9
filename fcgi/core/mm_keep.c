/* Per-worker keeps of read or rendered pages (mm_keep.h). */
#include "mm_keep.h"
#include <string.h>

static struct mm_keep_entry *entry_at(const struct mm_keep *k, int i)
{
	return (struct mm_keep_entry *)((char *)k->entries + (size_t)i * k->entry_size);
}

static struct mm_keep_entry *held_of(const struct mm_keep *k, const void *key)
{
	for (int i = 0; i < k->n; i++) {
		struct mm_keep_entry *e = entry_at(k, i);
		if (e->held && k->is_key(e, key))
			return e;
	}
	return NULL;
}

static struct mm_keep_entry *least_recent(const struct mm_keep *k)
{
	struct mm_keep_entry *oldest = NULL;
	for (int i = 0; i < k->n; i++) {
		struct mm_keep_entry *e = entry_at(k, i);
		if (e->held && (!oldest || e->used < oldest->used))
			oldest = e;
	}
	return oldest;
}

static int may_show(const struct mm_keep *k, const struct mm_keep_entry *e, const void *check)
{
	return !k->still_valid || k->still_valid(e, check);
}

void mm_keep_drop(struct mm_keep *k, void *entry)
{
	struct mm_keep_entry *e = entry;
	if (!e || !e->held)
		return;
	if (k->release)
		k->release(e);
	k->bytes -= e->bytes;
	memset(e, 0, k->entry_size);
}

void *mm_keep_find(struct mm_keep *k, const void *key, const void *check)
{
	struct mm_keep_entry *e = held_of(k, key);
	if (!e)
		return NULL;
	if (!may_show(k, e, check)) {
		mm_keep_drop(k, e);
		return NULL;
	}
	e->used = ++k->clock;
	return e;
}

void *mm_keep_take(struct mm_keep *k, const void *key, size_t bytes, const void *check)
{
	mm_keep_drop(k, held_of(k, key));
	if (k->max_bytes && bytes > k->max_bytes)
		return NULL;
	struct mm_keep_entry *e;
	while (k->max_bytes && k->bytes + bytes > k->max_bytes && (e = least_recent(k)))
		mm_keep_drop(k, e);
	e = NULL;
	for (int i = 0; i < k->n && !e; i++)
		if (!entry_at(k, i)->held)
			e = entry_at(k, i);
	for (int i = 0; i < k->n && !e && check; i++)
		if (!may_show(k, entry_at(k, i), check))
			e = entry_at(k, i);
	if (!e && !(e = least_recent(k)))
		return NULL;	/* a keep of no entries */
	mm_keep_drop(k, e);
	e->held = 1;
	e->bytes = bytes;
	e->used = ++k->clock;
	k->bytes += bytes;
	return e;
}
