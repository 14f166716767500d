#include "cpopplershim.h"

#include <cstring>
#include <mutex>
#include <string>

// From poppler's Error.h (libpoppler-private-dev, which Debian does not need installed
// for this): the categories and the callback setter, exported by libpoppler.so as
// `_Z16setErrorCallbackPFv13ErrorCategoryxPKcE`.
enum ErrorCategory {
  errSyntaxWarning,
  errSyntaxError,
  errConfig,
  errCommandLine,
  errIO,
  errNotAllowed,
  errUnimplemented,
  errInternal
};
void setErrorCallback(void (*cbk)(ErrorCategory category, long long pos, const char *msg));

namespace {
thread_local int errors = 0;
thread_local std::string firstMessage;

void onError(ErrorCategory category, long long, const char *message) {
  // Warnings, unimplemented features and configuration notes (a missing font) do not
  // mean the file is damaged.
  if (category != errSyntaxError && category != errIO) return;
  if (errors++ == 0 && message != nullptr) firstMessage = message;
}
}  // namespace

extern "C" void cpopplershim_install(void) {
  static std::once_flag once;
  std::call_once(once, [] { setErrorCallback(onError); });
}

extern "C" void cpopplershim_reset(void) {
  errors = 0;
  firstMessage.clear();
}

extern "C" int cpopplershim_errors(char *first, int capacity) {
  if (first != nullptr && capacity > 0) {
    std::strncpy(first, firstMessage.c_str(), static_cast<size_t>(capacity) - 1);
    first[capacity - 1] = '\0';
  }
  return errors;
}
