/* SPDX-License-Identifier: MIT */
/*
 * dialects/postgres/devserver.c: docker://postgres/<tag>/<db> dev
 * databases without Docker. The first such URL of a process starts a
 * throwaway server from the installed binaries (initdb + postgres) in a
 * temporary directory, listening only on a private unix socket, with
 * fsync off; later URLs reuse it. The server is stopped and its directory
 * removed at exit, on SIGINT/SIGTERM/SIGHUP too, and the server dies with
 * us even when we are killed outright (PR_SET_PDEATHSIG).
 *
 * initdb and postgres refuse to run as root: as root they run as the
 * "postgres" system user (or "nobody"), which owns the directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pg_int.h"
#include "ut.h"

#define DEV_PORT "5432"
#define START_TIMEOUT_NS (60LL * 1000000000LL)

/* The one server of this process (async-signal handlers read it). */
static struct devserver {
	volatile pid_t pid; /* postmaster, 0 when none */
	char *dir;          /* temporary directory (data/ and the socket) */
	char *bindir;
	bool hooks;         /* atexit and signal handlers installed */
} dev;

static void stop_server(bool fast)
{
	pid_t pid = dev.pid;

	if (pid > 0) {
		int st;
		/* SIGQUIT: immediate shutdown, nothing to keep */
		kill(pid, fast ? SIGQUIT : SIGINT);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		dev.pid = 0;
	}
	if (dev.dir) {
		ut_rm_rf(dev.dir);
		free(dev.dir);
		dev.dir = NULL;
	}
}

static void at_exit(void)
{
	stop_server(true);
	free(dev.bindir);
	dev.bindir = NULL;
}

static void on_signal(int sig)
{
	stop_server(true);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_hooks(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	if (dev.hooks)
		return;
	dev.hooks = true;
	atexit(at_exit);
	for (size_t i = 0; i < UT_ARRAY_SIZE(sigs); i++) {
		struct sigaction sa, old;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		/* leave an ignored signal ignored (nohup) */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* Major version from a tag: "15", "15.4", "15-alpine" -> 15; 0 = any. */
static int tag_major(const char *tag)
{
	int v = 0;

	for (const char *p = tag; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (*p - '0');
	return v;
}

/*
 * The bin directory of the installed server: the tag's major version when
 * installed, else the newest one.
 */
static char *find_bindir(int want)
{
	DIR *d = opendir("/usr/lib/postgresql");
	struct dirent *e;
	int best = -1;
	char *path;

	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		int v = tag_major(e->d_name);
		char *initdb;
		if (v <= 0)
			continue;
		initdb = ut_xasprintf("/usr/lib/postgresql/%s/bin/initdb",
				      e->d_name);
		if (access(initdb, X_OK) == 0 &&
		    (v == want || (best != want && v > best)))
			best = v;
		free(initdb);
	}
	closedir(d);
	if (best < 0)
		return NULL;
	path = ut_xasprintf("/usr/lib/postgresql/%d/bin", best);
	return path;
}

/* The user the server runs as: ourselves, or "postgres" when we are root. */
static int server_user(uid_t *uid, gid_t *gid)
{
	struct passwd *pw;

	*uid = getuid();
	*gid = getgid();
	if (geteuid() != 0)
		return 0;
	pw = getpwnam("postgres");
	if (!pw)
		pw = getpwnam("nobody");
	if (!pw)
		return ut_error_set(UT_ERROR,
				    "postgres dev server: running as root and no 'postgres' user to run the server as");
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

/*
 * Runs argv as the server user with stdout/stderr to log. wait = true:
 * waits and returns the exit status; else returns the child's pid.
 */
static pid_t spawn(const char *const args[], const char *log, uid_t uid,
		   gid_t gid, bool daemon)
{
	char *argv[32];
	size_t n = 0;
	pid_t pid;

	/* execv wants writable strings: copies, made before the fork */
	for (; args[n] && n + 1 < UT_ARRAY_SIZE(argv); n++)
		argv[n] = ut_xstrdup(args[n]);
	argv[n] = NULL;
	pid = fork();
	if (pid != 0) {
		for (size_t i = 0; i < n; i++)
			free(argv[i]);
		return pid;
	}
	/* child: only async-signal-safe calls from here */
	{
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		int null = open("/dev/null", O_RDONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (null >= 0)
			dup2(null, 0);
		/* terminal signals are ours to pass on */
		setsid();
		if (geteuid() == 0) {
			if (setgid(gid) < 0 || setuid(uid) < 0)
				_exit(126);
		}
		if (daemon)
			prctl(PR_SET_PDEATHSIG, SIGQUIT);
		execv(argv[0], argv);
		_exit(127);
	}
}

static int wait_status(pid_t pid)
{
	int st = 0;

	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* The last line of a log file, for error messages. */
static char *log_tail(const char *path)
{
	ut_buf b = UT_BUF_INIT;
	char *line;
	size_t end, start;

	if (ut_file_read(&b, path) < 0) {
		ut_error_clear();
		ut_buf_release(&b);
		return ut_xstrdup("(no log)");
	}
	end = b.len;
	while (end && (b.ptr[end - 1] == '\n' || b.ptr[end - 1] == ' '))
		end--;
	start = end;
	while (start && b.ptr[start - 1] != '\n')
		start--;
	line = ut_xstrndup(b.ptr + start, end - start);
	ut_buf_release(&b);
	return line;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int start_server(int major)
{
	char *data = NULL, *log = NULL, *initdb = NULL, *postgres = NULL;
	char *conninfo = NULL;
	uid_t uid;
	gid_t gid;
	int error;

	if (!dev.bindir && !(dev.bindir = find_bindir(major))) {
		error = ut_error_set(UT_ERROR,
				     "postgres dev server: no PostgreSQL server installed (/usr/lib/postgresql/*/bin/initdb)");
		ut_error_hint("install the Debian package 'postgresql', or use a postgres:// URL");
		return error;
	}
	if ((error = server_user(&uid, &gid)) < 0)
		return error;
	install_hooks();
	if ((error = ut_mkdtemp(&dev.dir, "strata-pg")) < 0)
		return error;
	if (chmod(dev.dir, 0755) < 0 ||
	    (geteuid() == 0 && chown(dev.dir, uid, gid) < 0)) {
		error = ut_error_errno("postgres dev server: cannot prepare '%s'",
				       dev.dir);
		goto done;
	}
	data = ut_path_join(dev.dir, "data");
	log = ut_path_join(dev.dir, "server.log");
	initdb = ut_path_join(dev.bindir, "initdb");
	postgres = ut_path_join(dev.bindir, "postgres");
	{
		const char *argv[] = { initdb, "-D", data, "-U", "postgres",
				       "-A", "trust", "-E", "UTF8",
				       "--locale=C.UTF-8", "--no-sync", NULL };
		pid_t pid = spawn(argv, log, uid, gid, false);
		if (pid < 0 || wait_status(pid) != 0) {
			char *tail = log_tail(log);
			error = ut_error_set(UT_ERROR,
					     "postgres dev server: initdb failed: %s",
					     tail);
			free(tail);
			goto done;
		}
	}
	{
		char *sock = ut_xasprintf("unix_socket_directories=%s",
					  dev.dir);
		const char *argv[] = { postgres, "-D", data, "-p", DEV_PORT,
				       "-c", "listen_addresses=", "-c", sock,
				       "-c", "fsync=off", "-c",
				       "synchronous_commit=off", "-c",
				       "full_page_writes=off", "-c",
				       "max_connections=50", NULL };
		pid_t pid = spawn(argv, log, uid, gid, true);
		free(sock);
		if (pid < 0) {
			error = ut_error_errno("postgres dev server: cannot start '%s'",
					       postgres);
			goto done;
		}
		dev.pid = pid;
	}
	conninfo = ut_xasprintf("host=%s port=" DEV_PORT
				" user=postgres dbname=postgres connect_timeout=2",
				dev.dir);
	for (int64_t deadline = ut_now_ns() + START_TIMEOUT_NS;;) {
		int st;
		if (PQping(conninfo) == PQPING_OK)
			break;
		if (waitpid(dev.pid, &st, WNOHANG) == dev.pid) {
			char *tail = log_tail(log);
			dev.pid = 0;
			error = ut_error_set(UT_ERROR,
					     "postgres dev server: the server stopped: %s",
					     tail);
			free(tail);
			goto done;
		}
		if (ut_now_ns() > deadline) {
			error = ut_error_set(UT_ERROR,
					     "postgres dev server: not ready after 60s (log: %s)",
					     log);
			goto done;
		}
		sleep_ms(20);
	}
done:
	if (error < 0)
		stop_server(true);
	free(conninfo);
	free(data);
	free(log);
	free(initdb);
	free(postgres);
	return error;
}

static int exists_row(const char *const *v, size_t n, void *payload)
{
	(void)v;
	(void)n;
	*(bool *)payload = true;
	return 0;
}

/* CREATE DATABASE db unless it exists, through the "postgres" database. */
static int ensure_database(const char *db)
{
	dl_conn *c = NULL;
	char *url;
	const char *params[1] = { db };
	bool exists = false;
	ut_buf sql = UT_BUF_INIT;
	int error;

	if (strcmp(db, "postgres") == 0)
		return 0;
	url = ut_xasprintf("postgres://postgres@/postgres?host=%s&port=" DEV_PORT
			   "&sslmode=disable",
			   dev.dir);
	error = dl_open(&c, url);
	free(url);
	if (error < 0)
		return error;
	error = dl_pg__query(c, "SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1",
			     params, 1, exists_row, &exists);
	if (error == 0 && !exists) {
		ut_buf_puts(&sql, "CREATE DATABASE ");
		dl_pg__quote_ident(&sql, db);
		error = dl_pg__exec(c, sql.ptr, sql.len);
	}
	ut_buf_release(&sql);
	dl_close(c);
	return error;
}

/* %-escapes a query value. */
static void put_escaped(ut_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-._~/", ch))
			ut_buf_putc(b, (char)ch);
		else
			ut_buf_printf(b, "%%%02X", ch);
	}
}

int dl_pg__devserver_url(char **url_out, const dl_url *u)
{
	const char *path = u->path ? u->path : "";
	const char *slash = strchr(path, '/');
	char *tag = slash ? ut_xstrndup(path, (size_t)(slash - path))
			  : ut_xstrdup(path);
	const char *db = slash && slash[1] ? slash + 1 : "postgres";
	ut_buf url = UT_BUF_INIT;
	int error = 0;

	*url_out = NULL;
	if (strchr(db, '/')) {
		error = ut_error_set(UT_EUSAGE,
				     "invalid dev database URL '%s': want docker://postgres/<version>/<database>",
				     u->redacted);
		goto done;
	}
	if (!dev.pid && (error = start_server(tag_major(tag))) < 0)
		goto done;
	if ((error = ensure_database(db)) < 0)
		goto done;
	ut_buf_puts(&url, "postgres://postgres@/");
	put_escaped(&url, db);
	ut_buf_puts(&url, "?host=");
	put_escaped(&url, dev.dir);
	ut_buf_puts(&url, "&port=" DEV_PORT "&sslmode=disable");
	if (u->query && *u->query) {
		ut_buf_putc(&url, '&');
		ut_buf_puts(&url, u->query);
	}
	*url_out = ut_buf_detach(&url);
done:
	ut_buf_release(&url);
	free(tag);
	return error;
}
