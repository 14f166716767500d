// Only the real header: this target exists so Swift can import the library.
#include <zbar.h>
