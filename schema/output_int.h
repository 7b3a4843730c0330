/* SPDX-License-Identifier: MIT */
/*
 * schema/output_int.h: helpers shared by the realm writers (json.c,
 * hclout.c, mermaid.c). Private to schema/.
 */
#ifndef STRATA_SCHEMA_OUTPUT_INT_H
#define STRATA_SCHEMA_OUTPUT_INT_H

#include <stddef.h>
#include <stdint.h>

/* The code point a bad byte stands for in the output. */
#define SM__UTF8_BAD 0xFFFDu

/*
 * Decodes one UTF-8 sequence at s (n > 0 bytes left) as Go's
 * utf8.DecodeRuneInString does: overlong forms, surrogates and values
 * above U+10FFFF are invalid. Returns the length consumed (1 for an
 * invalid byte, with *cp = SM__UTF8_BAD).
 */
size_t sm__utf8_decode(uint32_t *cp, const unsigned char *s, size_t n);

#endif
