/* The demo knowledge content loader (tools/demo/knowledge/ format, see
 * tools/demo_knowledge.c). */
#ifndef DEMO_KNOWLEDGE_H
#define DEMO_KNOWLEDGE_H

/* Loads every directory of dirs (':'-separated; NULL: $MM_DEMO_KNOWLEDGE_DIR,
 * else tools/demo/knowledge next to the configured templates). Idempotent
 * by key: what exists is left as it is. 0, or -1 (reason on stderr). */
int demo_knowledge(const char *dirs);

#endif
