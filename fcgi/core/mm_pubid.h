/* Public numbers of rows that customers see or type (alerts, devices,
 * attachments, users). The tables' AUTO_INCREMENT ids are shared by all
 * tenants, so showing them would let a customer count the other tenants'
 * rows between two of its own (spec §0, X-6). A public number is the id
 * put through a keyed permutation of the 48-bit id space (a 4-round Feistel
 * network whose round function is AES-128, keyed per kind from
 * Secrets.Key), written in decimal: it reveals nothing of its neighbours,
 * and the database keeps its ids. Changing Secrets.Key changes every
 * number (docs/deploy.md). */
#ifndef MM_PUBID_H
#define MM_PUBID_H
#include <stddef.h>

enum mm_pubid_kind {
	MM_PUBID_ALERT,
	MM_PUBID_DEVICE,
	MM_PUBID_ATTACHMENT,
	MM_PUBID_USER,
	MM_PUBID_KINDS
};

/* Ids and public numbers lie in 0 .. 2^48 - 1. */
#define MM_PUBID_MAX ((1LL << 48) - 1)
/* At most 15 decimal digits and the NUL. */
#define MM_PUBID_CHARS 16

/* With the server key given (16..64 bytes): 0, or -1 for an id out of range
 * or a bad key (out is then ""). */
int mm_pubid_encode_key(const unsigned char *key, size_t keylen, enum mm_pubid_kind kind,
			long long id, char out[MM_PUBID_CHARS]);
/* 0 with *id set, or -1 when text is not a canonical public number (only
 * digits, no leading zero, within range) or the key is bad. */
int mm_pubid_decode_key(const unsigned char *key, size_t keylen, enum mm_pubid_kind kind,
			const char *text, long long *id);

/* The same with Secrets.Key of the configuration. */
int mm_pubid_encode(enum mm_pubid_kind kind, long long id, char out[MM_PUBID_CHARS]);
int mm_pubid_decode(enum mm_pubid_kind kind, const char *text, long long *id);

/* Sets the HDF value path of the request to the public number of id (""
 * when it cannot be made, so that no raw id ever shows). */
struct mm_req;
void mm_pubid_set(struct mm_req *r, const char *path, enum mm_pubid_kind kind, long long id);

#endif
