/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/replay.c: the main() of a fuzz target outside the fuzz build.
 * Each argument is a file or a directory of files (not recursive); every
 * file is passed once to LLVMFuzzerTestOneInput. A crash, sanitizer report
 * or failed property ends the run, so the regression inputs kept in
 * testdata/fuzz/<target>/ run in every build (CTest fuzz.replay.<target>).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, cap = 0;

	if (!f) {
		fprintf(stderr, "replay: cannot open '%s': %s\n", path,
		        strerror(errno));
		return -1;
	}
	for (;;) {
		size_t r;
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			data = realloc(data, cap);
			if (!data) {
				fprintf(stderr, "replay: out of memory\n");
				fclose(f);
				return -1;
			}
		}
		r = fread(data + len, 1, cap - len, f);
		len += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "replay: cannot read '%s'\n", path);
		fclose(f);
		free(data);
		return -1;
	}
	fclose(f);
	/* the exact size, so ASan sees a read past the end of the input */
	{
		unsigned char *exact = malloc(len ? len : 1);
		if (!exact) {
			free(data);
			return -1;
		}
		memcpy(exact, data, len);
		free(data);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *path, size_t *count)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int error = 0;

	if (!d) {
		fprintf(stderr, "replay: cannot open '%s': %s\n", path,
		        strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names || !(names[n] = malloc(strlen(path) +
		                                  strlen(de->d_name) + 2))) {
			fprintf(stderr, "replay: out of memory\n");
			exit(1);
		}
		snprintf(names[n], strlen(path) + strlen(de->d_name) + 2,
		         "%s/%s", path, de->d_name);
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (error == 0 && stat(names[i], &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			error = run_file(names[i]);
			(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return error;
}

int main(int argc, char **argv)
{
	size_t count = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s <file-or-dir>...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int error;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: '%s': %s\n", argv[i],
			        strerror(errno));
			return 1;
		}
		if (S_ISDIR(st.st_mode)) {
			error = run_dir(argv[i], &count);
		} else {
			error = run_file(argv[i]);
			count++;
		}
		if (error < 0)
			return 1;
	}
	if (count == 0) {
		fprintf(stderr, "replay: no inputs\n");
		return 1;
	}
	printf("%zu inputs passed\n", count);
	return 0;
}
