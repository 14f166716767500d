#include "cpixelkernels.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Results must not depend on the compiler's choice to fuse a multiply and an add.
#pragma STDC FP_CONTRACT OFF

static inline uint8_t clamped(float value) {
  if (!(value > 0)) return 0;  // NaN too
  if (value >= 255) return 255;
  return (uint8_t)(int)value;
}

void cpixel_resize_rows(const float *src, size_t src_width, uint8_t *dst, size_t dst_width, size_t rows,
                        const int32_t *starts, const float *weights, int taps) {
  for (size_t y = 0; y < rows; y++) {
    const float *row = src + y * src_width;
    uint8_t *out = dst + y * dst_width;
    size_t x = 0;
#if defined(__SSE2__)
    // Four outputs at a time: their taps gathered into lanes. The usual reductions (to
    // up to half the size) have two or three taps.
    if (taps == 2 || taps == 3) {
      const __m128 half = _mm_set1_ps(0.5f), zero = _mm_setzero_ps(), top = _mm_set1_ps(255.0f);
      for (; x + 4 <= dst_width; x += 4) {
        const int32_t *s = starts + x;
        __m128 acc = _mm_add_ps(half, _mm_mul_ps(_mm_loadu_ps(weights + x),
                                                 _mm_setr_ps(row[s[0]], row[s[1]], row[s[2]], row[s[3]])));
        acc = _mm_add_ps(acc, _mm_mul_ps(_mm_loadu_ps(weights + dst_width + x),
                                         _mm_setr_ps(row[s[0] + 1], row[s[1] + 1], row[s[2] + 1], row[s[3] + 1])));
        if (taps == 3) {
          acc = _mm_add_ps(acc, _mm_mul_ps(_mm_loadu_ps(weights + 2 * dst_width + x),
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
    for (; x < dst_width; x++) {
      float acc = 0.5f;
      for (int t = 0; t < taps; t++) acc += weights[(size_t)t * dst_width + x] * row[starts[x] + t];
      out[x] = clamped(acc);
    }
  }
}
