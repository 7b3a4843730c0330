/* SPDX-License-Identifier: MIT */
/*
 * dialects/mysql/devserver.c: docker://mysql|maria|mariadb/<tag>/<db> dev
 * databases without Docker. The first such URL of a process starts a
 * private MariaDB server from the installed binaries (mariadb-install-db,
 * mariadbd) in a temporary directory, on a unix socket only
 * (--skip-networking); every later URL of the process shares it. The
 * server and its directory are removed at exit and on SIGINT/SIGTERM.
 * The tag is not honoured: the installed server serves every tag.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "my_int.h"
#include "ut.h"

#define START_TIMEOUT_MS 60000

/* The one server of this process; only touched by the main thread. */
static struct {
	char *dir; /* temporary directory, NULL when none */
	char *sock;
	pid_t pid;   /* mariadbd, 0 when none */
	bool hooked; /* atexit and signal handlers installed */
} srv;

static const char *const bin_dirs[] = { "/usr/sbin", "/usr/bin",
	                                "/usr/local/sbin", "/usr/local/bin",
	                                "/usr/libexec" };

/* The first of names found in PATH or the usual directories (malloc'd). */
static char *find_bin(const char *const *names)
{
	const char *path = getenv("PATH");

	for (; *names; names++) {
		if (path) {
			char *copy = ut_xstrdup(path), *save = NULL;
			for (char *d = strtok_r(copy, ":", &save); d;
			     d = strtok_r(NULL, ":", &save)) {
				char *f = ut_xasprintf("%s/%s", d, *names);
				if (access(f, X_OK) == 0) {
					free(copy);
					return f;
				}
				free(f);
			}
			free(copy);
		}
		for (size_t i = 0; i < UT_ARRAY_SIZE(bin_dirs); i++) {
			char *f = ut_xasprintf("%s/%s", bin_dirs[i], *names);
			if (access(f, X_OK) == 0)
				return f;
			free(f);
		}
	}
	return NULL;
}

/* Async-signal-safe teardown: kill the server, remove the directory. */
static void teardown_fast(void)
{
	if (srv.pid > 0) {
		kill(srv.pid, SIGKILL);
		waitpid(srv.pid, NULL, 0);
		srv.pid = 0;
	}
	if (srv.dir) {
		pid_t rm = fork();
		if (rm == 0) {
			static char rm_name[] = "rm", rm_flags[] = "-rf";
			char *const argv[] = { rm_name, rm_flags, srv.dir,
				               NULL };
			execv("/bin/rm", argv);
			_exit(127);
		}
		if (rm > 0)
			waitpid(rm, NULL, 0);
	}
}

static void on_exit_cleanup(void)
{
	if (srv.pid > 0) {
		kill(srv.pid, SIGKILL);
		waitpid(srv.pid, NULL, 0);
		srv.pid = 0;
	}
	if (srv.dir) {
		ut_rm_rf(srv.dir);
		free(srv.dir);
		srv.dir = NULL;
	}
	free(srv.sock);
	srv.sock = NULL;
}

static void on_signal(int sig)
{
	teardown_fast();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void hook(void)
{
	struct sigaction sa;

	if (srv.hooked)
		return;
	srv.hooked = true;
	atexit(on_exit_cleanup);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Runs argv with output to log; its exit status, -1 when it could not run. */
static int run(char *const *argv, const char *log, pid_t *bg)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		int nul = open("/dev/null", O_RDONLY);
		/* its own group: a terminal's Ctrl-C reaches us, we stop it */
		setpgid(0, 0);
		if (nul >= 0)
			dup2(nul, 0);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (bg) {
		*bg = pid;
		return 0;
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The last line of a log file, for the error message (malloc'd). */
static char *log_tail(const char *path)
{
	ut_buf b = UT_BUF_INIT;
	char *line;
	size_t end, start;

	if (ut_file_read(&b, path) < 0) {
		ut_error_clear();
		ut_buf_release(&b);
		return ut_xstrdup("no log");
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

/* Whether the server answers on its socket. */
static bool answers(const char *sock)
{
	MYSQL *db = mysql_init(NULL);
	unsigned timeout = 2, proto = MYSQL_PROTOCOL_SOCKET;
	bool ok;

	if (!db)
		return false;
	mysql_optionsv(db, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(db, MYSQL_OPT_PROTOCOL, &proto);
	ok = mysql_real_connect(db, NULL, "root", NULL, NULL, 0, sock, 0) !=
	     NULL;
	mysql_close(db);
	return ok;
}

static int start(void)
{
	static const char *const installers[] = { "mariadb-install-db",
		                                  "mysql_install_db", NULL };
	static const char *const servers[] = { "mariadbd", "mysqld", NULL };
	char *install = find_bin(installers), *server = find_bin(servers);
	char *data = NULL, *log = NULL, *pidf = NULL, *errlog = NULL;
	char *a_data = NULL, *a_sock = NULL, *a_pid = NULL, *a_log = NULL;
	char *a_tmp = NULL;
	/* execv wants writable strings */
	static char o_nodef[] = "--no-defaults",
	            o_auth[] = "--auth-root-authentication-method=normal",
	            o_notest[] = "--skip-test-db", o_root[] = "--user=root",
	            o_force[] = "--force", o_nonet[] = "--skip-networking",
	            o_cs[] = "--character-set-server=utf8mb4",
	            o_coll[] = "--collation-server=utf8mb4_general_ci",
	            o_pool[] = "--innodb-buffer-pool-size=64M",
	            o_flush[] = "--innodb-flush-log-at-trx-commit=0",
	            o_dw[] = "--innodb-doublewrite=0",
	            o_nobin[] = "--skip-log-bin",
	            o_noresolve[] = "--skip-name-resolve";
	bool root = getuid() == 0;
	const char *tmp = getenv("TMPDIR");
	int error = 0, rc;

	if (!install || !server) {
		error = ut_error_set(
		        UT_EDB,
		        "mysql: docker:// dev databases need the MariaDB server binaries (mariadb-install-db, mariadbd): install the mariadb-server package");
		goto done;
	}
	/* unix socket paths are short: keep the directory near the root */
	if (tmp && strlen(tmp) > 60)
		setenv("TMPDIR", "/tmp", 1);
	error = ut_mkdtemp(&srv.dir, "strata-mydev");
	if (tmp && strlen(tmp) > 60)
		setenv("TMPDIR", tmp, 1);
	if (error < 0)
		goto done;
	hook();
	chmod(srv.dir, 0755);
	data = ut_xasprintf("%s/data", srv.dir);
	log = ut_xasprintf("%s/install.log", srv.dir);
	errlog = ut_xasprintf("%s/server.log", srv.dir);
	pidf = ut_xasprintf("%s/server.pid", srv.dir);
	srv.sock = ut_xasprintf("%s/sock", srv.dir);
	a_data = ut_xasprintf("--datadir=%s", data);
	a_sock = ut_xasprintf("--socket=%s", srv.sock);
	a_pid = ut_xasprintf("--pid-file=%s", pidf);
	a_log = ut_xasprintf("--log-error=%s", errlog);
	/*
	 * A server starting up deletes every "#sql*" file of its tmpdir:
	 * in a shared /tmp those are the live temporary tables of the other
	 * servers of the machine. This one keeps its own.
	 */
	a_tmp = ut_xasprintf("--tmpdir=%s", srv.dir);
	{
		char *argv[] = { install,
			         o_nodef,
			         o_auth,
			         o_notest,
			         a_data,
			         a_tmp,
			         root ? o_root : o_force,
			         NULL };
		rc = run(argv, log, NULL);
	}
	if (rc != 0) {
		char *t = log_tail(log);
		error = ut_error_set(
		        UT_EDB,
		        "mysql: cannot initialize a dev server (%s): %s",
		        ut_path_base(install), t);
		free(t);
		goto done;
	}
	{
		char *argv[] = { server,  o_nodef, a_data,
			         a_sock,  a_pid,   a_log,
			         o_nonet, o_cs,    o_coll,
			         o_pool,  o_flush, o_dw,
			         o_nobin, a_tmp,   root ? o_root : o_noresolve,
			         NULL };
		if (run(argv, log, &srv.pid) < 0) {
			error = ut_error_errno("mysql: cannot start %s",
			                       server);
			goto done;
		}
	}
	for (int waited = 0;; waited += 100) {
		int st;
		if (answers(srv.sock))
			break;
		if (waitpid(srv.pid, &st, WNOHANG) == srv.pid) {
			char *t = log_tail(errlog);
			srv.pid = 0;
			error = ut_error_set(
			        UT_EDB,
			        "mysql: the dev server stopped at start: %s",
			        t);
			free(t);
			goto done;
		}
		if (waited >= START_TIMEOUT_MS) {
			error = ut_error_set(
			        UT_EDB,
			        "mysql: the dev server did not answer within %d s",
			        START_TIMEOUT_MS / 1000);
			goto done;
		}
		sleep_ms(100);
	}
done:
	if (error < 0)
		on_exit_cleanup();
	free(install);
	free(server);
	free(data);
	free(log);
	free(errlog);
	free(pidf);
	free(a_data);
	free(a_sock);
	free(a_pid);
	free(a_log);
	free(a_tmp);
	return error;
}

int dl_my__devserver(const char **socket_out)
{
	int error;

	*socket_out = NULL;
	if (srv.pid > 0 && srv.sock) {
		*socket_out = srv.sock;
		return 0;
	}
	if ((error = start()) < 0)
		return error;
	*socket_out = srv.sock;
	return 0;
}
