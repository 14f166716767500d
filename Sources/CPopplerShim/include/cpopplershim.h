#ifndef CPOPPLERSHIM_H
#define CPOPPLERSHIM_H

#ifdef __cplusplus
extern "C" {
#endif

// Why this shim exists: poppler-glib draws a damaged page as well as it can and reports
// what it could not draw only through poppler's error callback (poppler's C++ core,
// `setErrorCallback` in Error.h), which poppler-glib does not expose. The callback
// counts, per thread, the errors that mean damaged data while a page renders.

// Installs the callback (once per process; later calls do nothing). Also silences
// poppler's default printing of errors to standard error.
void cpopplershim_install(void);

// Forgets the errors counted on this thread so far.
void cpopplershim_reset(void);

// Errors counted on this thread since the last reset: syntax errors (damaged objects,
// streams or content operators) and I/O errors. The first one's message is copied into
// `first` (NUL-terminated, at most `capacity` bytes).
int cpopplershim_errors(char *first, int capacity);

#ifdef __cplusplus
}
#endif

#endif
