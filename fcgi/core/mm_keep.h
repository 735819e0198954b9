/* A small keep of a worker process: up to n entries of what a page read or
 * rendered, found again by key, each checked by its owner before it is
 * shown again, the least recently used given up first when room is needed,
 * bounded in bytes too when max_bytes is set.
 *
 * The entries are the owner's array: each begins with a struct
 * mm_keep_entry and is found by the owner's is_key. A program serves one
 * request at a time per process, so a keep is its worker's own: nothing in
 * it is shared or locked. */
#ifndef MM_KEEP_H
#define MM_KEEP_H
#include <stddef.h>

struct mm_keep_entry {
	int held;			/* the slot holds an entry */
	size_t bytes;			/* its share of max_bytes */
	unsigned long long used;	/* the keep's clock at its last find or take */
};

struct mm_keep {
	void *entries;		/* n entries of entry_size bytes, zeroed at first */
	size_t entry_size;
	int n;
	size_t max_bytes;	/* 0: bounded in entries only */
	/* entry is the one of key */
	int (*is_key)(const void *entry, const void *key);
	/* entry may be shown again, by what check says (the caller's: a
	 * fingerprint, a time and generation); NULL: always */
	int (*still_valid)(const void *entry, const void *check);
	/* frees what entry holds besides itself; NULL: nothing */
	void (*release)(void *entry);
	size_t bytes;		/* held now */
	unsigned long long clock;
};

/* A keep over a static array of entries. */
#define MM_KEEP_OVER(array, is_key, still_valid, release, max_bytes)                      \
	{ (array), sizeof (array)[0], (int)(sizeof (array) / sizeof (array)[0]), (max_bytes), \
	  (is_key), (still_valid), (release), 0, 0 }

/* The entry of key when still_valid(entry, check) says it may be shown
 * again (counted as used), else NULL; an entry of key that may not is
 * given up. */
void *mm_keep_find(struct mm_keep *k, const void *key, const void *check);

/* An empty entry (all but its header zeroed) for the owner to fill as
 * key's, counted as used and holding bytes of max_bytes: key's former
 * entry is given up, then the least recently used ones while the bytes
 * would not fit; the entry is a free slot, else, when check is not NULL,
 * one that may not be shown again by check, else the least recently used
 * one. NULL when bytes exceed max_bytes (nothing is kept for key). */
void *mm_keep_take(struct mm_keep *k, const void *key, size_t bytes, const void *check);

/* Gives up entry (released, zeroed, its slot free). */
void mm_keep_drop(struct mm_keep *k, void *entry);

#endif
