#ifndef CTEXTSHIM_H
#define CTEXTSHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Why this shim exists: Tesseract (with Leptonica, libarchive, libcurl and OpenMP
// behind it) costs every process that links it about 17 ms of dynamic linking at start,
// measured here, and most safetyreg processes never read text (`photo`, `validate`, the
// form renderer). So Tesseract's C API (tesseract/capi.h, whose declarations type every
// pointer below) is opened with dlopen at the first read, in the check worker only. The
// shim also turns a page's recognition into plain records: lines with their boxes and
// confidences, their text in one buffer.

#define CTEXTSHIM_MESSAGE_LENGTH 512

// An engine for one or more languages ("chi_sim+eng"), used by one thread at a time.
typedef struct ctextshim_engine ctextshim_engine;

// A line of text read: its box in the image's pixels (right and bottom exclusive), the
// engine's confidence (0–100), and where its UTF-8 text lies in the text buffer.
typedef struct {
  int32_t left, top, right, bottom;
  float confidence;
  int32_t text_offset, text_length;
} ctextshim_line;

// Opens Tesseract (loading the library at the first call) with `languages` from
// `datapath`. NULL and a message when the library or a language's data is missing.
ctextshim_engine *ctextshim_open(const char *datapath, const char *languages,
                                 char message[CTEXTSHIM_MESSAGE_LENGTH]);

void ctextshim_close(ctextshim_engine *engine);

// Reads an 8-bit grey image (`stride` bytes per row) laid out as `segmentation` says
// (Tesseract's page segmentation mode: 6 one block, 7 one line, 11 sparse text), at
// `ppi` pixels per inch, line by line (`words` 0) or word by word (`words` 1; a Chinese
// "word" is often one character). Writes at most `capacity` lines and their text (NUL-free, at
// most `text_capacity` bytes in all; a line that does not fit is dropped). Returns the
// number of lines written, or -1 with a message.
int ctextshim_read(ctextshim_engine *engine, const uint8_t *gray, int32_t width, int32_t height, int32_t stride,
                   int32_t segmentation, int32_t ppi, int32_t words, ctextshim_line *lines, int32_t capacity,
                   char *text, int32_t text_capacity, char message[CTEXTSHIM_MESSAGE_LENGTH]);

#ifdef __cplusplus
}
#endif

#endif
