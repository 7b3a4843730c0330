/* SPDX-License-Identifier: MIT */
/*
 * util/ut.h: the one header the rest of strata includes for the utility
 * layer: errors, buffers, arenas, vectors, maps, files and hashing.
 */
#ifndef STRATA_UTIL_UT_H
#define STRATA_UTIL_UT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#	define UT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#	define UT_NORETURN __attribute__((noreturn))
#	define UT_UNUSED __attribute__((unused))
#	define UT_LIKELY(x) __builtin_expect(!!(x), 1)
#	define UT_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#	define UT_PRINTF(f, a)
#	define UT_NORETURN
#	define UT_UNUSED
#	define UT_LIKELY(x) (x)
#	define UT_UNLIKELY(x) (x)
#endif

#define UT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define UT_MIN(a, b) ((a) < (b) ? (a) : (b))
#define UT_MAX(a, b) ((a) > (b) ? (a) : (b))

#include "error.h"
#include "alloc.h"
#include "buf.h"
#include "arena.h"
#include "vec.h"
#include "map.h"
#include "str.h"
#include "file.h"
#include "hash.h"
#include "diag.h"

/*
 * The system headers that declare banned functions come first, so a file
 * that includes them after ut.h (through another header) still compiles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#endif
