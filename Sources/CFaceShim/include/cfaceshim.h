#ifndef CFACESHIM_H
#define CFACESHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Why this shim exists: dlib is a header-template C++ library that reports failure by
// throwing. Its HOG face detector is what we use to find faces; these few C functions
// wrap it, catch every exception, and report failure as a status and a message.
//
// dlib's 68-landmark model takes 0.4–0.8 s to deserialize (100 MB of floats in dlib's
// portable encoding), more than the whole `photo` command may take. So the model is
// converted once (by dlib's own deserializer) into a flat file that a worker maps into
// memory in microseconds, and the landmarks are computed here from that mapping with the
// same cascade of regression trees dlib runs (Kazemi & Sullivan 2014, dlib's
// shape_predictor::operator()): the same features, the same traversal, the same 32-bit
// leaf values (a coarser copy changes a branch here and there, and a cascade amplifies
// that into pixels).

#define CFACESHIM_MESSAGE_LENGTH 512
#define CFACESHIM_MAX_PARTS 128

// A detector and a landmark model, ready to use from one thread at a time. Opaque; free
// with cfaceshim_close.
typedef struct cfaceshim_engine cfaceshim_engine;

// A face found by the detector: its box in pixels (right and bottom inclusive, as dlib's
// rectangles), the detector's confidence, and which of the detector's five filters fired
// (0 front, 1 turned left, 2 turned right, 3 front tilted left, 4 front tilted right).
typedef struct {
  int32_t left, top, right, bottom;
  double confidence;
  int32_t filter;
} cfaceshim_face;

// Writes dlib's frontal face detector (built into the library) to `path` in dlib's
// serialization, which loads in milliseconds where building it takes a third of a second.
int cfaceshim_save_detector(const char *path, char message[CFACESHIM_MESSAGE_LENGTH]);

// Converts dlib's `shape_predictor_68_face_landmarks.dat` (or any dlib shape predictor
// with full trees of equal depth) into our flat layout at `path`. Returns 0 on success.
int cfaceshim_convert_landmarks(const char *dlib_model, const char *path, char message[CFACESHIM_MESSAGE_LENGTH]);

// Opens a detector saved by cfaceshim_save_detector (NULL: build dlib's own, slowly) and
// a converted landmark model (mapped read-only). Checks the model's layout and every
// index in it before returning. NULL and a message on failure.
cfaceshim_engine *cfaceshim_open(const char *detector, const char *landmarks, char message[CFACESHIM_MESSAGE_LENGTH]);

void cfaceshim_close(cfaceshim_engine *engine);

// The number of landmarks the model gives (68 for dlib's model).
int cfaceshim_parts(const cfaceshim_engine *engine);

// Finds faces in an 8-bit grey image (`stride` bytes per row). Faces scoring above
// `threshold` (dlib's default is 0) are written to `faces`, at most `capacity`, the most
// confident first. Returns how many were found (possibly more than `capacity`), or -1
// with a message.
int cfaceshim_detect(cfaceshim_engine *engine, const uint8_t *gray, int32_t width, int32_t height, int32_t stride,
                     double threshold, cfaceshim_face *faces, int32_t capacity, char message[CFACESHIM_MESSAGE_LENGTH]);

#define CFACESHIM_ALL_FILTERS 0x1Fu

// The same with some of the detector's filters (bit i of `filters` keeps filter i) and at
// most `levels` levels of its image pyramid (0: all), so that a face of a known pose and
// size (the portrait printed on a card) is looked for at a fraction of the cost. The
// faces' `filter` is still the index among all five.
int cfaceshim_detect_narrowed(cfaceshim_engine *engine, const uint8_t *gray, int32_t width, int32_t height,
                              int32_t stride, double threshold, uint32_t filters, int32_t levels, cfaceshim_face *faces,
                              int32_t capacity, char message[CFACESHIM_MESSAGE_LENGTH]);

// The landmarks of the face in `box`, as x, y pairs in pixels (2 × cfaceshim_parts floats).
// Returns 0, or -1 when the box or the image is unusable.
int cfaceshim_landmarks(cfaceshim_engine *engine, const uint8_t *gray, int32_t width, int32_t height, int32_t stride,
                        cfaceshim_face box, float *points);

// The same, computed by dlib's own shape_predictor from dlib's model file (slow to load):
// for the tests that prove the flat layout gives dlib's answer. Returns 0 on success.
int cfaceshim_reference_landmarks(const char *dlib_model, const uint8_t *gray, int32_t width, int32_t height,
                                  int32_t stride, cfaceshim_face box, float *points, int32_t capacity,
                                  char message[CFACESHIM_MESSAGE_LENGTH]);

#ifdef __cplusplus
}
#endif

#endif
