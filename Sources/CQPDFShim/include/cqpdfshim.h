#ifndef CQPDFSHIM_H
#define CQPDFSHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Why this shim exists: qpdf is a C++ library whose useful parts (page helpers, copying
// objects between documents, the writer) have no C API. These few C functions wrap them,
// catch every C++ exception, and report failure as a status and a message.

#define CQPDFSHIM_MESSAGE_LENGTH 512

// A parsed PDF whose pages are kept as form XObjects, ready to be placed under the pages
// of other PDFs. Opaque; free with cqpdfshim_stamp_close.
typedef struct cqpdfshim_stamp cqpdfshim_stamp;

// Parses `pdf` (the bytes are copied) and turns each of its pages into a form XObject.
// Returns NULL and fills `message` on failure.
cqpdfshim_stamp *cqpdfshim_stamp_open(const uint8_t *pdf, size_t length, char message[CQPDFSHIM_MESSAGE_LENGTH]);

void cqpdfshim_stamp_close(cqpdfshim_stamp *stamp);

int cqpdfshim_stamp_page_count(const cqpdfshim_stamp *stamp);

// Writes a new PDF: page i of `pdf` with page stamp_pages[i] of stamps[i] drawn under
// it (a form XObject shared by every page that uses it), the catalog's
// /ViewerPreferences set to `viewer_preferences` (a PDF dictionary) and /Version 1.7,
// compressed object streams, and a file identifier computed from the content (so the
// same input gives the same bytes). `page_count` must equal the pages of `pdf`.
// The result is malloc'd; free it with cqpdfshim_free. Returns 0 on success.
int cqpdfshim_compose(const uint8_t *pdf, size_t length, cqpdfshim_stamp *const *stamps, const int *stamp_pages,
                      int page_count, const char *viewer_preferences, uint8_t **out, size_t *out_length,
                      char message[CQPDFSHIM_MESSAGE_LENGTH]);

void cqpdfshim_free(void *pointer);

#ifdef __cplusplus
}
#endif

#endif
