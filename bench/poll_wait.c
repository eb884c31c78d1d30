/* SPDX-License-Identifier: MIT */
/* poll_wait: poll efficiency of the real CLI.  Runs `agent-onboard sandbox
 * --activate-after S` and `agent-onboard create --answers FILE --wait`
 * against it (an API_KEY inventory source on the demo agent /demo/mcp, so
 * it stays PENDING until the simulator probes the agent S seconds after the
 * create), reads the simulator's request log line by line as it is written
 * and stamps each line with CLOCK_MONOTONIC, then reports:
 *
 *   requests         GETs of the source made by the waiting client
 *   requests_first_min / requests_after_first_min
 *                    the same, split at 60 s after the create
 *   per_10min_after_first_min
 *                    requests_after_first_min scaled to 10 minutes (over
 *                    the span from 60 s to the activation; only when that
 *                    span is at least a minute)
 *   detect_ms        from the simulator's "agent answered, ACTIVE" line to
 *                    the client's exit (it printed ACTIVE and returned 0)
 *   detect_get_ms    from that line to the arrival of the GET that saw it
 *   max_interval_s   the longest gap between two GETs
 *
 *   poll_wait --bin build/agent-onboard --activate-after S [--label L]
 *
 * Only 127.0.0.1; the simulator and the client are stopped (SIGTERM, then
 * SIGKILL) on every exit path, and the whole run is bounded by S + 180 s. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_GETS 4096

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static volatile sig_atomic_t pid_sandbox, pid_client;

static void
kill_children(void)
{
	if (pid_client > 0)
		kill(pid_client, SIGKILL);
	if (pid_sandbox > 0)
		kill(pid_sandbox, SIGKILL);
}

static void
on_signal(int sig)
{
	kill_children();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* fork+exec with stdout and stderr on pipes (either may be NULL: /dev/null). */
static pid_t
spawn(char **argv, char **envp_add, int *out_fd, int *err_fd)
{
	int out[2] = { -1, -1 }, err[2] = { -1, -1 };
	pid_t pid;

	if ((out_fd && pipe(out) < 0) || (err_fd && pipe(err) < 0)) {
		perror("pipe");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);

		dup2(devnull, 0);
		dup2(out_fd ? out[1] : devnull, 1);
		dup2(err_fd ? err[1] : devnull, 2);
		for (; envp_add && *envp_add; envp_add++)
			putenv(*envp_add);
		execv(argv[0], argv);
		_exit(127);
	}
	if (out_fd) {
		close(out[1]);
		*out_fd = out[0];
	}
	if (err_fd) {
		close(err[1]);
		*err_fd = err[0];
	}
	return pid;
}

static void
stop(pid_t pid)
{
	int i;

	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	for (i = 0; i < 300; i++) {
		struct timespec ts = { 0, 10000000 };

		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Line reader over a pipe. */
struct lines {
	int fd;
	char buf[16384];
	size_t len;
	int eof;
};

/* Calls fn for every complete line now available. */
static void
lines_read(struct lines *l, void (*fn)(const char *line, double t, void *arg), void *arg)
{
	ssize_t n = read(l->fd, l->buf + l->len, sizeof(l->buf) - 1 - l->len);
	double t = now_s();
	char *nl, *start;

	if (n <= 0) {
		if (n == 0 || (errno != EINTR && errno != EAGAIN))
			l->eof = 1;
		return;
	}
	l->len += (size_t)n;
	l->buf[l->len] = '\0';
	start = l->buf;
	while ((nl = strchr(start, '\n')) != NULL) {
		*nl = '\0';
		fn(start, t, arg);
		start = nl + 1;
	}
	l->len -= (size_t)(start - l->buf);
	memmove(l->buf, start, l->len);
	if (l->len == sizeof(l->buf) - 1)
		l->len = 0;   /* an absurdly long line: drop it */
}

struct run {
	char get_path[256];
	char active_text[256];
	double t_create, t_active, t_exit;
	double gets[MAX_GETS];
	size_t ngets;
	long other_api;
	long rate_limited;
	int verbose;
};

static void
on_log(const char *line, double t, void *arg)
{
	struct run *r = arg;
	const char *ms;

	if (r->verbose)
		fprintf(stderr, "%9.3f %s\n", t - (r->t_create > 0 ? r->t_create : t), line);
	if (strstr(line, "POST /api/v2/storefront/inventory-sources -> 201") != NULL) {
		r->t_create = t;
		return;
	}
	if (strstr(line, r->active_text) != NULL) {
		r->t_active = t;
		return;
	}
	if (strstr(line, " -> 429") != NULL)
		r->rate_limited++;
	if (strstr(line, r->get_path) != NULL && strncmp(line, "sandbox: GET ", 13) == 0) {
		/* the line is written when the answer is sent: the request
		 * arrived "(N ms)" earlier */
		double handled = 0;

		ms = strrchr(line, '(');
		if (ms != NULL)
			handled = atof(ms + 1) / 1000.0;
		if (r->ngets < MAX_GETS)
			r->gets[r->ngets++] = t - handled;
		return;
	}
	if (strstr(line, "sandbox: ") == line && strstr(line, " /api/") != NULL)
		r->other_api++;
}

static void
on_client_line(const char *line, double t, void *arg)
{
	(void)t;
	(void)arg;
	fprintf(stderr, "client: %s\n", line);
}

int
main(int argc, char **argv)
{
	const char *bin = NULL, *label = NULL;
	double after = -1, deadline;
	char dir[] = "/tmp/poll_wait.XXXXXX", answers[128] = "", url[256] = "", arg_after[32],
	     arg_timeout[32], sid[64];
	int i, out_fd = -1, err_fd = -1, cerr_fd = -1, status = -1, rc = 1, verbose = 0;
	struct lines sb_err, sb_out, cl_err;
	struct run *r = calloc(1, sizeof(*r));
	FILE *f;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--bin") == 0 && i + 1 < argc)
			bin = argv[++i];
		else if (strcmp(argv[i], "--activate-after") == 0 && i + 1 < argc)
			after = atof(argv[++i]);
		else if (strcmp(argv[i], "--label") == 0 && i + 1 < argc)
			label = argv[++i];
		else if (strcmp(argv[i], "--verbose") == 0)
			verbose = 1;
		else
			bin = NULL, i = argc;
	}
	if (bin == NULL || after < 0 || r == NULL) {
		fprintf(stderr, "usage: poll_wait --bin PATH --activate-after SECONDS [--label L] [--verbose]\n");
		return 2;
	}
	if (label == NULL) {
		static char lb[64];

		snprintf(lb, sizeof(lb), "poll.%gs", after);
		label = lb;
	}
	r->verbose = verbose;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	atexit(kill_children);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}

	/* the simulator */
	snprintf(arg_after, sizeof(arg_after), "%g", after);
	{
		char *sargv[] = { (char *)bin, "sandbox", "--listen", "127.0.0.1:0", "--activate-after",
		                  arg_after, "--disable-after", "0", NULL };

		pid_sandbox = spawn(sargv, NULL, &out_fd, &err_fd);
	}
	if (pid_sandbox <= 0)
		goto out;
	memset(&sb_err, 0, sizeof(sb_err));
	memset(&sb_out, 0, sizeof(sb_out));
	sb_err.fd = err_fd;
	sb_out.fd = out_fd;
	deadline = now_s() + 10;
	while (url[0] == '\0' && now_s() < deadline && !sb_out.eof) {
		struct pollfd p = { .fd = out_fd, .events = POLLIN };

		if (poll(&p, 1, 100) > 0) {
			ssize_t n = read(out_fd, sb_out.buf + sb_out.len, sizeof(sb_out.buf) - 1 - sb_out.len);

			if (n <= 0)
				break;
			sb_out.len += (size_t)n;
			sb_out.buf[sb_out.len] = '\0';
			if (strchr(sb_out.buf, '\n') != NULL)
				sscanf(sb_out.buf, "%255s", url);
		}
	}
	if (strncmp(url, "http://127.0.0.1:", 17) != 0) {
		fprintf(stderr, "%s: the simulator did not print its URL\n", label);
		goto out;
	}

	/* the answers file */
	snprintf(sid, sizeof(sid), "poll-bench-%ld", (long)(after * 1000));
	snprintf(r->get_path, sizeof(r->get_path), "/api/v2/storefront/inventory-sources/%s ", sid);
	snprintf(r->active_text, sizeof(r->active_text), "source %s: agent answered, ACTIVE", sid);
	snprintf(answers, sizeof(answers), "%s/answers.json", dir);
	f = fopen(answers, "w");
	if (f == NULL) {
		perror(answers);
		goto out;
	}
	fprintf(f, "{\"kind\":\"inventory-source\",\"name\":\"Poll bench\",\"sourceId\":\"%s\","
	           "\"type\":\"SALES\",\"protocol\":\"MCP\",\"endpointUrl\":\"%s/demo/mcp\","
	           "\"authenticationType\":\"API_KEY\",\"apiKeyType\":\"bearer\"}\n", sid, url);
	fclose(f);

	/* the client */
	snprintf(arg_timeout, sizeof(arg_timeout), "%g", after + 120);
	{
		char *cargv[] = { (char *)bin, "--api-url", url, "create", "--answers", answers, "--wait",
		                  "--timeout", arg_timeout, "--json", NULL };
		char *cenv[] = { "SCOPE3_API_KEY=scope3_sandbox_demo_key", "AO_AGENT_TOKEN=demo-agent-token",
		                 NULL };

		pid_client = spawn(cargv, cenv, NULL, &cerr_fd);
	}
	if (pid_client <= 0)
		goto out;
	memset(&cl_err, 0, sizeof(cl_err));
	cl_err.fd = cerr_fd;
	deadline = now_s() + after + 180;
	while (now_s() < deadline) {
		struct pollfd p[2] = { { .fd = err_fd, .events = POLLIN }, { .fd = cerr_fd, .events = POLLIN } };
		pid_t w;

		if (poll(p, 2, 20) > 0) {
			if (p[0].revents && !sb_err.eof)
				lines_read(&sb_err, on_log, r);
			if (p[1].revents && !cl_err.eof)
				lines_read(&cl_err, on_client_line, r);
		}
		w = waitpid(pid_client, &status, WNOHANG);
		if (w == pid_client) {
			r->t_exit = now_s();
			pid_client = 0;
			break;
		}
	}
	if (pid_client > 0) {
		fprintf(stderr, "%s: the client did not finish within %g s\n", label, after + 180);
		stop(pid_client);
		pid_client = 0;
		goto out;
	}
	/* let the simulator's last lines arrive */
	{
		double end = now_s() + 0.3;

		while (now_s() < end && !sb_err.eof) {
			struct pollfd p = { .fd = err_fd, .events = POLLIN };

			if (poll(&p, 1, 50) > 0)
				lines_read(&sb_err, on_log, r);
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || r->t_active <= 0 || r->t_create <= 0) {
		fprintf(stderr, "%s: the client exited with %d; created=%d activated=%d\n", label,
		        WIFEXITED(status) ? WEXITSTATUS(status) : -1, r->t_create > 0, r->t_active > 0);
		goto out;
	}
	{
		size_t first = 0, later = 0, k;
		double gap = 0, detect_get = NAN, span;

		for (k = 0; k < r->ngets; k++) {
			if (r->gets[k] - r->t_create < 60)
				first++;
			else
				later++;
			if (k > 0 && r->gets[k] - r->gets[k - 1] > gap)
				gap = r->gets[k] - r->gets[k - 1];
			if (isnan(detect_get) && r->gets[k] >= r->t_active)
				detect_get = r->gets[k] - r->t_active;
		}
		span = r->t_active - r->t_create - 60;
		printf("%s: activation %.3f s after the create, client exit %.3f s after it\n", label,
		       r->t_active - r->t_create, r->t_exit - r->t_create);
		printf("RESULT %s.activate_after_s %.3f %.3f %.3f 1 s\n", label, after, after, after);
		printf("RESULT %s.requests %zu %zu %zu 1 req\n", label, r->ngets, r->ngets, r->ngets);
		printf("RESULT %s.requests_first_min %zu %zu %zu 1 req\n", label, first, first, first);
		if (span >= 60) {   /* a rate over less than a minute says nothing */
			double per10 = (double)later * 600.0 / span;

			printf("RESULT %s.requests_after_first_min %zu %zu %zu 1 req\n", label, later, later, later);
			printf("RESULT %s.after_first_min_span_s %.1f %.1f %.1f 1 s\n", label, span, span, span);
			printf("RESULT %s.per_10min_after_first_min %.1f %.1f %.1f 1 req\n", label, per10, per10,
			       per10);
		}
		printf("RESULT %s.max_interval_s %.2f %.2f %.2f 1 s\n", label, gap, gap, gap);
		printf("RESULT %s.detect_ms %.1f %.1f %.1f 1 ms\n", label, (r->t_exit - r->t_active) * 1e3,
		       (r->t_exit - r->t_active) * 1e3, (r->t_exit - r->t_active) * 1e3);
		printf("RESULT %s.detect_get_ms %.1f %.1f %.1f 1 ms\n", label, detect_get * 1e3,
		       detect_get * 1e3, detect_get * 1e3);
		printf("RESULT %s.other_api_requests %ld %ld %ld 1 req\n", label, r->other_api, r->other_api,
		       r->other_api);
		printf("RESULT %s.http_429 %ld %ld %ld 1 resp\n", label, r->rate_limited, r->rate_limited,
		       r->rate_limited);
	}
	rc = 0;
out:
	if (pid_client > 0) {
		stop(pid_client);
		pid_client = 0;
	}
	if (pid_sandbox > 0) {
		stop(pid_sandbox);
		pid_sandbox = 0;
	}
	if (answers[0] != '\0')
		unlink(answers);
	if (strcmp(dir, "/tmp/poll_wait.XXXXXX") != 0)
		rmdir(dir);
	free(r);
	return rc;
}
