#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <signal.h>
#include <unistd.h>
#include "cprocessshim.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

int cprocessshim_spawn(const char *path, char *const argv[], char *const envp[], int output, int channel, pid_t *pid) {
  // Every signal at its default and none blocked: the parent may ignore or block some
  // (SIGXCPU, SIGPIPE), and the worker must die of the CPU limit, not ignore it.
  posix_spawnattr_t attributes;
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  int status = posix_spawnattr_init(&attributes);
  if (status != 0) return status;
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawn_file_actions_t actions;
  status = posix_spawn_file_actions_init(&actions);
  if (status != 0) {
    posix_spawnattr_destroy(&attributes);
    return status;
  }
  if ((status = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)) == 0 &&
      (status = posix_spawn_file_actions_adddup2(&actions, output, 1)) == 0 &&
      (status = posix_spawn_file_actions_adddup2(&actions, output, 2)) == 0 &&
      (status = posix_spawn_file_actions_adddup2(&actions, channel, 3)) == 0 &&
      (status = posix_spawn_file_actions_addclosefrom_np(&actions, 4)) == 0) {
    status = posix_spawn(pid, path, &actions, &attributes, argv, envp);
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  return status;
}

int cprocessshim_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

// The worker's watch on its parent: a thread that sleeps until the parent's end of the
// channel is gone (the parent exited, was killed, or stopped the worker), then ends the
// process. Not PR_SET_PDEATHSIG: that signal follows the *thread* that spawned the worker,
// and the parent spawns from pool threads that come and go, so a worker was killed in the
// middle of a review whenever the thread that happened to start it was retired.
static void *watch_parent(void *argument) {
  struct pollfd channel = {.fd = (int)(intptr_t)argument, .events = POLLRDHUP};
  for (;;) {
    channel.revents = 0;
    int ready = poll(&channel, 1, -1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0 || (channel.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0) _exit(0);
  }
  return NULL;
}

int cprocessshim_follow_parent(int channel) {
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  pthread_attr_t attributes;
  if (pthread_attr_init(&attributes) != 0) return -1;
  pthread_attr_setstacksize(&attributes, 65536);
  pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
  pthread_t watcher;
  int status = pthread_create(&watcher, &attributes, watch_parent, (void *)(intptr_t)channel);
  pthread_attr_destroy(&attributes);
  return status == 0 ? 0 : -1;
}

// What a dying worker says about its memory: the kernel's ru_maxrss carries the parent's
// high-water mark across exec, so only the worker's own VmHWM (reset at exec) tells
// whether it ran out of memory. Everything here is async-signal-safe: open, read, write,
// close, raise; no allocation.
static char peak_stack[65536];

static void write_all(int fd, const char *text, size_t length) {
  while (length > 0) {
    ssize_t n = write(fd, text, length);
    if (n <= 0) return;
    text += n;
    length -= (size_t)n;
  }
}

static void report_peak(int sig) {
  static char buffer[4096];
  int fd = open("/proc/self/status", O_RDONLY);
  if (fd >= 0) {
    ssize_t n = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    if (n > 0) {
      buffer[n] = 0;
      const char *at = strstr(buffer, "VmHWM:");
      if (at) {
        at += 6;
        while (*at == ' ' || *at == '\t') at++;
        const char *end = at;
        while (*end >= '0' && *end <= '9') end++;
        write_all(2, "\nsafetyreg-worker-peak-kb: ", 27);
        write_all(2, at, (size_t)(end - at));
        write_all(2, "\n", 1);
      }
    }
  }
  raise(sig);  // the handler was reset: the default action ends the process
}

int cprocessshim_report_peak_on_crash(void) {
  stack_t alternate = {.ss_sp = peak_stack, .ss_size = sizeof peak_stack, .ss_flags = 0};
  if (sigaltstack(&alternate, NULL) != 0) return -1;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = report_peak;
  action.sa_flags = SA_ONSTACK | SA_RESETHAND | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  int signals[] = {SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE};
  for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
    if (sigaction(signals[i], &action, NULL) != 0) return -1;
  }
  return 0;
}
