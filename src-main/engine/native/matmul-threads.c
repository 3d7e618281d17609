/*
 * The native build's second thread (the dev machines and many laptops have 2 cores): large products are split by
 * columns between the calling thread and one worker, small ones stay on one thread (a hand-off would cost more than
 * it saves), and parallel_pair runs two independent tasks (the halves of a batch through an RK4 sweep) at once.
 * The worker spins briefly, then sleeps on a condition.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include "kernel-abi.h"

void matmul_columns(int m, int n0, int n1, int k, const float *a, int ars, int aks, const float *b, int ldb, float *c,
                    int ldc, int accumulate);

/* Below this many multiply-adds a product runs on one thread (a hand-off costs a few microseconds). */
#define SPLIT_MIN_WORK 1500000L
#define SPIN_ROUNDS 4000

#if defined(__x86_64__) || defined(__i386__)
#define CPU_RELAX() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define CPU_RELAX() __asm__ volatile("yield")
#else
#define CPU_RELAX() ((void)0)
#endif

typedef struct {
  /* Either a task (row-parallel solver sweeps) or a column range of a product. */
  void (*task)(void *);
  void *task_argument;
  int m, n0, n1, k;
  const float *a;
  int ars, aks;
  const float *b;
  int ldb;
  float *c;
  int ldc, accumulate;
} Job;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
/* One caller at a time owns the worker; a second concurrent caller (another Node worker thread) runs alone. */
static pthread_mutex_t owner = PTHREAD_MUTEX_INITIALIZER;
static Job job;
static atomic_int posted, finished;
static int sleeping, started, start_failed;

static void *worker_main(void *unused) {
  (void)unused;
  int seen = 0;
  for (;;) {
    int spins = 0;
    while (atomic_load_explicit(&posted, memory_order_acquire) == seen) {
      if (++spins < SPIN_ROUNDS) { CPU_RELAX(); continue; }
      pthread_mutex_lock(&lock);
      sleeping = 1;
      while (atomic_load_explicit(&posted, memory_order_acquire) == seen) pthread_cond_wait(&wake, &lock);
      sleeping = 0;
      pthread_mutex_unlock(&lock);
    }
    seen = atomic_load_explicit(&posted, memory_order_acquire);
    if (job.task) job.task(job.task_argument);
    else matmul_columns(job.m, job.n0, job.n1, job.k, job.a, job.ars, job.aks, job.b, job.ldb, job.c, job.ldc, job.accumulate);
    atomic_store_explicit(&finished, seen, memory_order_release);
  }
  return 0;
}

static int ensure_worker(void) {
  if (started) return 1;
  if (start_failed) return 0;
  pthread_t thread;
  if (pthread_create(&thread, 0, worker_main, 0) != 0) { start_failed = 1; return 0; }
  pthread_detach(thread);
  started = 1;
  return 1;
}

/* Hands `next` to the worker; the caller must own the worker. Returns the ticket to wait for. */
static int post(Job next) {
  pthread_mutex_lock(&lock);
  job = next;
  int ticket = atomic_load_explicit(&posted, memory_order_relaxed) + 1;
  atomic_store_explicit(&posted, ticket, memory_order_release);
  if (sleeping) pthread_cond_signal(&wake);
  pthread_mutex_unlock(&lock);
  return ticket;
}

/* Spin while the worker is likely running; yield once it is not, so a busy machine does not lose a time slice. */
static void wait_for(int ticket) {
  for (int spins = 0; atomic_load_explicit(&finished, memory_order_acquire) != ticket; spins++) {
    if (spins < SPIN_ROUNDS) CPU_RELAX();
    else sched_yield();
  }
}

void matmul_blocked(int m, int n, int k, const float *a, int ars, int aks, const float *b, int ldb, float *c, int ldc,
                    int accumulate, int threads) {
  if (k == 0) {
    if (!accumulate)
      for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) c[i * ldc + j] = 0;
    return;
  }
  long work = (long)m * n * k;
  if (threads < 2 || work < SPLIT_MIN_WORK || n < 32 || pthread_mutex_trylock(&owner) != 0) {
    matmul_columns(m, 0, n, k, a, ars, aks, b, ldb, c, ldc, accumulate);
    return;
  }
  if (!ensure_worker()) {
    pthread_mutex_unlock(&owner);
    matmul_columns(m, 0, n, k, a, ars, aks, b, ldb, c, ldc, accumulate);
    return;
  }
  /* Split at a multiple of 16 columns so both halves use the full-width register tile. */
  int half = (n / 2 + 15) / 16 * 16;
  if (half >= n) half = n - 8;
  int ticket = post((Job){0, 0, m, half, n, k, a, ars, aks, b, ldb, c, ldc, accumulate});
  matmul_columns(m, 0, half, k, a, ars, aks, b, ldb, c, ldc, accumulate);
  wait_for(ticket);
  pthread_mutex_unlock(&owner);
}

void parallel_pair(void (*task)(void *), void *first, void *second) {
  if (pthread_mutex_trylock(&owner) != 0) {
    task(first);
    task(second);
    return;
  }
  if (!ensure_worker()) {
    pthread_mutex_unlock(&owner);
    task(first);
    task(second);
    return;
  }
  int ticket = post((Job){task, second, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  task(first);
  wait_for(ticket);
  pthread_mutex_unlock(&owner);
}
