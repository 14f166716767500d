#ifndef CJPEGSHIM_H
#define CJPEGSHIM_H

#include <stddef.h>
#include <stdint.h>

// Why this shim exists: libjpeg reports fatal errors by calling error_exit, which must not
// return; the only way out is longjmp, and Swift frames cannot be jumped over. Every
// libjpeg call therefore happens here, behind a setjmp, and each function returns a
// status and a message instead.

#define CJPEGSHIM_MESSAGE_LENGTH 200

typedef enum {
  CJPEGSHIM_OK = 0,
  CJPEGSHIM_CORRUPT = 1,      // libjpeg refused the data, or it is truncated or damaged
  CJPEGSHIM_TOO_LARGE = 2,    // more pixels than allowed (checked after the header only)
  CJPEGSHIM_TIMEOUT = 3,      // the deadline passed, or too many progressive scans
  CJPEGSHIM_BUFFER = 4,       // the caller's buffer is too small (a bug on our side)
  CJPEGSHIM_NO_MEMORY = 5,
  CJPEGSHIM_UNSUPPORTED = 6   // a valid JPEG variant this libjpeg cannot decode (12-bit, lossless…)
} cjpegshim_status;

typedef struct {
  int width;               // full-size image
  int height;
  int components;          // 1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK
  int color_space;         // J_COLOR_SPACE of the file
  int progressive;
  int output_width;        // after DCT scaling by 1/scale_denom
  int output_height;
  int adobe_transform;     // saw an Adobe marker (CMYK files are then usually inverted)
  int warnings;            // recoverable data warnings seen
  int message_code;        // libjpeg's code (J_MESSAGE_CODE) of `message`
  int planar;              // YCbCr with Y at full resolution: cjpegshim_decode_planes works
  int plane_width[3];      // Y, Cb, Cr at the chosen scale
  int plane_height[3];
  char message[CJPEGSHIM_MESSAGE_LENGTH];
} cjpegshim_info;

// Reads the header only: size, components, colour space, and the output size for a
// 1/scale_denom DCT-scaled decode (scale_denom 1, 2, 4 or 8).
cjpegshim_status cjpegshim_read_header(const uint8_t *data, size_t size, int scale_denom,
                                       cjpegshim_info *info);

// Decodes into `out` (output_width * output_height * out_components bytes) as gray
// (out_components 1) or RGB (3), scaled by 1/scale_denom. Refuses images of more than
// max_pixels, stops after deadline_ns (CLOCK_MONOTONIC, 0: none) or max_scans
// progressive scans, and treats a truncated or damaged entropy stream as corruption.
cjpegshim_status cjpegshim_decode(const uint8_t *data, size_t size, int scale_denom,
                                  int out_components, uint64_t max_pixels,
                                  uint64_t deadline_ns, int max_scans,
                                  uint8_t *out, size_t out_size, cjpegshim_info *info);

// Decodes a planar YCbCr file (info->planar after cjpegshim_read_header) as its three
// planes at their own resolutions, without upsampling or colour conversion: Y is exactly
// what a gray decode gives; Cb and Cr (often half the size) are what a colour preview
// needs. planes[i] holds plane_width[i] × plane_height[i] bytes (plane_sizes[i] at most).
cjpegshim_status cjpegshim_decode_planes(const uint8_t *data, size_t size, int scale_denom, uint64_t max_pixels,
                                         uint64_t deadline_ns, int max_scans, uint8_t *planes[3],
                                         const size_t plane_sizes[3], cjpegshim_info *info);

// Encodes gray (components 1) or RGB (3) pixels as a baseline JPEG with 4:2:0 chroma
// subsampling at `quality` (1-100), with no metadata. The result is malloc'd; free it
// with cjpegshim_free.
cjpegshim_status cjpegshim_encode(const uint8_t *pixels, int width, int height, int components,
                                  int quality, uint8_t **out, size_t *out_size,
                                  char message[CJPEGSHIM_MESSAGE_LENGTH]);

// Encodes Y, Cb and Cr planes as a baseline 4:2:0 JPEG at `quality` (1-100), with no
// metadata and no colour conversion: planes[0] is width × height, planes[1] and planes[2]
// are (width + 1) / 2 × (height + 1) / 2. `optimize` computes optimal Huffman tables (a
// second pass over the coefficients, for files about a tenth smaller). The result is
// malloc'd; free it with cjpegshim_free.
cjpegshim_status cjpegshim_encode_ycbcr(const uint8_t *const planes[3], int width, int height, int quality,
                                        int optimize, uint8_t **out, size_t *out_size,
                                        char message[CJPEGSHIM_MESSAGE_LENGTH]);

void cjpegshim_free(void *pointer);

// The current CLOCK_MONOTONIC time in nanoseconds, the clock deadlines are given in.
uint64_t cjpegshim_now_ns(void);

#endif
