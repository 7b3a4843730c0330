/* SPDX-License-Identifier: MIT */
/*
 * util/hash.h: SHA-256 (OpenSSL EVP) with "digest so far", base64, XXH3
 * (libxxhash) and FNV-1 for lock names.
 */
#ifndef STRATA_UTIL_HASH_H
#define STRATA_UTIL_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ut_buf;

#define UT_SHA256_LEN 32
#define UT_SHA256_B64_LEN 44

typedef struct ut_sha256 ut_sha256;

ut_sha256 *ut_sha256_new(void);
void ut_sha256_free(ut_sha256 *h);
void ut_sha256_update(ut_sha256 *h, const void *data, size_t n);
/* Digest of everything so far; h keeps accepting updates. */
void ut_sha256_peek(ut_sha256 *h, unsigned char out[UT_SHA256_LEN]);
/* Final digest; h is reset to empty. */
void ut_sha256_final(ut_sha256 *h, unsigned char out[UT_SHA256_LEN]);

/* Standard base64 with padding, NUL-terminated; out needs 4*ceil(n/3)+1. */
void ut_base64(char *out, const unsigned char *in, size_t n);
/* base64 of a SHA-256 digest: 44 chars + NUL. */
void ut_sha256_b64(char out[UT_SHA256_B64_LEN + 1],
		   const unsigned char d[UT_SHA256_LEN]);

uint64_t ut_xxh3(const void *data, size_t n);
uint32_t ut_fnv1_32(const char *s);
uint64_t ut_str_hash(const char *s, bool nocase);

#endif
