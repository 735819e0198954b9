/* User IDs suggested from an e-mail address (AUTH-1, ACC-3): the address
 * itself when it fits, else the address + ".cs", then ".cs2", ".cs3"...,
 * the address cut so that the whole stays within MM_LOGIN_ID_MAX
 * characters. Every candidate passes mm_v_login_id: an address with
 * characters a user ID cannot hold (o'brien@…, a non-ASCII local part) is
 * never used as it is; its candidates start at ".cs", without those
 * characters. Signup approval and the customer admin's "create a user"
 * take the first candidate that is free. */
#ifndef MM_LOGIN_ID_H
#define MM_LOGIN_ID_H

#define MM_LOGIN_ID_MAX 40
/* Candidates tried before giving up. */
#define MM_LOGIN_ID_VARIANTS 100

/* The first candidate number worth trying for email: 0 (the address as it
 * is) when it fits and is a valid user ID, else 1 (".cs"). */
int mm_login_id_first(const char *email);
/* Candidate n (0: the address, 1: ".cs", n > 1: ".cs<n>") into out. */
void mm_login_id_candidate(const char *email, int n, char out[MM_LOGIN_ID_MAX + 1]);

#endif
