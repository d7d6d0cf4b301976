/*
 * budget.c - the instruction budget of a call into a rule script.
 *
 * Every call a script gets has a budget of Lua instructions (plus the C work
 * it asks for, charged by polis_sandbox_charge). A count hook enforces it
 * exactly, and exactly is what the user sees: a call fails with "instruction
 * budget exhausted" if and only if it needs more than its budget, whatever
 * the machine, its load or the number of workers.
 *
 * The hook has a price, though: while one is set, Lua 5.4's interpreter
 * leaves its fast loop for every instruction (luaG_traceexec), which was 12%
 * of all the instructions polis ran over the BBC corpus. So a rule's call
 * first runs without it (the fast mode, polis_budget_fast):
 *
 *  - A timer set to a grace period sends the thread a signal whose handler
 *    sets the hook (lua_sethook is safe to call from a
 *    signal handler). From then on the hook counts.
 *  - What the hook counts, with the C work charged, is a lower bound of the
 *    exact count: when it passes the budget the call stops, as it would
 *    under exact counting, with the same error.
 *  - Adding a bound of what ran uncounted (the time it took at BOUND_PER_NS
 *    instructions a nanosecond, 20 times this machine's fastest loop) gives
 *    an upper bound: when that stays within the budget, exact counting would
 *    have let the call end as it did.
 *  - Between the two, polis_budget_fast_end says so, and the engine
 *    analyses the document again from its first rule, counting every
 *    instruction (engine.c). Not the one rule again: the rules of a stage
 *    share their state for a document, and a rule run twice on it is not a
 *    rule run once. From the first rule, the scripts make their per-document
 *    state again, as they do for every document; only a script that counts
 *    its calls can tell.
 *  - The grace period is half the budget's worth of that rate (2 ms for the
 *    default 20M), so most calls end without the hook ever set, and only
 *    documents with a call that needs about half its budget or more are
 *    analysed twice.
 *
 * Where the timer cannot be had (not Linux, valgrind, --profile, which
 * samples through the hook, small budgets), every call counts exactly.
 */
#define _GNU_SOURCE 1                /* SIGEV_THREAD_ID, the timer's thread */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"

#if defined(__linux__) && defined(SIGEV_THREAD_ID) && defined(__GLIBC__)
#define BUDGET_TIMER 1
#else
#define BUDGET_TIMER 0
#endif

#define HOOK_EVERY 1000           /* instructions between budget checks */
#define BOUND_PER_NS 5            /* instructions a nanosecond no machine reaches */
#define GRACE_MIN_NS 100000       /* shorter grace periods are not worth a timer */

/* --------------------------------------------------------- the hook */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Spend n of the budget; false (and the call stopped for good) when it is
 * gone. */
static bool spend(lua_State *L, polis_engine *e, uint64_t n)
{
    if (n < e->sb.budget_left) {
        e->sb.budget_left -= n;
        return true;
    }
    e->sb.budget_left = 0;
    e->sb.stop = POLIS_STOP_BUDGET;
    /* From now on check every instruction, so that a script looping around
     * pcall cannot keep catching the error. */
    lua_sethook(L, polis_sandbox_hook, LUA_MASKCOUNT, 1);
    return false;
}

void polis_sandbox_hook(lua_State *L, lua_Debug *ar)
{
    polis_engine *e = polis_engine_from(L);
    if (!e || !e->sb.enforce)
        return;
    if (e->sb.fast && !e->sb.counting) {
        /* The grace period is over (the timer's signal set the hook): note
         * how long the call ran uncounted, then count. */
        e->sb.counting = true;
        e->sb.uncounted_ns = (e->sb.fired_ns ? e->sb.fired_ns : now_ns()) - e->sb.fast_start_ns;
        lua_sethook(L, polis_sandbox_hook, LUA_MASKCOUNT, HOOK_EVERY);
        return;
    }
    if (e->prof && e->sb.stop != POLIS_STOP_BUDGET)
        polis_prof_lua_hook(e, L, ar, HOOK_EVERY);
    if (!spend(L, e, HOOK_EVERY))
        luaL_error(L, "instruction budget exhausted");
}

void polis_sandbox_budget(polis_engine *e, uint64_t instructions)
{
    e->sb.budget_left = instructions;
    e->sb.stop = POLIS_STOP_NONE;
    e->sb.fast = false;
    e->sb.counting = true;
    lua_sethook(e->L, polis_sandbox_hook, LUA_MASKCOUNT, HOOK_EVERY);
}

bool polis_sandbox_charge(lua_State *L, polis_engine *e, uint64_t units)
{
    if (!e->sb.enforce)
        return true;
    return spend(L, e, units);
}

void polis_sandbox_restore(polis_engine *e, const polis_sandbox *saved)
{
    e->sb.budget_left = saved->budget_left;
    e->sb.stop = saved->stop;
    e->sb.enforce = saved->enforce;
    e->sb.fast = false;                       /* the rest of the call counts */
    e->sb.counting = true;
    lua_sethook(e->L, polis_sandbox_hook, LUA_MASKCOUNT,
                saved->stop == POLIS_STOP_BUDGET ? 1 : HOOK_EVERY);
}

/* --------------------------------------------------------- the fast mode */

#if BUDGET_TIMER

/* The engine whose call runs uncounted on this thread, for the handler
 * (volatile: written in order around the calls the handler can interrupt). */
static _Thread_local polis_engine *volatile fast_engine;
static int fast_signal;
static pthread_once_t fast_once = PTHREAD_ONCE_INIT;

static void fast_handler(int sig)
{
    (void)sig;
    polis_engine *e = fast_engine;
    if (e && !e->sb.counting && !e->sb.fired_ns) {
        /* From here on no Lua instruction runs uncounted: the hook is set
         * for the next one. The time is taken here, not in the hook: the
         * thread may be in a long C function or a garbage collection now. */
        e->sb.fired_ns = now_ns();
        lua_sethook(e->L, polis_sandbox_hook, LUA_MASKCOUNT, 1);
    }
}

static void fast_install(void)
{
    /* A real-time signal that nothing else in polis uses; SA_RESTART so that
     * a read or write it interrupts goes on. */
    int sig = SIGRTMIN + 4;
    struct sigaction sa = { 0 };
    sa.sa_handler = fast_handler;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sig <= SIGRTMAX && sigaction(sig, &sa, NULL) == 0)
        fast_signal = sig;
}

/* The timer of this engine, signalling the calling thread (made when a
 * thread first runs the engine; again if another thread runs it later). It
 * runs on the monotonic clock, not the thread's CPU clock: CPU-clock timers
 * fire on the scheduler's tick (4 ms at HZ=250), too late for a 2 ms grace
 * period; a thread that waits meanwhile is only counted sooner. */
static bool fast_timer(polis_engine *e)
{
    pthread_once(&fast_once, fast_install);
    if (!fast_signal)
        return false;
    if (e->sb.has_timer && pthread_equal(e->sb.timer_thread, pthread_self()))
        return true;
    polis_budget_close(e);
    struct sigevent sev = { 0 };
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = fast_signal;
    sev._sigev_un._tid = (pid_t)gettid();
    if (timer_create(CLOCK_MONOTONIC, &sev, &e->sb.timer) != 0)
        return false;
    e->sb.has_timer = true;
    e->sb.timer_thread = pthread_self();
    return true;
}

bool polis_budget_fast(polis_engine *e, uint64_t instructions)
{
    uint64_t grace_ns = instructions / 2 / BOUND_PER_NS;
    if (e->prof || RUNNING_ON_VALGRIND || grace_ns < GRACE_MIN_NS || e->sb.exact_only ||
        !fast_timer(e)) {
        polis_sandbox_budget(e, instructions);
        return false;
    }
    e->sb.budget_left = instructions;
    e->sb.stop = POLIS_STOP_NONE;
    e->sb.fast = true;
    e->sb.counting = false;
    e->sb.fired_ns = 0;
    lua_sethook(e->L, NULL, 0, 0);
    e->sb.fast_start_ns = now_ns();
    /* Published before the timer is armed: a signal delivered as soon as
     * timer_settime returns (a thread preempted longer than the grace period)
     * must find the engine, or the call would run uncounted to its end. */
    fast_engine = e;
    struct itimerspec its = { { 0, 0 }, { (time_t)(grace_ns / 1000000000u),
                                          (long)(grace_ns % 1000000000u) } };
    if (timer_settime(e->sb.timer, 0, &its, NULL) != 0) {
        fast_engine = NULL;
        polis_sandbox_budget(e, instructions);
        return false;
    }
    return true;
}

bool polis_budget_fast_end(polis_engine *e)
{
    fast_engine = NULL;                       /* a late signal changes nothing now */
    uint64_t ns = e->sb.counting ? e->sb.uncounted_ns
                  : (e->sb.fired_ns ? e->sb.fired_ns : now_ns()) - e->sb.fast_start_ns;
    e->sb.fast = false;
    e->sb.counting = true;
    lua_sethook(e->L, NULL, 0, 0);            /* (the handler may have set it just now) */
    /* What was counted (the C work charged, the instructions after the grace
     * period) is a lower bound of the exact count: spent, exact counting
     * would have stopped the call too. */
    if (e->sb.stop == POLIS_STOP_BUDGET)
        return true;
    /* With a bound of what ran uncounted it is an upper bound: within the
     * budget, exact counting would have let the call end as it did. */
    return ns * BOUND_PER_NS + HOOK_EVERY < e->sb.budget_left;
}

void polis_budget_close(polis_engine *e)
{
    if (e->sb.has_timer)
        timer_delete(e->sb.timer);
    e->sb.has_timer = false;
}

#else /* no per-thread CPU timer: every call counts exactly */

bool polis_budget_fast(polis_engine *e, uint64_t instructions)
{
    polis_sandbox_budget(e, instructions);
    return false;
}

bool polis_budget_fast_end(polis_engine *e)
{
    (void)e;
    return true;
}

void polis_budget_close(polis_engine *e)
{
    (void)e;
}

#endif
