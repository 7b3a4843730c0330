/* SPDX-License-Identifier: MIT */
/*
 * util/hash.c: SHA-256 through OpenSSL's EVP interface. "Peek" copies the
 * context and finalises the copy: Atlas's atlas.sum hashes are the digests
 * of one running hasher that is never reset.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <xxhash.h>

#include "ut.h"

struct ut_sha256 {
	EVP_MD_CTX *ctx;
	EVP_MD_CTX *tmp;
};

ut_sha256 *ut_sha256_new(void)
{
	ut_sha256 *h = ut_xcalloc(1, sizeof(*h));
	h->ctx = EVP_MD_CTX_new();
	h->tmp = EVP_MD_CTX_new();
	if (!h->ctx || !h->tmp || !EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL))
		ut_die_oom();
	return h;
}

void ut_sha256_free(ut_sha256 *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	EVP_MD_CTX_free(h->tmp);
	free(h);
}

void ut_sha256_update(ut_sha256 *h, const void *data, size_t n)
{
	if (n)
		EVP_DigestUpdate(h->ctx, data, n);
}

void ut_sha256_peek(ut_sha256 *h, unsigned char out[UT_SHA256_LEN])
{
	unsigned int len = 0;
	if (!EVP_MD_CTX_copy_ex(h->tmp, h->ctx))
		ut_die_oom();
	EVP_DigestFinal_ex(h->tmp, out, &len);
}

void ut_sha256_final(ut_sha256 *h, unsigned char out[UT_SHA256_LEN])
{
	unsigned int len = 0;
	EVP_DigestFinal_ex(h->ctx, out, &len);
	EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL);
}

void ut_base64(char *out, const unsigned char *in, size_t n)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i = 0, o = 0;

	for (; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
			     in[i + 2];
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = tab[v >> 6 & 63];
		out[o++] = tab[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = i + 1 < n ? tab[v >> 6 & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
}

void ut_sha256_b64(char out[UT_SHA256_B64_LEN + 1],
		   const unsigned char d[UT_SHA256_LEN])
{
	ut_base64(out, d, UT_SHA256_LEN);
}

uint64_t ut_xxh3(const void *data, size_t n)
{
	return XXH3_64bits(data, n);
}

uint32_t ut_fnv1_32(const char *s)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h *= 16777619u;
		h ^= *p;
	}
	return h;
}

uint64_t ut_str_hash(const char *s, bool nocase)
{
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= nocase ? (unsigned char)tolower(*p) : *p;
		h *= 1099511628211ULL;
	}
	return h;
}
