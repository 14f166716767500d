#include "ctextshim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

// Each function we call, typed by Tesseract's own declaration: a change of signature in
// the header fails this build rather than a call at run time.
#define TESS_FUNCTIONS(X)                 \
  X(TessBaseAPICreate)                    \
  X(TessBaseAPIDelete)                    \
  X(TessBaseAPIInit3)                     \
  X(TessBaseAPISetVariable)               \
  X(TessBaseAPISetPageSegMode)            \
  X(TessBaseAPISetImage)                  \
  X(TessBaseAPISetSourceResolution)       \
  X(TessBaseAPIRecognize)                 \
  X(TessBaseAPIGetIterator)               \
  X(TessBaseAPIClear)                     \
  X(TessBaseAPIEnd)                       \
  X(TessResultIteratorDelete)             \
  X(TessResultIteratorNext)               \
  X(TessResultIteratorGetUTF8Text)        \
  X(TessResultIteratorConfidence)         \
  X(TessResultIteratorGetPageIteratorConst) \
  X(TessPageIteratorBoundingBox)          \
  X(TessDeleteText)

static struct {
#define FIELD(name) __typeof__(&name) name;
  TESS_FUNCTIONS(FIELD)
#undef FIELD
} tess;

static pthread_once_t loading = PTHREAD_ONCE_INIT;
static char load_error[CTEXTSHIM_MESSAGE_LENGTH];

static void load(void) {
  void *library = dlopen("libtesseract.so.5", RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *why = dlerror();
    snprintf(load_error, sizeof load_error, "cannot load Tesseract (libtesseract.so.5): %s", why ? why : "not found");
    return;
  }
#define RESOLVE(name)                                                                   \
  *(void **)(&tess.name) = dlsym(library, #name);                                       \
  if (!tess.name) {                                                                     \
    snprintf(load_error, sizeof load_error, "Tesseract lacks the function %s", #name); \
    return;                                                                             \
  }
  TESS_FUNCTIONS(RESOLVE)
#undef RESOLVE
}

struct ctextshim_engine {
  TessBaseAPI *api;
};

ctextshim_engine *ctextshim_open(const char *datapath, const char *languages, char message[CTEXTSHIM_MESSAGE_LENGTH]) {
  pthread_once(&loading, load);
  if (load_error[0]) {
    snprintf(message, CTEXTSHIM_MESSAGE_LENGTH, "%s", load_error);
    return NULL;
  }
  TessBaseAPI *api = tess.TessBaseAPICreate();
  if (!api) {
    snprintf(message, CTEXTSHIM_MESSAGE_LENGTH, "cannot create a Tesseract engine");
    return NULL;
  }
  // Tesseract writes its warnings ("Estimating resolution…") to stderr; what a worker
  // writes there reaches the reviewer's terminal.
  tess.TessBaseAPISetVariable(api, "debug_file", "/dev/null");
  if (tess.TessBaseAPIInit3(api, datapath, languages) != 0) {
    snprintf(message, CTEXTSHIM_MESSAGE_LENGTH, "cannot load the Tesseract languages %s from %s", languages, datapath);
    tess.TessBaseAPIDelete(api);
    return NULL;
  }
  tess.TessBaseAPISetVariable(api, "debug_file", "/dev/null");
  ctextshim_engine *engine = calloc(1, sizeof *engine);
  if (!engine) {
    tess.TessBaseAPIDelete(api);
    snprintf(message, CTEXTSHIM_MESSAGE_LENGTH, "out of memory");
    return NULL;
  }
  engine->api = api;
  return engine;
}

void ctextshim_close(ctextshim_engine *engine) {
  if (!engine) return;
  tess.TessBaseAPIEnd(engine->api);
  tess.TessBaseAPIDelete(engine->api);
  free(engine);
}

int ctextshim_read(ctextshim_engine *engine, const uint8_t *gray, int32_t width, int32_t height, int32_t stride,
                   int32_t segmentation, int32_t ppi, int32_t words, ctextshim_line *lines, int32_t capacity,
                   char *text, int32_t text_capacity, char message[CTEXTSHIM_MESSAGE_LENGTH]) {
  if (!engine || !gray || width < 1 || height < 1 || stride < width || capacity < 0 || text_capacity < 0 ||
      segmentation < 0 || segmentation > 13 || ppi < 1) {
    snprintf(message, CTEXTSHIM_MESSAGE_LENGTH, "unusable image or arguments");
    return -1;
  }
  TessBaseAPI *api = engine->api;
  tess.TessBaseAPISetPageSegMode(api, (TessPageSegMode)segmentation);
  tess.TessBaseAPISetImage(api, gray, width, height, 1, stride);
  tess.TessBaseAPISetSourceResolution(api, ppi);
  if (tess.TessBaseAPIRecognize(api, NULL) != 0) {
    tess.TessBaseAPIClear(api);
    snprintf(message, CTEXTSHIM_MESSAGE_LENGTH, "Tesseract could not read the image");
    return -1;
  }
  const TessPageIteratorLevel level = words ? RIL_WORD : RIL_TEXTLINE;
  int count = 0;
  int32_t used = 0;
  TessResultIterator *it = tess.TessBaseAPIGetIterator(api);
  if (it) {
    do {
      if (count >= capacity) break;
      char *line = tess.TessResultIteratorGetUTF8Text(it, level);
      if (!line) continue;
      size_t length = strlen(line);
      // Trailing newlines are layout, not text.
      while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) length--;
      int left = 0, top = 0, right = 0, bottom = 0;
      const TessPageIterator *page = tess.TessResultIteratorGetPageIteratorConst(it);
      if (length > 0 && (size_t)(text_capacity - used) >= length &&
          tess.TessPageIteratorBoundingBox(page, level, &left, &top, &right, &bottom)) {
        memcpy(text + used, line, length);
        lines[count].left = left;
        lines[count].top = top;
        lines[count].right = right;
        lines[count].bottom = bottom;
        lines[count].confidence = tess.TessResultIteratorConfidence(it, level);
        lines[count].text_offset = used;
        lines[count].text_length = (int32_t)length;
        used += (int32_t)length;
        count++;
      }
      tess.TessDeleteText(line);
    } while (tess.TessResultIteratorNext(it, level));
    tess.TessResultIteratorDelete(it);
  }
  tess.TessBaseAPIClear(api);
  return count;
}
