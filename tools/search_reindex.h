/* mimamori-admin search-reindex: rebuilds the search side index
 * (fcgi/core/mm_ngram.h). */
#ifndef SEARCH_REINDEX_H
#define SEARCH_REINDEX_H

/* search-reindex [--tenant N#########]... [--knowledge]: rebuilds the named
 * owners' entries, or (no argument) those of every owner marked pending
 * (sql/019_search_index.sql). Exit code: 0 done, 1 error, 2 usage. */
int search_reindex_cmd(int argc, char **argv);

#endif
