#ifndef CPIXELKERNELS_H
#define CPIXELKERNELS_H

#include <stddef.h>
#include <stdint.h>

// The horizontal pass of the checks' separable area resize. For each of `rows` rows of
// `src` (`src_width` floats each), output pixel x of that row is
//   0.5 + weights[0][x] · row[starts[x]] + weights[1][x] · row[starts[x] + 1] + …
// over `taps` taps, added in that order in single precision (the same bits as the Swift
// loop it replaces), then clamped to 0–255 and truncated. `weights` is tap-major: tap t
// of output x is weights[t * dst_width + x]. The caller guarantees
// starts[x] + taps <= src_width for every x.
void cpixel_resize_rows(const float *src, size_t src_width, uint8_t *dst, size_t dst_width, size_t rows,
                        const int32_t *starts, const float *weights, int taps);

#endif
