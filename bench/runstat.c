/*
 * runstat.c - run a command N times and report its wall time, CPU time and
 * peak resident memory (getrusage of the child), for bench/bench.sh.
 *
 *   runstat [-n RUNS] [-o OUT] [-e ERR] [-i IN] -- COMMAND [ARG...]
 *
 * stdout/stderr/stdin of the command go to OUT/ERR/IN (default /dev/null;
 * "-" keeps ours). Prints one line of key=value pairs for the run with the
 * least CPU time (user + sys; on a shared machine it is the steadiest
 * figure), plus the median wall time over all runs:
 *
 *   runs=3 wall=1.234567 cpu=1.200000 user=1.100000 sys=0.100000 maxrss_kb=35000
 *   wall_median=1.300000 status=0
 *
 * status is the command's exit status of that run (128+N when killed by
 * signal N). Exits 0 when the command could be run at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct run {
    double wall, user, sys;
    long maxrss_kb;
    int status;
};

static double now_sec(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double tv_sec(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static int redirect(const char *path, int fd, int flags)
{
    if (strcmp(path, "-") == 0)
        return 0;
    int f = open(path, flags, 0644);
    if (f < 0 || dup2(f, fd) < 0)
        return -1;
    close(f);
    return 0;
}

static int run_once(char **argv, const char *in, const char *out, const char *err, struct run *r)
{
    double t0 = now_sec();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (redirect(in, 0, O_RDONLY) != 0 || redirect(out, 1, O_WRONLY | O_CREAT | O_TRUNC) != 0 ||
            redirect(err, 2, O_WRONLY | O_CREAT | O_TRUNC) != 0)
            _exit(126);
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    struct rusage ru;
    while (wait4(pid, &st, 0, &ru) < 0)
        if (errno != EINTR)
            return -1;
    r->wall = now_sec() - t0;
    r->user = tv_sec(ru.ru_utime);
    r->sys = tv_sec(ru.ru_stime);
    r->maxrss_kb = ru.ru_maxrss;
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int runs = 1, i;
    const char *in = "/dev/null", *out = "/dev/null", *err = "/dev/null";
    for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (i + 1 >= argc)
            goto usage;
        if (strcmp(argv[i], "-n") == 0)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "-o") == 0)
            out = argv[++i];
        else if (strcmp(argv[i], "-e") == 0)
            err = argv[++i];
        else if (strcmp(argv[i], "-i") == 0)
            in = argv[++i];
        else
            goto usage;
    }
    if (i + 1 >= argc || runs < 1 || runs > 1000)
        goto usage;
    char **cmd = argv + i + 1;
    struct run best = { 0 }, r;
    double *walls = calloc((size_t)runs, sizeof *walls);
    if (!walls)
        return 1;
    for (int k = 0; k < runs; k++) {
        if (run_once(cmd, in, out, err, &r) != 0) {
            fprintf(stderr, "runstat: %s: %s\n", cmd[0], strerror(errno));
            return 1;
        }
        walls[k] = r.wall;
        if (k == 0 || r.user + r.sys < best.user + best.sys)
            best = r;
    }
    qsort(walls, (size_t)runs, sizeof *walls, cmp_double);
    printf("runs=%d wall=%.6f cpu=%.6f user=%.6f sys=%.6f maxrss_kb=%ld wall_median=%.6f "
           "wall_min=%.6f status=%d\n",
           runs, best.wall, best.user + best.sys, best.user, best.sys, best.maxrss_kb,
           walls[runs / 2], walls[0], best.status);
    free(walls);
    return 0;
usage:
    fprintf(stderr, "usage: runstat [-n RUNS] [-o OUT] [-e ERR] [-i IN] -- COMMAND [ARG...]\n");
    return 2;
}
