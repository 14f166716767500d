#ifndef CPIXELKERNELS_H
#define CPIXELKERNELS_H

#include <stddef.h>
#include <stdint.h>

// Steep steps of a gray image (`FineSteps`): a step is a pair of neighbours differing by
// more than `steep`. Along rows (x, x + 1) and along columns (y, y + 1), counts[0] and
// counts[3] are the steps, counts[1] and counts[4] the steps with another step one pixel
// before them on the same line, counts[2] and counts[5] two pixels before. `scratch` holds
// 3 × width bytes. An image under 3 × 2 pixels counts nothing.
void cpixel_fine_steps(const uint8_t *pixels, size_t width, size_t height, uint8_t steep, uint8_t *scratch,
                       uint64_t counts[6]);

// Adds the histogram of a rectangle of a gray image (rows `stride` bytes apart) to
// `histogram`. Four partial histograms, so that runs of equal pixels (paper) do not wait
// on their own previous increment.
void cpixel_histogram(const uint8_t *pixels, size_t stride, size_t x, size_t y, size_t width, size_t height,
                      uint64_t histogram[256]);

// A gray image shrunk by whole blocks: output pixel (ox, oy) is the rounded mean,
// (sum + area / 2) / area, of the block_width × block_height block at
// (ox · block_width, oy · block_height). The caller guarantees out_width · block_width <=
// width, out_height · block_height <= height and blocks of at most 255 × 255. `dst` holds
// out_width × out_height bytes; `sums`, width 16-bit sums.
void cpixel_box_shrink(const uint8_t *src, size_t width, size_t out_width, size_t out_height, size_t block_width,
                       size_t block_height, uint8_t *dst, uint16_t *sums);

// Edge steepness over one segment of one band of rows (`EdgeMetrics.steepness`): columns
// [x0, x1) of rows [y0, y1), where 2 <= x0, x1 <= width − 2, 2 <= y0 and y1 <= height − 2.
// Pass 1 writes squared Sobel magnitudes for rows [y0 − 1, y1 + 1) and columns
// [x0 − 1, x1 + 1) into `magnitude2`, where image row y is row y − y0 + 1 (so it holds
// (y1 − y0 + 2) × width values). Pass 2 takes, at each pixel whose local range
// (high − low) is at least `minimum` and whose magnitude is a maximum along its gradient,
// sqrt(magnitude²) / 8 / range, and appends it to `ratios`, which has room for
// (y1 − y0) × (x1 − x0) values. At each such edge centre it also takes the gradient's
// size along the row, the column and the two diagonals, each over 8 × range, and counts
// it in `histograms` (4 × CPIXEL_DIRECTION_BINS counts, direction-major, added to):
// value v falls in bin floor(v × 2 × CPIXEL_DIRECTION_BINS), the last bin holding
// everything from 0.5 up. Returns how many edge centres it appended.
size_t cpixel_steepness(const uint8_t *pixels, const uint8_t *low, const uint8_t *high, size_t width, size_t y0,
                        size_t y1, size_t x0, size_t x1, int32_t minimum, int32_t *magnitude2, float *ratios,
                        uint32_t *histograms);

#define CPIXEL_DIRECTION_BINS 1000

// Minimum and maximum over the 7 × 7 window around each pixel, the window clamped to the
// image (`EdgeMetrics.extremes`). row_min and row_max are width × height scratch; out_min
// and out_max receive the result. Every byte of all four is written.
void cpixel_extremes(const uint8_t *pixels, size_t width, size_t height, uint8_t *row_min, uint8_t *row_max,
                     uint8_t *out_min, uint8_t *out_max);

// A row's values from column `start` on, `count` of them, as floats, with columns outside
// the row clamped to its first or last: pad[i] = row[min(width − 1, max(0, start + i))].
// From bytes (a gray row) or from floats (a blurred one). width must be at least 1.
void cpixel_pad_bytes(const uint8_t *row, size_t width, ptrdiff_t start, size_t count, float *pad);
void cpixel_pad_floats(const float *row, size_t width, ptrdiff_t start, size_t count, float *pad);

// The checks' separable area resize, a row at a time. Vertical pass: the row for output
// row y (`src_width` floats) is
//   row_weights[0][y] · src row row_starts[y] + row_weights[1][y] · src row row_starts[y] + 1 + …
// over `row_taps` taps, summed in that order from 0 in single precision. Horizontal pass:
// output x of that row is
//   0.5 + column_weights[0][x] · row[column_starts[x]] + column_weights[1][x] · row[column_starts[x] + 1] + …
// over `column_taps` taps, added in that order, then clamped to 0–255 and truncated. Both
// weight tables are tap-major (tap t of output o at weights[t · outputs + o]). The caller
// guarantees row_starts[y] + row_taps <= the source's height and column_starts[x] +
// column_taps <= src_width. `scratch` holds `src_width` floats.
void cpixel_resize(const uint8_t *src, size_t src_width, uint8_t *dst, size_t dst_width, size_t dst_height,
                   const int32_t *row_starts, const float *row_weights, int row_taps, const int32_t *column_starts,
                   const float *column_weights, int column_taps, float *scratch);

// One row of a blur: dst[x] = Σ weights[j] · src[x + j] over j = 0 ..< taps, for x in
// 0 ..< count, summed in that order from 0 in single precision (src holds count + taps − 1
// values; dst must not overlap it).
void cpixel_convolve(const float *src, size_t count, const float *weights, int taps, float *dst);

// One row of a vertical blur: dst[x] = Σ weights[j] · rows[j][x] over j = 0 ..< taps, for
// x in [x0, x1), summed in that order from 0 in single precision (dst must not overlap
// the rows).
void cpixel_convolve_rows(const float *const *rows, const float *weights, int taps, size_t x0, size_t x1, float *dst);

// A QR finder pattern's centre, as a line through it sees one: dark, light, dark three
// times as long, light, dark (1:1:3:1:1), found along a row and confirmed down the
// column through the middle; `module` is the pattern's width over 7.
typedef struct {
  float x, y, module;
} cpixel_finder;

// Finder-pattern candidates in a gray image (rows `stride` bytes apart), scanning every
// `row_step`-th row: a pixel is dark when it is an eighth darker than the mean of the
// `2 * radius + 1` pixels about it on its row. Writes at most `capacity` candidates and
// returns how many were found (which may exceed `capacity`). `scratch` holds width + 1
// values. Tolerant on purpose: a candidate only says that a full
// QR search is worth its cost.
size_t cpixel_qr_finders(const uint8_t *pixels, size_t width, size_t height, size_t stride, size_t row_step,
                         size_t radius, uint64_t *scratch, cpixel_finder *out, size_t capacity);

#endif
