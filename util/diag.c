/* SPDX-License-Identifier: MIT */
/* util/diag.c: offsets to line:column. Columns count UTF-8 characters. */
#include "ut.h"

ut_pos ut_pos_at(const char *text, size_t len, size_t off)
{
	ut_pos pos = { 1, 1 };

	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			pos.line++;
			pos.col = 1;
		} else if ((c & 0xC0) != 0x80) {
			pos.col++;
		}
	}
	return pos;
}
