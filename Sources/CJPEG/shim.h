// Only the real headers: this target exists so Swift can import the library.
#include <stdio.h>
#include <jpeglib.h>
