#ifndef CPROCESSSHIM_H
#define CPROCESSSHIM_H

#include <sys/types.h>

// Why this shim exists: posix_spawn_file_actions_addclosefrom_np and pipe2 are GNU
// extensions that Swift's Glibc module does not export (they need _GNU_SOURCE).

// Starts `path` with `argv` and `envp`: standard input from /dev/null, standard output
// and error into `output`, `channel` as descriptor 3, and no other descriptor inherited.
// Returns 0 or an errno value; the child's pid in *pid.
int cprocessshim_spawn(const char *path, char *const argv[], char *const envp[], int output, int channel, pid_t *pid);

// A pipe whose two ends close on exec. Returns 0 or -1 (errno set).
int cprocessshim_pipe(int fds[2]);

// In a worker: end as soon as the parent's end of `channel` is gone (the parent exited,
// however it exited, or let the worker go), from a thread of its own, whatever the worker
// is busy with; and leave Ctrl-C and SIGTERM to the parent, which says what was kept
// before it stops. Returns 0, or -1 when the watching thread cannot start.
int cprocessshim_follow_parent(int channel);

// In a worker: on SIGSEGV, SIGBUS, SIGABRT, SIGILL or SIGFPE, write the process's own
// peak memory (`safetyreg-worker-peak-kb: N`, from /proc/self/status) to standard error,
// then die of the signal as before. Runs on its own stack, so a stack overflow reports
// too. Returns 0 or -1.
int cprocessshim_report_peak_on_crash(void);

#endif
