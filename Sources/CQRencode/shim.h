// Only the real header: this target exists so Swift can import the library.
#include <qrencode.h>
