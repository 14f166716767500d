#include "cpixelkernels.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Results must not depend on the compiler's choice to fuse a multiply and an add.
#pragma STDC FP_CONTRACT OFF

// Kernels marked with this get a second, AVX2 build, chosen when the program loads on a
// CPU that has it (glibc's ifunc): twice the lanes, and the same results. The integer
// kernels are exact; the float ones keep each sum's order, and AVX2 alone has no fused
// multiply-add (nor would it be used: FP_CONTRACT is off).
#if defined(__x86_64__) && defined(__ELF__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define WIDER_WHERE_AVAILABLE __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef WIDER_WHERE_AVAILABLE
#define WIDER_WHERE_AVAILABLE
#endif

static inline uint8_t clamped(float value) {
  if (!(value > 0)) return 0;  // NaN too
  if (value >= 255) return 255;
  return (uint8_t)(int)value;
}

// `count` outputs of one row of the resize's horizontal pass: output x is
//   0.5 + weights[0][x] · row[starts[x]] + weights[1][x] · row[starts[x] + 1] + …
// over `taps` taps (tap t of output x at weights[t · stride + x]), added in that order in
// single precision (the same bits as the Swift loop it replaced), then clamped to 0–255
// and truncated.
static inline void resize_row(const float *row, uint8_t *out, size_t count, const int32_t *starts,
                              const float *weights, int taps, size_t stride) {
  size_t x = 0;
#if defined(__SSE2__)
  // Four outputs at a time: their taps gathered into lanes. The usual reductions (to up
  // to half the size) have two or three taps.
  if (taps == 2 || taps == 3) {
    const __m128 half = _mm_set1_ps(0.5f), zero = _mm_setzero_ps(), top = _mm_set1_ps(255.0f);
    for (; x + 4 <= count; x += 4) {
      const int32_t *s = starts + x;
      __m128 acc = _mm_add_ps(half, _mm_mul_ps(_mm_loadu_ps(weights + x),
                                               _mm_setr_ps(row[s[0]], row[s[1]], row[s[2]], row[s[3]])));
      acc = _mm_add_ps(acc, _mm_mul_ps(_mm_loadu_ps(weights + stride + x),
                                       _mm_setr_ps(row[s[0] + 1], row[s[1] + 1], row[s[2] + 1], row[s[3] + 1])));
      if (taps == 3) {
        acc = _mm_add_ps(acc, _mm_mul_ps(_mm_loadu_ps(weights + 2 * stride + x),
                                         _mm_setr_ps(row[s[0] + 2], row[s[1] + 2], row[s[2] + 2], row[s[3] + 2])));
      }
      // max(acc, 0) gives 0 for NaN, as `clamped` does.
      __m128i whole = _mm_cvttps_epi32(_mm_min_ps(_mm_max_ps(acc, zero), top));
      __m128i bytes = _mm_packus_epi16(_mm_packs_epi32(whole, whole), whole);
      int32_t four = _mm_cvtsi128_si32(bytes);
      memcpy(out + x, &four, 4);
    }
  }
#endif
  for (; x < count; x++) {
    float acc = 0.5f;
    for (int t = 0; t < taps; t++) acc += weights[(size_t)t * stride + x] * row[starts[x] + t];
    out[x] = clamped(acc);
  }
}

#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target)
#include <immintrin.h>
#define RESIZE_ROW_AVX2 1
// The horizontal pass eight outputs at a time, without gathers: where the eight outputs'
// taps lie within 16 source pixels (any reduction to no less than about 0.6 of the size,
// as the checks' working copy is), the two vectors of those pixels are permuted into
// lanes (the starts never decrease, so the first output's start is the least; the loads
// stay inside the row whatever they hold). Per lane the same sum in the same order as
// `resize_row`: the same bytes. The rest (and every other case) goes to `resize_row`.
__attribute__((target("avx2"))) static void resize_row_avx2(const float *row, size_t src_width, uint8_t *out,
                                                             size_t dst_width, const int32_t *starts,
                                                             const float *weights, int taps) {
  size_t x = 0;
  if (taps == 2 || taps == 3) {
    const __m256 half = _mm256_set1_ps(0.5f), zero = _mm256_setzero_ps(), top = _mm256_set1_ps(255.0f);
    const __m256i seven = _mm256_set1_epi32(7), one = _mm256_set1_epi32(1);
    for (; x + 8 <= dst_width; x += 8) {
      const int32_t base = starts[x];
      if (base < 0 || (size_t)base + 16 > src_width || starts[x + 7] - base + taps - 1 > 15) break;
      const __m256 lo = _mm256_loadu_ps(row + base), hi = _mm256_loadu_ps(row + base + 8);
      __m256i index = _mm256_sub_epi32(_mm256_loadu_si256((const __m256i *)(starts + x)), _mm256_set1_epi32(base));
      __m256 acc = half;
      for (int t = 0; t < taps; t++) {
        __m256 upper = _mm256_castsi256_ps(_mm256_cmpgt_epi32(index, seven));
        __m256 v = _mm256_blendv_ps(_mm256_permutevar8x32_ps(lo, index), _mm256_permutevar8x32_ps(hi, index), upper);
        acc = _mm256_add_ps(acc, _mm256_mul_ps(_mm256_loadu_ps(weights + (size_t)t * dst_width + x), v));
        index = _mm256_add_epi32(index, one);
      }
      __m256i whole = _mm256_cvttps_epi32(_mm256_min_ps(_mm256_max_ps(acc, zero), top));
      __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(whole), _mm256_extracti128_si256(whole, 1));
      _mm_storel_epi64((__m128i *)(out + x), _mm_packus_epi16(words, words));
    }
  }
  resize_row(row, out + x, dst_width - x, starts + x, weights + x, taps, dst_width);
}
#endif
#endif

// Both passes a row at a time: the vertical pass's row stays in the cache for the
// horizontal one (as two whole passes, a 1500 × 2000 page wrote, zeroed and read back
// 10 MB of floats between them). The same sums in the same order: the same bytes.
WIDER_WHERE_AVAILABLE
void cpixel_resize(const uint8_t *src, size_t src_width, uint8_t *dst, size_t dst_width, size_t dst_height,
                   const int32_t *row_starts, const float *row_weights, int row_taps, const int32_t *column_starts,
                   const float *column_weights, int column_taps, float *scratch) {
#if defined(RESIZE_ROW_AVX2)
  const int wide = __builtin_cpu_supports("avx2");
#endif
  for (size_t y = 0; y < dst_height; y++) {
    float *restrict line = scratch;
    const uint8_t *first = src + (size_t)row_starts[y] * src_width;
    for (size_t x = 0; x < src_width; x++) line[x] = 0.0f;
    for (int t = 0; t < row_taps; t++) {
      const float weight = row_weights[(size_t)t * dst_height + y];
      const uint8_t *restrict row = first + (size_t)t * src_width;
      for (size_t x = 0; x < src_width; x++) line[x] += weight * (float)row[x];
    }
#if defined(RESIZE_ROW_AVX2)
    if (wide) {
      resize_row_avx2(line, src_width, dst + y * dst_width, dst_width, column_starts, column_weights, column_taps);
      continue;
    }
#endif
    resize_row(line, dst + y * dst_width, dst_width, column_starts, column_weights, column_taps, dst_width);
  }
}

// 1 where |a − b| > steep. Plain loops over bytes: the compiler vectorises them.
static void steps_between(const uint8_t *a, const uint8_t *b, uint8_t *out, size_t n, uint8_t steep) {
  for (size_t i = 0; i < n; i++) {
    uint8_t d = a[i] > b[i] ? (uint8_t)(a[i] - b[i]) : (uint8_t)(b[i] - a[i]);
    out[i] = d > steep;
  }
}

// Sums of one line (at most its width, so 32 bits hold them).
static uint32_t sum(const uint8_t *s, size_t n) {
  uint32_t total = 0;
  for (size_t i = 0; i < n; i++) total += s[i];
  return total;
}

static uint32_t sum_both(const uint8_t *s, const uint8_t *t, size_t n) {
  uint32_t total = 0;
  for (size_t i = 0; i < n; i++) total += s[i] & t[i];
  return total;
}

WIDER_WHERE_AVAILABLE
void cpixel_fine_steps(const uint8_t *pixels, size_t width, size_t height, uint8_t steep, uint8_t *scratch,
                       uint64_t counts[6]) {
  memset(counts, 0, 6 * sizeof counts[0]);
  if (width < 3 || height < 2) return;
  // Three lines of step bits: the current one and the two before it (columns), or the
  // row's steps (rows, where the earlier steps are the same line shifted).
  uint8_t *line[3] = {scratch, scratch + width, scratch + 2 * width};
  for (size_t y = 0; y < height; y++) {
    const uint8_t *row = pixels + y * width;
    uint8_t *s = line[0];
    steps_between(row, row + 1, s, width - 1, steep);
    counts[0] += sum(s, width - 1);
    counts[1] += sum_both(s + 1, s, width - 2);
    counts[2] += sum_both(s + 2, s, width - 3);
  }
  for (size_t y = 0; y + 1 < height; y++) {
    uint8_t *s = line[y % 3];
    steps_between(pixels + y * width, pixels + (y + 1) * width, s, width, steep);
    counts[3] += sum(s, width);
    if (y >= 1) counts[4] += sum_both(s, line[(y + 2) % 3], width);
    if (y >= 2) counts[5] += sum_both(s, line[(y + 1) % 3], width);
  }
}

void cpixel_histogram(const uint8_t *pixels, size_t stride, size_t x, size_t y, size_t width, size_t height,
                      uint64_t histogram[256]) {
  uint32_t parts[4][256];
  memset(parts, 0, sizeof parts);
  size_t pending = 0;  // pixels counted in `parts` since the last flush
  for (size_t row = y; row < y + height; row++) {
    const uint8_t *p = pixels + row * stride + x;
    size_t i = 0;
    for (; i + 4 <= width; i += 4) {
      parts[0][p[i]]++;
      parts[1][p[i + 1]]++;
      parts[2][p[i + 2]]++;
      parts[3][p[i + 3]]++;
    }
    for (; i < width; i++) parts[0][p[i]]++;
    pending += width;
    // Flushed before any 32-bit count could overflow, and at the end.
    if (pending >= ((size_t)1 << 30) || row + 1 == y + height) {
      for (int v = 0; v < 256; v++) {
        histogram[v] += (uint64_t)parts[0][v] + parts[1][v] + parts[2][v] + parts[3][v];
      }
      memset(parts, 0, sizeof parts);
      pending = 0;
    }
  }
}

WIDER_WHERE_AVAILABLE
void cpixel_box_shrink(const uint8_t *src, size_t width, size_t out_width, size_t out_height, size_t block_width,
                       size_t block_height, uint8_t *dst, uint16_t *sums) {
  const size_t kx = block_width, ky = block_height;
  const uint32_t area = (uint32_t)(kx * ky);
  const size_t used = out_width * kx;
  for (size_t oy = 0; oy < out_height; oy++) {
    // The block rows of this band summed per column (at most 255 × 255 fits 16 bits).
    const uint8_t *first = src + oy * ky * width;
    for (size_t x = 0; x < used; x++) sums[x] = first[x];
    for (size_t r = 1; r < ky; r++) {
      const uint8_t *row = first + r * width;
      for (size_t x = 0; x < used; x++) sums[x] = (uint16_t)(sums[x] + row[x]);
    }
    uint8_t *out = dst + oy * out_width;
    if (kx == 2 && ky == 2) {
      for (size_t ox = 0; ox < out_width; ox++) out[ox] = (uint8_t)((sums[2 * ox] + sums[2 * ox + 1] + 2u) >> 2);
    } else if (kx == 4 && ky == 4) {
      for (size_t ox = 0; ox < out_width; ox++) {
        const uint16_t *s = sums + 4 * ox;
        out[ox] = (uint8_t)(((uint32_t)s[0] + s[1] + s[2] + s[3] + 8u) >> 4);
      }
    } else {
      for (size_t ox = 0; ox < out_width; ox++) {
        uint32_t sum = 0;
        for (size_t x = ox * kx; x < ox * kx + kx; x++) sum += sums[x];
        out[ox] = (uint8_t)((sum + area / 2) / area);
      }
    }
  }
}

WIDER_WHERE_AVAILABLE
size_t cpixel_steepness(const uint8_t *pixels, const uint8_t *low, const uint8_t *high, size_t width, size_t y0,
                        size_t y1, size_t x0, size_t x1, int32_t minimum, int32_t *magnitude2, float *ratios,
                        uint32_t *histograms) {
  const size_t w = width;
  // Pass 1: squared Sobel magnitude. Non-maximum suppression only compares magnitudes, so
  // the square root waits for the edge centres.
  for (size_t y = y0 - 1; y < y1 + 1; y++) {
    const uint8_t *r0 = pixels + (y - 1) * w, *r1 = pixels + y * w, *r2 = pixels + (y + 1) * w;
    int32_t *m = magnitude2 + (y - y0 + 1) * w;
    for (size_t x = x0 - 1; x < x1 + 1; x++) {
      int32_t sx = (r0[x + 1] + 2 * r1[x + 1] + r2[x + 1]) - (r0[x - 1] + 2 * r1[x - 1] + r2[x - 1]);
      int32_t sy = (r2[x - 1] + 2 * r2[x] + r2[x + 1]) - (r0[x - 1] + 2 * r0[x] + r0[x + 1]);
      m[x] = sx * sx + sy * sy;
    }
  }
  // Pass 2: at pixels with enough local contrast, keep those whose magnitude is a maximum
  // along the gradient direction, and take gradient / range there.
  const ptrdiff_t steps[4] = {1, (ptrdiff_t)w, (ptrdiff_t)w + 1, (ptrdiff_t)w - 1};
  size_t count = 0;
  for (size_t y = y0; y < y1; y++) {
    const uint8_t *lo = low + y * w, *hi = high + y * w;
    const uint8_t *r0 = pixels + (y - 1) * w, *r1 = pixels + y * w, *r2 = pixels + (y + 1) * w;
    const int32_t *m = magnitude2 + (y - y0 + 1) * w;
    for (size_t x = x0; x < x1; x++) {
      int32_t range = (int32_t)hi[x] - (int32_t)lo[x];
      if (range < minimum || m[x] <= 0) continue;
      int32_t sx = (r0[x + 1] + 2 * r1[x + 1] + r2[x + 1]) - (r0[x - 1] + 2 * r1[x - 1] + r2[x - 1]);
      int32_t sy = (r2[x - 1] + 2 * r2[x] + r2[x + 1]) - (r0[x - 1] + 2 * r0[x] + r0[x + 1]);
      int32_t ax = sx < 0 ? -sx : sx, ay = sy < 0 ? -sy : sy;
      ptrdiff_t step = steps[ax > 2 * ay ? 0 : ay > 2 * ax ? 1 : (sx > 0) == (sy > 0) ? 2 : 3];
      if (!(m[x] >= m[(ptrdiff_t)x - step] && m[x] > m[(ptrdiff_t)x + step])) continue;
      // Sobel's weights sum to 4 on each side of a 2-pixel baseline: /8 is per pixel.
      float per = 8.0f * (float)range;
      int32_t d1 = sx + sy, d2 = sx - sy;
      float along[4] = {(float)ax / per, (float)ay / per, (float)(d1 < 0 ? -d1 : d1) * 0.70710678f / per,
                        (float)(d2 < 0 ? -d2 : d2) * 0.70710678f / per};
      for (int k = 0; k < 4; k++) {
        int32_t bin = (int32_t)(along[k] * (float)CPIXEL_DIRECTION_BINS * 2.0f);
        histograms[k * CPIXEL_DIRECTION_BINS + (bin < CPIXEL_DIRECTION_BINS ? bin : CPIXEL_DIRECTION_BINS - 1)] += 1;
      }
      ratios[count++] = sqrtf((float)m[x]) / per;
    }
  }
  return count;
}

WIDER_WHERE_AVAILABLE
void cpixel_extremes(const uint8_t *pixels, size_t width, size_t height, uint8_t *row_min, uint8_t *row_max,
                     uint8_t *out_min, uint8_t *out_max) {
  const size_t w = width, h = height;
  // Along each row: seven columns, fewer at the borders. The interior [3, w − 3) on its
  // own, where the compiler vectorises the seven loads.
  const size_t inner_end = w >= 6 ? w - 3 : 3;
  for (size_t y = 0; y < h; y++) {
    const uint8_t *p = pixels + y * w;
    uint8_t *mn = row_min + y * w, *mx = row_max + y * w;
    for (size_t x = 3; x < inner_end; x++) {
      uint8_t lo = p[x - 3], hi = p[x - 3];
      for (size_t k = x - 2; k <= x + 3; k++) {
        lo = p[k] < lo ? p[k] : lo;
        hi = p[k] > hi ? p[k] : hi;
      }
      mn[x] = lo;
      mx[x] = hi;
    }
    for (size_t x = 0; x < w; x = (x + 1 == 3 && inner_end > 3) ? inner_end : x + 1) {
      size_t first = x >= 3 ? x - 3 : 0, last = x + 3 < w ? x + 3 : w - 1;
      uint8_t lo = 255, hi = 0;
      for (size_t k = first; k <= last; k++) {
        lo = p[k] < lo ? p[k] : lo;
        hi = p[k] > hi ? p[k] : hi;
      }
      mn[x] = lo;
      mx[x] = hi;
    }
  }
  // Down each column: the seven rows' results folded in.
  for (size_t y = 0; y < h; y++) {
    size_t first = y >= 3 ? y - 3 : 0, last = y + 3 < h ? y + 3 : h - 1;
    uint8_t *lo = out_min + y * w, *hi = out_max + y * w;
    memcpy(lo, row_min + first * w, w);
    memcpy(hi, row_max + first * w, w);
    for (size_t k = first + 1; k <= last; k++) {
      const uint8_t *a = row_min + k * w, *b = row_max + k * w;
      for (size_t x = 0; x < w; x++) {
        lo[x] = a[x] < lo[x] ? a[x] : lo[x];
        hi[x] = b[x] > hi[x] ? b[x] : hi[x];
      }
    }
  }
}

// The clamped left part, the row itself (a plain converting copy the compiler
// vectorises), the clamped right part.
#define PAD_ROW(row, width, start, count, pad)                   \
  do {                                                           \
    const ptrdiff_t n = (ptrdiff_t)(count), w = (ptrdiff_t)(width); \
    ptrdiff_t left = (start) < 0 ? -(start) : 0;                 \
    if (left > n) left = n;                                      \
    ptrdiff_t right = w - (start);                               \
    if (right > n) right = n;                                    \
    if (right < left) right = left;                              \
    ptrdiff_t i = 0;                                             \
    for (; i < left; i++) (pad)[i] = (float)(row)[0];            \
    for (; i < right; i++) (pad)[i] = (float)(row)[(start) + i]; \
    for (; i < n; i++) (pad)[i] = (float)(row)[w - 1];           \
  } while (0)

void cpixel_pad_bytes(const uint8_t *row, size_t width, ptrdiff_t start, size_t count, float *pad) {
  PAD_ROW(row, width, start, count, pad);
}

void cpixel_pad_floats(const float *row, size_t width, ptrdiff_t start, size_t count, float *pad) {
  PAD_ROW(row, width, start, count, pad);
}

// The blurs' kernels have 7 and 9 taps (σ 0.7 and 1.33): for those the sum is written
// out, so that the loop over x is the innermost and the compiler vectorises it; each
// output still adds its taps in order, from 0.
#define SUM7(v) (((((((0.0f + w[0] * v(0)) + w[1] * v(1)) + w[2] * v(2)) + w[3] * v(3)) + w[4] * v(4)) + w[5] * v(5)) + w[6] * v(6))
#define SUM9(v) ((SUM7(v) + w[7] * v(7)) + w[8] * v(8))

WIDER_WHERE_AVAILABLE
void cpixel_convolve(const float *src, size_t count, const float *weights, int taps, float *dst) {
  const float *restrict s = src, *restrict w = weights;
  float *restrict out = dst;
#define AT(j) s[x + (j)]
  if (taps == 7) {
    for (size_t x = 0; x < count; x++) out[x] = SUM7(AT);
  } else if (taps == 9) {
    for (size_t x = 0; x < count; x++) out[x] = SUM9(AT);
  } else {
    for (size_t x = 0; x < count; x++) {
      float acc = 0.0f;
      for (int j = 0; j < taps; j++) acc += w[j] * s[x + (size_t)j];
      out[x] = acc;
    }
  }
#undef AT
}

WIDER_WHERE_AVAILABLE
void cpixel_convolve_rows(const float *const *rows, const float *weights, int taps, size_t x0, size_t x1, float *dst) {
  const float *restrict w = weights;
  float *restrict out = dst;
  if (taps == 7 || taps == 9) {
    const float *restrict r0 = rows[0], *restrict r1 = rows[1], *restrict r2 = rows[2], *restrict r3 = rows[3];
    const float *restrict r4 = rows[4], *restrict r5 = rows[5], *restrict r6 = rows[6];
#define ROW(j) r##j[x]
    if (taps == 7) {
      for (size_t x = x0; x < x1; x++) out[x] = SUM7(ROW);
    } else {
      const float *restrict r7 = rows[7], *restrict r8 = rows[8];
      for (size_t x = x0; x < x1; x++) out[x] = SUM9(ROW);
    }
#undef ROW
  } else {
    for (size_t x = x0; x < x1; x++) {
      float acc = 0.0f;
      for (int j = 0; j < taps; j++) acc += w[j] * rows[j][x];
      out[x] = acc;
    }
  }
}

// Whether five runs (pixels) are in a finder pattern's proportions, 1:1:3:1:1, with room
// for blur and for runs of a pixel or two; the module size through `module`.
static int finder_ratios(size_t a, size_t b, size_t c, size_t d, size_t e, float *module) {
  size_t total = a + b + c + d + e;
  if (total < 6) return 0;
  float u = (float)total / 7.0f, slack = u * 0.5f + 1.0f;
  if (fabsf((float)a - u) > slack || fabsf((float)b - u) > slack || fabsf((float)d - u) > slack ||
      fabsf((float)e - u) > slack || fabsf((float)c - 3.0f * u) > u * 1.5f + 1.0f)
    return 0;
  *module = u;
  return 1;
}

// Counts pixels from (x, y) on in steps of (dx, dy) for as long as they are dark (`dark`
// 1) or light (0), at most `limit`; the point after the run through (x, y).
static size_t line_run(const uint8_t *pixels, size_t stride, size_t width, size_t height, ptrdiff_t *x, ptrdiff_t *y,
                       int dx, int dy, int dark, uint64_t sum, uint64_t n, size_t limit) {
  size_t count = 0;
  while (*x >= 0 && *y >= 0 && (size_t)*x < width && (size_t)*y < height && count < limit) {
    int is_dark = (uint64_t)pixels[(size_t)*y * stride + (size_t)*x] * 8 * n < sum * 7;
    if (is_dark != dark) break;
    ++count;
    *x += dx, *y += dy;
  }
  return count;
}

// Whether the line through (cx, cy) in direction (dx, dy) crosses a finder pattern:
// dark, light, dark (through the centre), light, dark, in 1:1:3:1:1; its centre run's
// middle through `middle` (steps from (cx, cy) along the line) and the module in steps.
static int finder_line(const uint8_t *pixels, size_t stride, size_t width, size_t height, size_t cx, size_t cy, int dx,
                       int dy, uint64_t sum, uint64_t n, size_t limit, float *module, float *middle) {
  ptrdiff_t x = (ptrdiff_t)cx, y = (ptrdiff_t)cy;
  size_t ahead = line_run(pixels, stride, width, height, &x, &y, dx, dy, 1, sum, n, limit);
  size_t light_ahead = line_run(pixels, stride, width, height, &x, &y, dx, dy, 0, sum, n, limit);
  size_t dark_ahead = line_run(pixels, stride, width, height, &x, &y, dx, dy, 1, sum, n, limit);
  x = (ptrdiff_t)cx - dx, y = (ptrdiff_t)cy - dy;
  size_t behind = line_run(pixels, stride, width, height, &x, &y, -dx, -dy, 1, sum, n, limit);
  size_t light_behind = line_run(pixels, stride, width, height, &x, &y, -dx, -dy, 0, sum, n, limit);
  size_t dark_behind = line_run(pixels, stride, width, height, &x, &y, -dx, -dy, 1, sum, n, limit);
  if (ahead == 0) return 0;
  *middle = ((float)ahead - (float)behind - 1.0f) / 2.0f;
  return finder_ratios(dark_behind, light_behind, behind + ahead, light_ahead, dark_ahead, module);
}

size_t cpixel_qr_finders(const uint8_t *pixels, size_t width, size_t height, size_t stride, size_t row_step,
                         size_t radius, uint64_t *scratch, cpixel_finder *out, size_t capacity) {
  if (width < 8 || height < 8 || row_step < 1) return 0;
  uint64_t *prefix = scratch;
  size_t found = 0;
  for (size_t y = row_step / 2; y < height; y += row_step) {
    const uint8_t *row = pixels + y * stride;
    prefix[0] = 0;
    for (size_t x = 0; x < width; ++x) prefix[x + 1] = prefix[x] + row[x];
    // The last five runs: their lengths and where each began; runs[4] is the newest.
    size_t runs[5] = {0, 0, 0, 0, 0}, starts[5] = {0, 0, 0, 0, 0};
    int have = 0, current = -1;
    size_t start = 0;
    for (size_t x = 0; x <= width; ++x) {
      int dark = -1;
      if (x < width) {
        size_t lo = x > radius ? x - radius : 0, hi = x + radius + 1 < width ? x + radius + 1 : width;
        dark = (uint64_t)row[x] * 8 * (hi - lo) < (prefix[hi] - prefix[lo]) * 7;
      }
      if (dark == current) continue;
      if (current >= 0) {
        for (int k = 0; k < 4; ++k) runs[k] = runs[k + 1], starts[k] = starts[k + 1];
        runs[4] = x - start, starts[4] = start;
        if (have < 5) ++have;
        float u;
        // Dark, light, dark, light, dark ending here.
        if (current == 1 && have == 5 && finder_ratios(runs[0], runs[1], runs[2], runs[3], runs[4], &u)) {
          size_t cx = starts[2] + runs[2] / 2;
          size_t lo = cx > radius ? cx - radius : 0, hi = cx + radius + 1 < width ? cx + radius + 1 : width;
          uint64_t sum = prefix[hi] - prefix[lo], n = hi - lo;
          size_t limit = (size_t)(5.0f * u) + 3;
          // Down the column through the middle, then along both diagonals through the
          // centre found: concentric squares cut 1:1:3:1:1 by any line through their
          // centre, whatever the code's rotation; text seldom is, in all three.
          float v, mid, d1, d2, skip;
          if (finder_line(pixels, stride, width, height, cx, y, 0, 1, sum, n, limit, &v, &mid) && v < 2.5f * u &&
              u < 2.5f * v) {
            float cy = (float)y + mid;
            size_t iy = cy < 0 ? 0 : (size_t)(cy + 0.5f);
            if (iy < height && finder_line(pixels, stride, width, height, cx, iy, 1, 1, sum, n, limit, &d1, &skip) &&
                finder_line(pixels, stride, width, height, cx, iy, 1, -1, sum, n, limit, &d2, &skip) &&
                d1 < 2.5f * u && u < 2.5f * d1 && d2 < 2.5f * u && u < 2.5f * d2) {
              if (found < capacity) {
                out[found].x = (float)cx;
                out[found].y = cy;
                out[found].module = (u + v) / 2.0f;
              }
              ++found;
            }
          }
        }
      }
      current = dark;
      start = x;
    }
  }
  return found;
}
