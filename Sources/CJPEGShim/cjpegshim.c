#include "cjpegshim.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jpeglib.h>  // first: its jconfig.h says which messages jerror.h declares
#include <jerror.h>

// An error manager whose error_exit jumps back to the shim instead of exiting, and
// which counts the warnings that mean damaged data.
typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  cjpegshim_status status;
  int corrupt_warnings;
  int code;  // libjpeg's message code of the error or first damage warning
  char message[CJPEGSHIM_MESSAGE_LENGTH];
} shim_error;

typedef struct {
  struct jpeg_progress_mgr pub;
  uint64_t deadline_ns;
  int max_scans;
} shim_progress;

uint64_t cjpegshim_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

// A valid file in a variant this libjpeg was not built for (12-bit samples, lossless or
// hierarchical processes, a colour conversion it lacks) is unsupported, not damaged: the
// applicant must be told to convert it, not that it is broken.
static int is_unsupported(int code) {
  switch (code) {
    case JERR_BAD_PRECISION:
    case JERR_SOF_UNSUPPORTED:
    case JERR_NOT_COMPILED:
    case JERR_ARITH_NOTIMPL:
    case JERR_CONVERSION_NOTIMPL:
      return 1;
    default:
      return 0;
  }
}

static void shim_error_exit(j_common_ptr cinfo) {
  shim_error *err = (shim_error *)cinfo->err;
  if (err->status == CJPEGSHIM_OK) {
    int code = err->pub.msg_code;
    err->status = code == JERR_OUT_OF_MEMORY ? CJPEGSHIM_NO_MEMORY
                  : is_unsupported(code)     ? CJPEGSHIM_UNSUPPORTED
                                             : CJPEGSHIM_CORRUPT;
    err->code = code;
    (*cinfo->err->format_message)(cinfo, err->message);
  }
  longjmp(err->jump, 1);
}

// Warnings (level -1) about the entropy-coded data mean the picture is damaged: libjpeg
// would fill the rest with grey and carry on, and a reviewer would see a grey band, or
// noise where random bytes were decoded as if they were a picture (which then ends with
// the wrong number of bytes before the next marker: "extraneous bytes"). A bad ICC
// profile or an unknown marker is metadata, and harmless.
static void shim_emit_message(j_common_ptr cinfo, int level) {
  shim_error *err = (shim_error *)cinfo->err;
  if (level >= 0) return;
  err->pub.num_warnings++;
  switch (err->pub.msg_code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_MUST_RESYNC:
    case JWRN_HUFF_BAD_CODE:
#if JPEG_LIB_VERSION >= 70 || defined(D_ARITH_CODING_SUPPORTED) || defined(C_ARITH_CODING_SUPPORTED)
    case JWRN_ARITH_BAD_CODE:
#endif
    case JWRN_BOGUS_PROGRESSION:
    case JWRN_NOT_SEQUENTIAL:
    case JWRN_EXTRANEOUS_DATA:
      err->corrupt_warnings++;
      if (err->message[0] == 0) {
        err->code = err->pub.msg_code;
        (*cinfo->err->format_message)(cinfo, err->message);
      }
      break;
    default:
      break;
  }
}

static void shim_progress_monitor(j_common_ptr cinfo) {
  shim_progress *progress = (shim_progress *)cinfo->progress;
  shim_error *err = (shim_error *)cinfo->err;
  if (progress->deadline_ns != 0 && cjpegshim_now_ns() > progress->deadline_ns) {
    err->status = CJPEGSHIM_TIMEOUT;
    snprintf(err->message, sizeof err->message, "decoding took longer than allowed");
    longjmp(err->jump, 1);
  }
  if (!cinfo->is_decompressor) return;
  j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
  if (progress->max_scans > 0 && dinfo->input_scan_number > progress->max_scans) {
    err->status = CJPEGSHIM_TIMEOUT;
    snprintf(err->message, sizeof err->message, "more than %d progressive scans", progress->max_scans);
    longjmp(err->jump, 1);
  }
}

static void init_error(shim_error *err) {
  memset(err, 0, sizeof *err);
  jpeg_std_error(&err->pub);
  err->pub.error_exit = shim_error_exit;
  err->pub.emit_message = shim_emit_message;
}

static void copy_message(cjpegshim_info *info, const shim_error *err) {
  info->message_code = err->code;
  memcpy(info->message, err->message, sizeof info->message);
  info->message[sizeof info->message - 1] = 0;
}

static void fill_info(j_decompress_ptr cinfo, cjpegshim_info *info) {
  info->width = (int)cinfo->image_width;
  info->height = (int)cinfo->image_height;
  info->components = cinfo->num_components;
  info->color_space = (int)cinfo->jpeg_color_space;
  info->progressive = cinfo->progressive_mode ? 1 : 0;
  info->adobe_transform = cinfo->saw_Adobe_marker ? 1 : 0;
}

// Whether the planes can be read raw (YCbCr, three components, Y at full resolution,
// both chroma planes alike), and their sizes at the chosen scale.
static void fill_planes(j_decompress_ptr cinfo, cjpegshim_info *info) {
  info->planar = 0;
  if (cinfo->jpeg_color_space != JCS_YCbCr || cinfo->num_components != 3) return;
  jpeg_component_info *c = cinfo->comp_info;
  if (c[0].h_samp_factor != cinfo->max_h_samp_factor || c[0].v_samp_factor != cinfo->max_v_samp_factor) return;
  if (c[1].h_samp_factor != c[2].h_samp_factor || c[1].v_samp_factor != c[2].v_samp_factor) return;
  for (int i = 0; i < 3; i++) {
    info->plane_width[i] = (int)c[i].downsampled_width;
    info->plane_height[i] = (int)c[i].downsampled_height;
  }
  info->planar = 1;
}

cjpegshim_status cjpegshim_read_header(const uint8_t *data, size_t size, int scale_denom, cjpegshim_info *info) {
  struct jpeg_decompress_struct cinfo;
  shim_error err;
  memset(info, 0, sizeof *info);
  init_error(&err);
  cinfo.err = &err.pub;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    copy_message(info, &err);
    return err.status;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, data, (unsigned long)size);
  jpeg_read_header(&cinfo, TRUE);
  fill_info(&cinfo, info);
  cinfo.scale_num = 1;
  cinfo.scale_denom = (unsigned int)scale_denom;
  jpeg_calc_output_dimensions(&cinfo);
  info->output_width = (int)cinfo.output_width;
  info->output_height = (int)cinfo.output_height;
  fill_planes(&cinfo, info);
  jpeg_destroy_decompress(&cinfo);
  return CJPEGSHIM_OK;
}

// Converts one row of CMYK (Adobe files store it inverted) to RGB or gray.
static void cmyk_row(const JSAMPLE *cmyk, uint8_t *out, int width, int out_components, int inverted) {
  for (int x = 0; x < width; x++) {
    int c = cmyk[4 * x], m = cmyk[4 * x + 1], y = cmyk[4 * x + 2], k = cmyk[4 * x + 3];
    if (!inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
    // With inverted storage, each value is already (255 - ink): R = C' * K' / 255.
    int r = c * k / 255, g = m * k / 255, b = y * k / 255;
    if (out_components == 3) {
      out[3 * x] = (uint8_t)r; out[3 * x + 1] = (uint8_t)g; out[3 * x + 2] = (uint8_t)b;
    } else {
      out[x] = (uint8_t)((r * 77 + g * 150 + b * 29) >> 8);
    }
  }
}

// What every decode does first, after its setjmp: the progress monitor (deadline, scan
// limit), the source, the header, and the pixel limit. Returns 0, or CJPEGSHIM_TOO_LARGE
// having destroyed the decompressor. May longjmp to the caller's setjmp.
static cjpegshim_status start(j_decompress_ptr cinfo, shim_progress *progress, const uint8_t *data, size_t size,
                              uint64_t max_pixels, uint64_t deadline_ns, int max_scans, cjpegshim_info *info) {
  jpeg_create_decompress(cinfo);
  memset(progress, 0, sizeof *progress);
  progress->pub.progress_monitor = shim_progress_monitor;
  progress->deadline_ns = deadline_ns;
  progress->max_scans = max_scans;
  cinfo->progress = &progress->pub;
  jpeg_mem_src(cinfo, data, (unsigned long)size);
  jpeg_read_header(cinfo, TRUE);
  fill_info(cinfo, info);
  if ((uint64_t)cinfo->image_width * (uint64_t)cinfo->image_height > max_pixels) {
    snprintf(info->message, sizeof info->message, "%u x %u pixels", cinfo->image_width, cinfo->image_height);
    jpeg_destroy_decompress(cinfo);
    return CJPEGSHIM_TOO_LARGE;
  }
  return CJPEGSHIM_OK;
}

// What every decode does last: damage seen while reading (the loop stopped early) or
// while finishing is CJPEGSHIM_CORRUPT with libjpeg's message. May longjmp.
static cjpegshim_status finish(j_decompress_ptr cinfo, shim_error *err, cjpegshim_info *info) {
  info->warnings = (int)err->pub.num_warnings;
  if (err->corrupt_warnings == 0) jpeg_finish_decompress(cinfo);
  jpeg_destroy_decompress(cinfo);
  info->warnings = (int)err->pub.num_warnings;
  if (err->corrupt_warnings > 0) {
    copy_message(info, err);
    return CJPEGSHIM_CORRUPT;
  }
  return CJPEGSHIM_OK;
}

cjpegshim_status cjpegshim_decode(const uint8_t *data, size_t size, int scale_denom, int out_components,
                                  uint64_t max_pixels, uint64_t deadline_ns, int max_scans,
                                  uint8_t *out, size_t out_size, cjpegshim_info *info) {
  struct jpeg_decompress_struct cinfo;
  shim_error err;
  shim_progress progress;
  JSAMPLE *volatile cmyk = NULL;  // volatile: read after longjmp
  memset(info, 0, sizeof *info);
  init_error(&err);
  cinfo.err = &err.pub;
  if (setjmp(err.jump)) {
    free(cmyk);
    jpeg_destroy_decompress(&cinfo);
    info->warnings = (int)err.pub.num_warnings;
    copy_message(info, &err);
    return err.status;
  }
  cjpegshim_status started = start(&cinfo, &progress, data, size, max_pixels, deadline_ns, max_scans, info);
  if (started != CJPEGSHIM_OK) return started;
  int is_cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  if (is_cmyk) {
    cinfo.out_color_space = JCS_CMYK;
  } else {
    cinfo.out_color_space = out_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  }
  cinfo.scale_num = 1;
  cinfo.scale_denom = (unsigned int)scale_denom;
  cinfo.dct_method = JDCT_ISLOW;
  jpeg_start_decompress(&cinfo);
  info->output_width = (int)cinfo.output_width;
  info->output_height = (int)cinfo.output_height;
  size_t stride = (size_t)cinfo.output_width * (size_t)out_components;
  if (stride * cinfo.output_height > out_size) {
    jpeg_destroy_decompress(&cinfo);
    snprintf(info->message, sizeof info->message, "output buffer too small");
    return CJPEGSHIM_BUFFER;
  }
  if (is_cmyk) {
    cmyk = malloc((size_t)cinfo.output_width * 4);
    if (cmyk == NULL) { err.status = CJPEGSHIM_NO_MEMORY; longjmp(err.jump, 1); }
  }
  while (cinfo.output_scanline < cinfo.output_height) {
    uint8_t *row = out + stride * cinfo.output_scanline;
    if (is_cmyk) {
      JSAMPROW rows[1] = {cmyk};
      jpeg_read_scanlines(&cinfo, rows, 1);
      cmyk_row(cmyk, row, (int)cinfo.output_width, out_components, cinfo.saw_Adobe_marker);
    } else {
      JSAMPROW rows[1] = {row};
      jpeg_read_scanlines(&cinfo, rows, 1);
    }
    if (err.corrupt_warnings > 0) break;  // damaged: no need to decode the grey rest
  }
  free(cmyk);
  cmyk = NULL;
  return finish(&cinfo, &err, info);
}

// The encoder's output: a malloc'd buffer that grows, owned by the shim at every moment.
// libjpeg's own jpeg_mem_dest frees its buffer when it grows but tells the caller the new
// one only when compression finishes, so after an error the caller cannot know which
// buffer to free (freeing the first one again is a double free).
typedef struct {
  struct jpeg_destination_mgr pub;
  uint8_t *buffer;
  size_t capacity;
} shim_destination;

static void destination_init(j_compress_ptr cinfo) {
  shim_destination *dest = (shim_destination *)cinfo->dest;
  dest->pub.next_output_byte = dest->buffer;
  dest->pub.free_in_buffer = dest->capacity;
}

static boolean destination_grow(j_compress_ptr cinfo) {
  shim_destination *dest = (shim_destination *)cinfo->dest;
  size_t grown = dest->capacity * 2;
  uint8_t *bigger = realloc(dest->buffer, grown);
  if (bigger == NULL) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 10);
  dest->buffer = bigger;  // realloc freed the old one: only `bigger` is ours now
  dest->pub.next_output_byte = bigger + dest->capacity;
  dest->pub.free_in_buffer = grown - dest->capacity;
  dest->capacity = grown;
  return TRUE;
}

static void destination_term(j_compress_ptr cinfo) { (void)cinfo; }

// Everything both encoders set before the first row: the growing destination, the
// image, the quality, and a JFIF header at 300 dpi.
static void start_compress(j_compress_ptr cinfo, shim_destination *dest, int width, int height, int components,
                           J_COLOR_SPACE space, int quality, boolean optimize, boolean raw) {
  if (width < 1 || height < 1 || width > JPEG_MAX_DIMENSION || height > JPEG_MAX_DIMENSION)
    ERREXIT1(cinfo, JERR_IMAGE_TOO_BIG, (unsigned int)JPEG_MAX_DIMENSION);
  dest->capacity = 65536;
  dest->buffer = malloc(dest->capacity);
  if (dest->buffer == NULL) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 11);
  dest->pub.init_destination = destination_init;
  dest->pub.empty_output_buffer = destination_grow;
  dest->pub.term_destination = destination_term;
  cinfo->dest = &dest->pub;
  cinfo->image_width = (JDIMENSION)width;
  cinfo->image_height = (JDIMENSION)height;
  cinfo->input_components = components;
  cinfo->in_color_space = space;
  jpeg_set_defaults(cinfo);
  jpeg_set_quality(cinfo, quality, TRUE);
  cinfo->optimize_coding = optimize;
  cinfo->raw_data_in = raw;
  cinfo->write_JFIF_header = TRUE;
  cinfo->density_unit = 1;  // dots per inch
  cinfo->X_density = 300;
  cinfo->Y_density = 300;
  jpeg_start_compress(cinfo, TRUE);
}

// Writes raw YCbCr planes: libjpeg reads whole 8 × 8 blocks, so each group of rows it is
// given is copied into `rows` with the last column and the last row repeated out to the
// blocks' edges (what libjpeg's own edge expansion does for scanline input).
static void write_planes(j_compress_ptr cinfo, const uint8_t *const planes[3], uint8_t *rows) {
  const int width = (int)cinfo->image_width, height = (int)cinfo->image_height;
  const int plane_width[3] = {width, (width + 1) / 2, (width + 1) / 2};
  const int plane_height[3] = {height, (height + 1) / 2, (height + 1) / 2};
  const int group[3] = {2 * DCTSIZE, DCTSIZE, DCTSIZE};
  size_t padded[3], offset[3], total = 0;
  for (int c = 0; c < 3; c++) {
    padded[c] = (size_t)cinfo->comp_info[c].width_in_blocks * DCTSIZE;
    if (padded[c] < (size_t)plane_width[c]) padded[c] = (size_t)plane_width[c];
    offset[c] = total;
    total += padded[c] * (size_t)group[c];
  }
  JSAMPROW pointers[3][2 * DCTSIZE];
  JSAMPARRAY data[3] = {pointers[0], pointers[1], pointers[2]};
  while (cinfo->next_scanline < cinfo->image_height) {
    for (int c = 0; c < 3; c++) {
      int first = (int)cinfo->next_scanline * group[c] / (2 * DCTSIZE);
      for (int r = 0; r < group[c]; r++) {
        int source = first + r < plane_height[c] ? first + r : plane_height[c] - 1;
        uint8_t *row = rows + offset[c] + (size_t)r * padded[c];
        const uint8_t *from = planes[c] + (size_t)source * (size_t)plane_width[c];
        memcpy(row, from, (size_t)plane_width[c]);
        memset(row + plane_width[c], from[plane_width[c] - 1], padded[c] - (size_t)plane_width[c]);
        pointers[c][r] = row;
      }
    }
    jpeg_write_raw_data(cinfo, data, 2 * DCTSIZE);
  }
}

// The bytes of padded row groups `write_planes` needs (after jpeg_start_compress).
static size_t plane_rows_size(j_compress_ptr cinfo) {
  size_t total = 0;
  for (int c = 0; c < 3; c++) {
    size_t width = c == 0 ? cinfo->image_width : (cinfo->image_width + 1) / 2;
    size_t padded = (size_t)cinfo->comp_info[c].width_in_blocks * DCTSIZE;
    total += (padded > width ? padded : width) * (c == 0 ? 2 * DCTSIZE : DCTSIZE);
  }
  return total;
}

// Both encoders: interleaved gray or RGB `pixels`, or (when `planes` is given) raw 4:2:0
// YCbCr planes.
static cjpegshim_status compress(const uint8_t *pixels, const uint8_t *const planes[3], int width, int height,
                                 int components, int quality, int optimize, uint8_t **out, size_t *out_size,
                                 char message[CJPEGSHIM_MESSAGE_LENGTH]) {
  struct jpeg_compress_struct cinfo;
  shim_error err;
  shim_destination dest;
  shim_destination *volatile owner = &dest;  // read through after longjmp
  uint8_t *volatile rows = NULL;
  *out = NULL;
  *out_size = 0;
  memset(&dest, 0, sizeof dest);
  init_error(&err);
  cinfo.err = &err.pub;
  if (setjmp(err.jump)) {
    jpeg_destroy_compress(&cinfo);
    free(owner->buffer);
    free(rows);
    memcpy(message, err.message, CJPEGSHIM_MESSAGE_LENGTH);
    return err.status == CJPEGSHIM_OK ? CJPEGSHIM_CORRUPT : err.status;
  }
  jpeg_create_compress(&cinfo);
  if (planes != NULL) {
    // The defaults for YCbCr sample the luma 2 × 2 and the chroma 1 × 1: 4:2:0.
    start_compress(&cinfo, &dest, width, height, 3, JCS_YCbCr, quality, optimize ? TRUE : FALSE, TRUE);
    rows = malloc(plane_rows_size(&cinfo));
    if (rows == NULL) ERREXIT1(&cinfo, JERR_OUT_OF_MEMORY, 12);
    write_planes(&cinfo, planes, rows);
  } else {
    start_compress(&cinfo, &dest, width, height, components, components == 1 ? JCS_GRAYSCALE : JCS_RGB, quality,
                   optimize ? TRUE : FALSE, FALSE);
    size_t stride = (size_t)width * (size_t)components;
    while (cinfo.next_scanline < cinfo.image_height) {
      JSAMPROW row[1] = {(JSAMPROW)(pixels + stride * cinfo.next_scanline)};
      jpeg_write_scanlines(&cinfo, row, 1);
    }
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  free(rows);
  *out = dest.buffer;
  *out_size = dest.capacity - dest.pub.free_in_buffer;
  return CJPEGSHIM_OK;
}

cjpegshim_status cjpegshim_encode(const uint8_t *pixels, int width, int height, int components, int quality,
                                  uint8_t **out, size_t *out_size, char message[CJPEGSHIM_MESSAGE_LENGTH]) {
  return compress(pixels, NULL, width, height, components, quality, 1, out, out_size, message);
}

cjpegshim_status cjpegshim_encode_ycbcr(const uint8_t *const planes[3], int width, int height, int quality,
                                        int optimize, uint8_t **out, size_t *out_size,
                                        char message[CJPEGSHIM_MESSAGE_LENGTH]) {
  return compress(NULL, planes, width, height, 3, quality, optimize, out, out_size, message);
}

void cjpegshim_free(void *pointer) { free(pointer); }

cjpegshim_status cjpegshim_decode_planes(const uint8_t *data, size_t size, int scale_denom, uint64_t max_pixels,
                                         uint64_t deadline_ns, int max_scans, uint8_t *planes[3],
                                         const size_t plane_sizes[3], cjpegshim_info *info) {
  struct jpeg_decompress_struct cinfo;
  shim_error err;
  shim_progress progress;
  JSAMPLE *volatile rows_memory = NULL;  // volatile: freed after longjmp
  memset(info, 0, sizeof *info);
  init_error(&err);
  cinfo.err = &err.pub;
  if (setjmp(err.jump)) {
    free(rows_memory);
    jpeg_destroy_decompress(&cinfo);
    info->warnings = (int)err.pub.num_warnings;
    copy_message(info, &err);
    return err.status;
  }
  cjpegshim_status started = start(&cinfo, &progress, data, size, max_pixels, deadline_ns, max_scans, info);
  if (started != CJPEGSHIM_OK) return started;
  cinfo.scale_num = 1;
  cinfo.scale_denom = (unsigned int)scale_denom;
  cinfo.dct_method = JDCT_ISLOW;
  cinfo.raw_data_out = TRUE;
  jpeg_calc_output_dimensions(&cinfo);
  fill_planes(&cinfo, info);
  if (!info->planar) {
    jpeg_destroy_decompress(&cinfo);
    snprintf(info->message, sizeof info->message, "not planar YCbCr");
    return CJPEGSHIM_BUFFER;
  }
  for (int i = 0; i < 3; i++) {
    if ((size_t)info->plane_width[i] * (size_t)info->plane_height[i] > plane_sizes[i]) {
      jpeg_destroy_decompress(&cinfo);
      snprintf(info->message, sizeof info->message, "plane buffer too small");
      return CJPEGSHIM_BUFFER;
    }
  }
  jpeg_start_decompress(&cinfo);
  info->output_width = (int)cinfo.output_width;
  info->output_height = (int)cinfo.output_height;
  // One iMCU row at a time: max_v_samp_factor × the smallest scaled DCT size rows of
  // output; each component gives v_samp_factor × its own scaled DCT size rows (libjpeg
  // scales chroma less, so that it comes out at Y's size without upsampling), each row
  // as wide as the component's blocks (wider than its samples).
  int group = cinfo.max_v_samp_factor * cinfo.min_DCT_scaled_size;
  size_t total = 0, offsets[3];
  int rows[3], widths[3];
  for (int i = 0; i < 3; i++) {
    jpeg_component_info *c = &cinfo.comp_info[i];
    rows[i] = c->v_samp_factor * c->DCT_scaled_size;
    widths[i] = (int)(c->width_in_blocks + 1) * c->DCT_scaled_size;
    offsets[i] = total;
    total += (size_t)rows[i] * (size_t)widths[i];
  }
  rows_memory = malloc(total);
  if (rows_memory == NULL) ERREXIT1(&cinfo, JERR_OUT_OF_MEMORY, 12);
  JSAMPROW pointers[3][4 * DCTSIZE];
  JSAMPARRAY arrays[3];
  for (int i = 0; i < 3; i++) {
    for (int r = 0; r < rows[i]; r++) pointers[i][r] = rows_memory + offsets[i] + (size_t)r * (size_t)widths[i];
    arrays[i] = pointers[i];
  }
  int imcu = 0;
  while (cinfo.output_scanline < cinfo.output_height) {
    if (jpeg_read_raw_data(&cinfo, arrays, (JDIMENSION)group) == 0) break;
    for (int i = 0; i < 3; i++) {
      int first = imcu * rows[i];
      for (int r = 0; r < rows[i] && first + r < info->plane_height[i]; r++) {
        memcpy(planes[i] + (size_t)(first + r) * (size_t)info->plane_width[i], pointers[i][r], (size_t)info->plane_width[i]);
      }
    }
    imcu++;
    if (err.corrupt_warnings > 0) break;  // damaged: no need to decode the grey rest
  }
  free(rows_memory);
  rows_memory = NULL;
  return finish(&cinfo, &err, info);
}
