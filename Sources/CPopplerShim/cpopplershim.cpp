#include "cpopplershim.h"

#include <cstring>
#include <mutex>
#include <string>

// From poppler's Error.h (libpoppler-private-dev, which Debian does not need installed
// for this): the categories and the callback setter, exported by libpoppler.so as
// `_Z16setErrorCallbackPFv13ErrorCategoryxPKcE`. Written by hand against poppler 22.12
// (Debian 12): poppler keeps no stable ABI for its private headers, so a build against
// any other version stops here, to have the declarations below checked against that
// version's Error.h (the enum's order, the callback's signature) before this line moves.
#include <poppler/glib/poppler-features.h>
#if POPPLER_MAJOR_VERSION != 22 || POPPLER_MINOR_VERSION != 12
#error "cpopplershim declares poppler 22.12's private setErrorCallback: check it against this poppler's Error.h"
#endif
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
