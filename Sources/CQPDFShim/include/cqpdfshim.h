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

// What drawing a PDF's pages would cost poppler, measured before poppler draws them: an
// upload of a few kilobytes can otherwise ask for minutes (a content stream that inflates
// to a gigabyte, form XObjects nested deep, each drawing the next many times).
typedef struct {
  // Per page: bytes of content to interpret, inflated (a form XObject's content counted
  // each time it is drawn); form XObjects nested in one another; form XObjects drawn
  // (nested draws multiplied); pixels of any one image (an XObject or inline).
  uint64_t max_content_bytes;
  uint32_t max_form_depth;
  uint64_t max_form_draws;
  uint64_t max_image_pixels;
} cqpdfshim_content_limits;

enum {
  CQPDFSHIM_WITHIN = 0,
  CQPDFSHIM_CONTENT_BYTES = 1,
  CQPDFSHIM_FORM_DEPTH = 2,
  CQPDFSHIM_FORM_DRAWS = 3,
  CQPDFSHIM_IMAGE_PIXELS = 4,
};

typedef struct {
  // The first page over a limit (1-based; 0: none), which limit (CQPDFSHIM_*) and the
  // value measured when the count stopped (at least the limit; counting stops there).
  int32_t page;
  int32_t exceeded;
  uint64_t measured;
  // Over the pages measured: the largest of each count.
  uint64_t content_bytes;
  uint32_t form_depth;
  uint64_t form_draws;
  uint64_t image_pixels;
  int32_t pages;
} cqpdfshim_content_report;

// Measures `pdf` page by page against `limits`, stopping at the first page over one.
// Returns 0 when measured (`report->exceeded` says whether a limit was passed), -1 when
// qpdf cannot read the file (`message` says why).
int cqpdfshim_measure_content(const uint8_t *pdf, size_t length, cqpdfshim_content_limits limits,
                              cqpdfshim_content_report *report, char message[CQPDFSHIM_MESSAGE_LENGTH]);

#ifdef __cplusplus
}
#endif

#endif
