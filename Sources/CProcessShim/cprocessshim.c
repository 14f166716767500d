#define _GNU_SOURCE
#include <sys/prctl.h>
#include <signal.h>
#include <unistd.h>
#include "cprocessshim.h"

#include <errno.h>
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

int cprocessshim_follow_parent(void) {
  pid_t parent = getppid();
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return -1;
  // The parent may have exited before prctl: then we were re-parented already.
  return getppid() == parent ? 0 : -1;
}
