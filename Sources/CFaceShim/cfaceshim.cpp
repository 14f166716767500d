#include "cfaceshim.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <map>

namespace {

void fail(char message[CFACESHIM_MESSAGE_LENGTH], const char *what, const char *detail = "") {
  std::snprintf(message, CFACESHIM_MESSAGE_LENGTH, "%s%s%s", what, detail[0] ? ": " : "", detail);
}

// The flat landmark model. Every section is a whole number of 4-byte words, so each
// starts aligned in the mapping.
constexpr char kMagic[8] = {'S', 'R', 'F', 'L', 'M', 'K', '2', 0};

struct Header {
  char magic[8];
  uint32_t parts, cascades, trees, splits, features, reserved;
};

struct Split {
  float thresh;
  uint16_t idx1, idx2;
};

struct Layout {
  uint64_t initial, anchors, deltas, splits, leaves, total;
};

// Where each section lies, or false when the counts are out of what we accept (which
// also keeps every product below far from overflow).
bool layout(const Header &h, Layout &out) {
  uint32_t leaves = h.splits + 1;
  if (h.parts < 1 || h.parts > CFACESHIM_MAX_PARTS || h.cascades < 1 || h.cascades > 64 || h.trees < 1 ||
      h.trees > 10000 || h.splits < 1 || h.splits > 1023 || (leaves & (leaves - 1)) != 0 || h.features < 1 ||
      h.features > 65535)
    return false;
  uint64_t at = sizeof(Header);
  out.initial = at;
  at += 8ull * h.parts;
  out.anchors = at;
  at += 4ull * h.cascades * h.features;
  out.deltas = at;
  at += 8ull * h.cascades * h.features;
  out.splits = at;
  at += sizeof(Split) * uint64_t(h.cascades) * h.trees * h.splits;
  out.leaves = at;
  at += 4ull * h.cascades * h.trees * leaves * 2 * h.parts;
  out.total = at;
  return true;
}

struct Landmarks {
  Header header{};
  Layout where{};
  const uint8_t *base = nullptr;
  size_t length = 0;

  const float *initial() const { return reinterpret_cast<const float *>(base + where.initial); }
  const uint32_t *anchors(uint32_t c) const {
    return reinterpret_cast<const uint32_t *>(base + where.anchors) + uint64_t(c) * header.features;
  }
  const float *deltas(uint32_t c) const {
    return reinterpret_cast<const float *>(base + where.deltas) + 2ull * c * header.features;
  }
  const Split *splits(uint32_t c, uint32_t t) const {
    return reinterpret_cast<const Split *>(base + where.splits) + (uint64_t(c) * header.trees + t) * header.splits;
  }
  const float *leaf(uint32_t c, uint32_t t, uint32_t i) const {
    uint64_t leaves = header.splits + 1;
    return reinterpret_cast<const float *>(base + where.leaves) +
           ((uint64_t(c) * header.trees + t) * leaves + i) * 2 * header.parts;
  }
};

// The least-squares similarity (scale and rotation, no reflection) that takes `from` to
// `to`, as the 2 × 2 matrix [[a, -b], [b, a]]: what dlib's find_similarity_transform
// gives for two point sets (Umeyama 1991), written out for two dimensions.
void similarity(const float *from, const float *to, uint32_t n, double &a, double &b) {
  double fx = 0, fy = 0, tx = 0, ty = 0;
  for (uint32_t i = 0; i < n; ++i) {
    fx += from[2 * i];
    fy += from[2 * i + 1];
    tx += to[2 * i];
    ty += to[2 * i + 1];
  }
  fx /= n, fy /= n, tx /= n, ty /= n;
  double norm = 0, dot = 0, cross = 0;
  for (uint32_t i = 0; i < n; ++i) {
    double ax = from[2 * i] - fx, ay = from[2 * i + 1] - fy;
    double bx = to[2 * i] - tx, by = to[2 * i + 1] - ty;
    norm += ax * ax + ay * ay;
    dot += ax * bx + ay * by;
    cross += ax * by - ay * bx;
  }
  if (norm <= 0) {
    a = 1, b = 0;
    return;
  }
  a = dot / norm;
  b = cross / norm;
}

}  // namespace

struct cfaceshim_engine {
  dlib::frontal_face_detector detector;
  // Detectors made from `detector` with fewer filters or pyramid levels, by (mask, levels),
  // with each filter's index in `detector`: built at first use (a filter bank takes a few
  // milliseconds), then kept.
  struct Narrowed {
    dlib::frontal_face_detector detector;
    std::vector<int32_t> filters;
  };
  std::map<std::pair<uint32_t, int32_t>, Narrowed> narrowed;
  Landmarks landmarks;
  void *mapping = nullptr;
  size_t mapped = 0;
  std::vector<float> features;

  ~cfaceshim_engine() {
    if (mapping) munmap(mapping, mapped);
  }
};

extern "C" int cfaceshim_save_detector(const char *path, char message[CFACESHIM_MESSAGE_LENGTH]) {
  try {
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
    dlib::serialize(path) << detector;
    return 0;
  } catch (const std::exception &error) {
    fail(message, "cannot save the face detector", error.what());
  } catch (...) {
    fail(message, "cannot save the face detector");
  }
  return -1;
}

extern "C" int cfaceshim_convert_landmarks(const char *dlib_model, const char *path,
                                           char message[CFACESHIM_MESSAGE_LENGTH]) {
  try {
    std::ifstream in(dlib_model, std::ios::binary);
    if (!in) {
      fail(message, "cannot open the landmark model", dlib_model);
      return -1;
    }
    int version = 0;
    dlib::deserialize(version, in);
    if (version != 1) {
      fail(message, "unexpected landmark model version");
      return -1;
    }
    dlib::matrix<float, 0, 1> initial;
    std::vector<std::vector<dlib::impl::regression_tree>> forests;
    std::vector<std::vector<unsigned long>> anchors;
    std::vector<std::vector<dlib::vector<float, 2>>> deltas;
    dlib::deserialize(initial, in);
    dlib::deserialize(forests, in);
    dlib::deserialize(anchors, in);
    dlib::deserialize(deltas, in);

    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.parts = uint32_t(initial.size() / 2);
    h.cascades = uint32_t(forests.size());
    h.trees = forests.empty() ? 0 : uint32_t(forests[0].size());
    h.splits = h.trees ? uint32_t(forests[0][0].splits.size()) : 0;
    h.features = anchors.empty() ? 0 : uint32_t(anchors[0].size());
    Layout where{};
    if (initial.size() % 2 != 0 || !layout(h, where) || anchors.size() != h.cascades || deltas.size() != h.cascades) {
      fail(message, "the landmark model has a layout we do not read");
      return -1;
    }
    for (uint32_t c = 0; c < h.cascades; ++c) {
      if (forests[c].size() != h.trees || anchors[c].size() != h.features || deltas[c].size() != h.features) {
        fail(message, "the landmark model's cascades differ in size");
        return -1;
      }
      for (const auto &tree : forests[c]) {
        if (tree.splits.size() != h.splits || tree.leaf_values.size() != h.splits + 1) {
          fail(message, "the landmark model's trees differ in depth");
          return -1;
        }
        for (const auto &leaf : tree.leaf_values) {
          if (leaf.size() != 2 * long(h.parts)) {
            fail(message, "a leaf of the landmark model has the wrong size");
            return -1;
          }
        }
      }
    }
    std::vector<uint8_t> out(where.total, 0);
    std::memcpy(out.data(), &h, sizeof h);
    for (uint32_t i = 0; i < 2 * h.parts; ++i) {
      float v = initial(i);
      std::memcpy(out.data() + where.initial + 4 * i, &v, 4);
    }
    for (uint32_t c = 0; c < h.cascades; ++c) {
      for (uint32_t f = 0; f < h.features; ++f) {
        if (anchors[c][f] >= h.parts) {
          fail(message, "the landmark model names a landmark it does not have");
          return -1;
        }
        uint32_t anchor = uint32_t(anchors[c][f]);
        float d[2] = {deltas[c][f].x(), deltas[c][f].y()};
        std::memcpy(out.data() + where.anchors + 4 * (uint64_t(c) * h.features + f), &anchor, 4);
        std::memcpy(out.data() + where.deltas + 8 * (uint64_t(c) * h.features + f), d, 8);
      }
      for (uint32_t t = 0; t < h.trees; ++t) {
        const auto &tree = forests[c][t];
        for (uint32_t s = 0; s < h.splits; ++s) {
          if (tree.splits[s].idx1 >= h.features || tree.splits[s].idx2 >= h.features) {
            fail(message, "the landmark model names a feature it does not have");
            return -1;
          }
          Split split{tree.splits[s].thresh, uint16_t(tree.splits[s].idx1), uint16_t(tree.splits[s].idx2)};
          std::memcpy(out.data() + where.splits + sizeof(Split) * ((uint64_t(c) * h.trees + t) * h.splits + s), &split,
                      sizeof split);
        }
        for (uint32_t l = 0; l <= h.splits; ++l) {
          uint64_t at = where.leaves + 4 * (((uint64_t(c) * h.trees + t) * (h.splits + 1) + l) * 2 * h.parts);
          for (uint32_t i = 0; i < 2 * h.parts; ++i) {
            float v = tree.leaf_values[l](i);
            std::memcpy(out.data() + at + 4 * i, &v, 4);
          }
        }
      }
    }
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char *>(out.data()), std::streamsize(out.size()));
    file.close();
    if (!file) {
      fail(message, "cannot write the converted landmark model", path);
      return -1;
    }
    return 0;
  } catch (const std::exception &error) {
    fail(message, "cannot read the landmark model", error.what());
  } catch (...) {
    fail(message, "cannot read the landmark model");
  }
  return -1;
}

extern "C" cfaceshim_engine *cfaceshim_open(const char *detector, const char *landmarks,
                                            char message[CFACESHIM_MESSAGE_LENGTH]) {
  std::unique_ptr<cfaceshim_engine> engine;
  try {
    engine = std::make_unique<cfaceshim_engine>();
    if (detector) {
      dlib::deserialize(detector) >> engine->detector;
    } else {
      engine->detector = dlib::get_frontal_face_detector();
    }
  } catch (const std::exception &error) {
    fail(message, "cannot load the face detector", error.what());
    return nullptr;
  } catch (...) {
    fail(message, "cannot load the face detector");
    return nullptr;
  }
  int fd = open(landmarks, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fail(message, "cannot open the landmark model", std::strerror(errno));
    return nullptr;
  }
  struct stat info {};
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size < off_t(sizeof(Header))) {
    close(fd);
    fail(message, "the landmark model is not a complete file");
    return nullptr;
  }
  void *mapping = mmap(nullptr, size_t(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (mapping == MAP_FAILED) {
    fail(message, "cannot map the landmark model", std::strerror(errno));
    return nullptr;
  }
  engine->mapping = mapping;
  engine->mapped = size_t(info.st_size);
  Landmarks &model = engine->landmarks;
  model.base = static_cast<const uint8_t *>(mapping);
  model.length = size_t(info.st_size);
  std::memcpy(&model.header, model.base, sizeof(Header));
  if (std::memcmp(model.header.magic, kMagic, sizeof kMagic) != 0 || !layout(model.header, model.where) ||
      model.where.total != model.length) {
    fail(message, "the landmark model has the wrong layout (convert it again)");
    return nullptr;
  }
  // Every index the trees and features use is checked once here, so the hot loop needs no
  // checks of its own.
  const Header &h = model.header;
  for (uint32_t c = 0; c < h.cascades; ++c) {
    const uint32_t *anchors = model.anchors(c);
    for (uint32_t f = 0; f < h.features; ++f) {
      if (anchors[f] >= h.parts) {
        fail(message, "the landmark model names a landmark it does not have");
        return nullptr;
      }
    }
    for (uint32_t t = 0; t < h.trees; ++t) {
      const Split *splits = model.splits(c, t);
      for (uint32_t s = 0; s < h.splits; ++s) {
        if (splits[s].idx1 >= h.features || splits[s].idx2 >= h.features || !std::isfinite(splits[s].thresh)) {
          fail(message, "the landmark model names a feature it does not have");
          return nullptr;
        }
      }
    }
  }
  engine->features.assign(h.features, 0.f);
  return engine.release();
}

extern "C" void cfaceshim_close(cfaceshim_engine *engine) { delete engine; }

extern "C" int cfaceshim_parts(const cfaceshim_engine *engine) { return int(engine->landmarks.header.parts); }

namespace {

// The detector for `mask` (bit i keeps filter i) and `levels` (0: every pyramid level),
// or null when the mask keeps no filter.
cfaceshim_engine::Narrowed *narrowed(cfaceshim_engine *engine, uint32_t mask, int32_t levels) {
  auto key = std::make_pair(mask, levels);
  auto found = engine->narrowed.find(key);
  if (found != engine->narrowed.end()) return &found->second;
  const auto &whole = engine->detector;
  std::vector<dlib::frontal_face_detector::feature_vector_type> weights;
  std::vector<int32_t> filters;
  for (unsigned long i = 0; i < whole.num_detectors() && i < 32; ++i) {
    if (mask & (uint32_t(1) << i)) {
      weights.push_back(whole.get_w(i));
      filters.push_back(int32_t(i));
    }
  }
  if (weights.empty()) return nullptr;
  dlib::frontal_face_detector::image_scanner_type scanner;
  scanner.copy_configuration(whole.get_scanner());
  if (levels > 0) scanner.set_max_pyramid_levels((unsigned long)levels);
  cfaceshim_engine::Narrowed made{dlib::frontal_face_detector(scanner, whole.get_overlap_tester(), weights), filters};
  return &engine->narrowed.emplace(key, std::move(made)).first->second;
}

}  // namespace

extern "C" int cfaceshim_detect(cfaceshim_engine *engine, const uint8_t *gray, int32_t width, int32_t height,
                                int32_t stride, double threshold, cfaceshim_face *faces, int32_t capacity,
                                char message[CFACESHIM_MESSAGE_LENGTH]) {
  return cfaceshim_detect_narrowed(engine, gray, width, height, stride, threshold, CFACESHIM_ALL_FILTERS, 0, faces,
                                   capacity, message);
}

extern "C" int cfaceshim_detect_narrowed(cfaceshim_engine *engine, const uint8_t *gray, int32_t width, int32_t height,
                                         int32_t stride, double threshold, uint32_t filters, int32_t levels,
                                         cfaceshim_face *faces, int32_t capacity,
                                         char message[CFACESHIM_MESSAGE_LENGTH]) {
  if (width < 1 || height < 1 || stride < width || capacity < 0 || levels < 0) {
    fail(message, "unusable image size");
    return -1;
  }
  try {
    const bool whole = (filters & CFACESHIM_ALL_FILTERS) == CFACESHIM_ALL_FILTERS && levels == 0;
    cfaceshim_engine::Narrowed *chosen = whole ? nullptr : narrowed(engine, filters, levels);
    if (!whole && !chosen) {
      fail(message, "no detector filter chosen");
      return -1;
    }
    dlib::array2d<unsigned char> image(height, width);
    for (int32_t y = 0; y < height; ++y) std::memcpy(&image[y][0], gray + size_t(y) * size_t(stride), size_t(width));
    std::vector<dlib::rect_detection> found;
    (whole ? engine->detector : chosen->detector)(image, found, threshold);
    std::sort(found.begin(), found.end(), [](const dlib::rect_detection &a, const dlib::rect_detection &b) {
      return a.detection_confidence > b.detection_confidence;
    });
    for (size_t i = 0; i < found.size() && i < size_t(capacity); ++i) {
      const auto &r = found[i].rect;
      size_t index = found[i].weight_index;
      int32_t filter = whole ? int32_t(index) : (index < chosen->filters.size() ? chosen->filters[index] : -1);
      faces[i] = cfaceshim_face{int32_t(r.left()), int32_t(r.top()), int32_t(r.right()), int32_t(r.bottom()),
                                found[i].detection_confidence, filter};
    }
    return int(std::min<size_t>(found.size(), 1 << 20));
  } catch (const std::exception &error) {
    fail(message, "face detection failed", error.what());
  } catch (...) {
    fail(message, "face detection failed");
  }
  return -1;
}

extern "C" int cfaceshim_landmarks(cfaceshim_engine *engine, const uint8_t *gray, int32_t width, int32_t height,
                                   int32_t stride, cfaceshim_face box, float *points) {
  const Landmarks &model = engine->landmarks;
  const Header &h = model.header;
  if (width < 1 || height < 1 || stride < width || box.right <= box.left || box.bottom <= box.top) return -1;
  std::vector<float> &features = engine->features;
  const uint32_t n = h.parts;
  float shape[2 * CFACESHIM_MAX_PARTS];
  std::memcpy(shape, model.initial(), 8 * size_t(n));
  const float *initial = model.initial();
  // dlib's unnormalizing_tform: (0,0) to the box's top left, (1,1) to its bottom right.
  const double left = box.left, top = box.top, spanX = double(box.right) - box.left, spanY = double(box.bottom) - box.top;
  for (uint32_t c = 0; c < h.cascades; ++c) {
    double a, b;
    similarity(initial, shape, n, a, b);
    const float fa = float(a), fb = float(b);
    const uint32_t *anchors = model.anchors(c);
    const float *deltas = model.deltas(c);
    for (uint32_t f = 0; f < h.features; ++f) {
      const float dx = deltas[2 * f], dy = deltas[2 * f + 1];
      const float u = fa * dx - fb * dy + shape[2 * anchors[f]];
      const float v = fb * dx + fa * dy + shape[2 * anchors[f] + 1];
      const double px = std::floor(left + spanX * double(u) + 0.5), py = std::floor(top + spanY * double(v) + 0.5);
      features[f] = (px >= 0 && py >= 0 && px < width && py < height)
                        ? float(gray[size_t(py) * size_t(stride) + size_t(px)])
                        : 0.f;
    }
    for (uint32_t t = 0; t < h.trees; ++t) {
      const Split *splits = model.splits(c, t);
      uint32_t i = 0;
      while (i < h.splits) i = (features[splits[i].idx1] - features[splits[i].idx2] > splits[i].thresh) ? 2 * i + 1 : 2 * i + 2;
      const float *leaf = model.leaf(c, t, i - h.splits);
      for (uint32_t k = 0; k < 2 * n; ++k) shape[k] += leaf[k];
    }
  }
  for (uint32_t k = 0; k < n; ++k) {
    points[2 * k] = float(left + spanX * shape[2 * k]);
    points[2 * k + 1] = float(top + spanY * shape[2 * k + 1]);
  }
  return 0;
}

extern "C" int cfaceshim_reference_landmarks(const char *dlib_model, const uint8_t *gray, int32_t width, int32_t height,
                                             int32_t stride, cfaceshim_face box, float *points, int32_t capacity,
                                             char message[CFACESHIM_MESSAGE_LENGTH]) {
  try {
    dlib::shape_predictor predictor;
    dlib::deserialize(dlib_model) >> predictor;
    dlib::array2d<unsigned char> image(height, width);
    for (int32_t y = 0; y < height; ++y) std::memcpy(&image[y][0], gray + size_t(y) * size_t(stride), size_t(width));
    dlib::full_object_detection shape = predictor(image, dlib::rectangle(box.left, box.top, box.right, box.bottom));
    if (long(shape.num_parts()) * 2 > capacity) {
      fail(message, "too many landmarks for the buffer");
      return -1;
    }
    for (unsigned long i = 0; i < shape.num_parts(); ++i) {
      points[2 * i] = float(shape.part(i).x());
      points[2 * i + 1] = float(shape.part(i).y());
    }
    return 0;
  } catch (const std::exception &error) {
    fail(message, "dlib's landmarks failed", error.what());
  } catch (...) {
    fail(message, "dlib's landmarks failed");
  }
  return -1;
}
