#include "cqpdfshim.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <cstring>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

struct cqpdfshim_stamp {
  std::string bytes;  // qpdf reads from this buffer for as long as the stamp lives
  QPDF pdf;
  std::vector<QPDFObjectHandle> forms;
};

static void fail(char message[CQPDFSHIM_MESSAGE_LENGTH], const char *text) {
  std::snprintf(message, CQPDFSHIM_MESSAGE_LENGTH, "%s", text);
}

extern "C" cqpdfshim_stamp *cqpdfshim_stamp_open(const uint8_t *pdf, size_t length, char message[CQPDFSHIM_MESSAGE_LENGTH]) {
  auto stamp = std::make_unique<cqpdfshim_stamp>();
  try {
    stamp->bytes.assign(reinterpret_cast<const char *>(pdf), length);
    stamp->pdf.setSuppressWarnings(true);
    stamp->pdf.processMemoryFile("stamp", stamp->bytes.data(), stamp->bytes.size());
    for (auto &page : QPDFPageDocumentHelper(stamp->pdf).getAllPages()) {
      // getFormXObjectForPage makes a new object each call: make each once, so that
      // every page placing it shares one copy.
      stamp->forms.push_back(stamp->pdf.makeIndirectObject(page.getFormXObjectForPage()));
    }
    if (stamp->pdf.anyWarnings()) {
      fail(message, "the stamp PDF produced warnings");
      return nullptr;
    }
    return stamp.release();
  } catch (std::exception const &e) {
    fail(message, e.what());
  } catch (...) {
    fail(message, "unknown qpdf error");
  }
  return nullptr;
}

extern "C" void cqpdfshim_stamp_close(cqpdfshim_stamp *stamp) { delete stamp; }

extern "C" int cqpdfshim_stamp_page_count(const cqpdfshim_stamp *stamp) { return static_cast<int>(stamp->forms.size()); }

extern "C" int cqpdfshim_compose(const uint8_t *pdf, size_t length, cqpdfshim_stamp *const *stamps, const int *stamp_pages,
                                 int page_count, const char *viewer_preferences, uint8_t **out, size_t *out_length,
                                 char message[CQPDFSHIM_MESSAGE_LENGTH]) {
  *out = nullptr;
  *out_length = 0;
  try {
    QPDF base;
    base.setSuppressWarnings(true);
    base.processMemoryFile("form", reinterpret_cast<const char *>(pdf), length);
    auto pages = QPDFPageDocumentHelper(base).getAllPages();
    if (static_cast<int>(pages.size()) != page_count) {
      fail(message, "page count does not match the stamps");
      return 1;
    }
    // One local copy per foreign form XObject: in a combined file, every form of a kind
    // shares its static layer.
    std::map<std::pair<cqpdfshim_stamp *, int>, QPDFObjectHandle> copied;
    for (int i = 0; i < page_count; i++) {
      cqpdfshim_stamp *stamp = stamps[i];
      int index = stamp_pages[i];
      if (stamp == nullptr || index < 0 || index >= static_cast<int>(stamp->forms.size())) {
        fail(message, "no such stamp page");
        return 1;
      }
      auto key = std::make_pair(stamp, index);
      auto found = copied.find(key);
      QPDFObjectHandle form = found != copied.end() ? found->second : base.copyForeignObject(stamp->forms[index]);
      copied[key] = form;
      QPDFPageObjectHelper &page = pages[i];
      QPDFObjectHandle resources = page.getAttribute("/Resources", true);
      if (!resources.isDictionary()) {
        resources = QPDFObjectHandle::newDictionary();
        page.getObjectHandle().replaceKey("/Resources", resources);
      }
      if (!resources.hasKey("/XObject") || !resources.getKey("/XObject").isDictionary()) {
        resources.replaceKey("/XObject", QPDFObjectHandle::newDictionary());
      }
      int suffix = 0;
      std::string name = resources.getUniqueResourceName("/Stamp", suffix);
      resources.getKey("/XObject").replaceKey(name, form);
      std::string placement = page.placeFormXObject(form, name, page.getMediaBox().getArrayAsRectangle(), false, false, false);
      page.addPageContents(QPDFObjectHandle::newStream(&base, "q\n" + placement + "\nQ\n"), true);
    }
    QPDFObjectHandle root = base.getRoot();
    root.replaceKey("/ViewerPreferences", QPDFObjectHandle::parse(viewer_preferences));
    root.replaceKey("/Version", QPDFObjectHandle::newName("/1.7"));
    if (base.anyWarnings()) {
      fail(message, "the form PDF produced warnings");
      return 1;
    }
    QPDFWriter writer(base);
    writer.setOutputMemory();
    writer.setDeterministicID(true);
    // Streams cairo compressed are copied as they are, never decoded and compressed again
    // (that doubled the time of a form); those it left plain (ToUnicode maps, our small
    // placement streams) are compressed.
    writer.setDecodeLevel(qpdf_dl_none);
    writer.setCompressStreams(true);
    writer.setObjectStreamMode(qpdf_o_generate);
    writer.setMinimumPDFVersion("1.7");
    writer.write();
    auto buffer = writer.getBufferSharedPointer();
    *out_length = buffer->getSize();
    *out = static_cast<uint8_t *>(std::malloc(*out_length));
    if (*out == nullptr) {
      fail(message, "out of memory");
      return 1;
    }
    std::memcpy(*out, buffer->getBuffer(), *out_length);
    return 0;
  } catch (std::exception const &e) {
    fail(message, e.what());
  } catch (...) {
    fail(message, "unknown qpdf error");
  }
  return 1;
}

extern "C" void cqpdfshim_free(void *pointer) { std::free(pointer); }

// ---- What drawing an upload's pages would cost ----

#include <qpdf/BufferInputSource.hh>
#include <qpdf/Pipeline.hh>
#include <qpdf/QPDFTokenizer.hh>

namespace {

// A content stream's decoded bytes, kept up to a cap: past it the copy stops (qpdf
// catches the throw and stops inflating), so a gigabyte stream costs one cap's worth.
class CappedSink : public Pipeline {
 public:
  CappedSink(uint64_t cap) : Pipeline("capped", nullptr), cap_(cap) {}
  void write(unsigned char const *data, size_t length) override {
    if (over || bytes.size() + length > cap_) {
      over = true;
      throw std::length_error("content over the cap");
    }
    bytes.append(reinterpret_cast<const char *>(data), length);
  }
  void finish() override {}
  std::string bytes;
  bool over = false;

 private:
  uint64_t cap_;
};

// What one content stream does: its decoded length, how often it draws each named
// XObject, and the largest inline image it holds.
struct Drawn {
  uint64_t length = 0;
  bool over = false;
  std::map<std::string, uint64_t> draws;
  uint64_t inline_pixels = 0;
};

uint64_t clamp_dimension(QPDFObjectHandle value) {
  if (!value.isInteger()) return 0;
  long long v = value.getIntValue();
  return v <= 0 ? 0 : uint64_t(std::min<long long>(v, 1 << 30));
}

// Reads the tokens of decoded content: `Do` after a name draws it; an inline image's
// /W (/Width) and /H (/Height) before `ID` give its size; its data is skipped.
void tokenize(const std::string &content, Drawn &drawn) {
  auto input = std::make_shared<BufferInputSource>("content", content);
  QPDFTokenizer tokenizer;
  tokenizer.allowEOF();
  std::string last_name, key;
  bool in_image = false;
  uint64_t width = 0, height = 0;
  for (;;) {
    QPDFTokenizer::Token token = tokenizer.readToken(input, "content", true);
    QPDFTokenizer::token_type_e type = token.getType();
    if (type == QPDFTokenizer::tt_eof) break;
    if (type == QPDFTokenizer::tt_name) {
      if (in_image) key = token.getValue();
      last_name = token.getValue();
      continue;
    }
    if (type == QPDFTokenizer::tt_integer && in_image) {
      long long v = 0;
      try {
        v = std::stoll(token.getValue());
      } catch (...) {
        v = 0;
      }
      uint64_t d = v <= 0 ? 0 : uint64_t(std::min<long long>(v, 1 << 30));
      if (key == "/W" || key == "/Width") width = d;
      if (key == "/H" || key == "/Height") height = d;
      key.clear();
      continue;
    }
    if (type == QPDFTokenizer::tt_word) {
      const std::string &word = token.getValue();
      if (word == "Do" && !last_name.empty()) {
        drawn.draws[last_name] += 1;
      } else if (word == "BI") {
        in_image = true;
        width = height = 0;
      } else if (word == "ID" && in_image) {
        drawn.inline_pixels = std::max(drawn.inline_pixels, width * height);
        in_image = false;
        tokenizer.expectInlineImage(input);
        tokenizer.readToken(input, "content", true);  // the image's data, up to EI
      }
      last_name.clear();
      continue;
    }
    if (type != QPDFTokenizer::tt_space && type != QPDFTokenizer::tt_comment) last_name.clear();
  }
}

struct Measurer {
  cqpdfshim_content_limits limits;
  // Each stream decoded and read once, however many pages or forms share it (a direct
  // stream, which a damaged file may have, is read each time it is met).
  std::map<QPDFObjGen, Drawn> seen;
  std::list<Drawn> direct;

  // The content of one stream, up to what is left of the page's content budget.
  const Drawn &read(QPDFObjectHandle stream) {
    QPDFObjGen id = stream.getObjGen();
    if (id.isIndirect()) {
      auto found = seen.find(id);
      if (found != seen.end()) return found->second;
    }
    Drawn drawn;
    CappedSink sink(limits.max_content_bytes);
    stream.pipeStreamData(&sink, 0, qpdf_dl_generalized, true, false);
    drawn.length = sink.over ? limits.max_content_bytes + 1 : sink.bytes.size();
    drawn.over = sink.over;
    if (!sink.over) tokenize(sink.bytes, drawn);
    if (!id.isIndirect()) return direct.emplace_back(std::move(drawn));
    return seen.emplace(id, std::move(drawn)).first->second;
  }

  // Adds what drawing `drawn` `times` times costs (with `resources`, at `depth`) to the
  // page's counts; false as soon as one is over its limit.
  bool add(const Drawn &drawn, QPDFObjectHandle resources, uint32_t depth, uint64_t times,
           cqpdfshim_content_report &page) {
    page.content_bytes += std::min<uint64_t>(drawn.length, UINT64_MAX / 2 / std::max<uint64_t>(times, 1)) * times;
    if (drawn.over || page.content_bytes > limits.max_content_bytes) {
      return stop(page, CQPDFSHIM_CONTENT_BYTES, std::max<uint64_t>(page.content_bytes, limits.max_content_bytes + 1));
    }
    page.image_pixels = std::max(page.image_pixels, drawn.inline_pixels);
    if (drawn.inline_pixels > limits.max_image_pixels) return stop(page, CQPDFSHIM_IMAGE_PIXELS, drawn.inline_pixels);
    QPDFObjectHandle xobjects = resources.isDictionary() ? resources.getKey("/XObject") : QPDFObjectHandle::newNull();
    if (!xobjects.isDictionary()) return true;
    for (const auto &[name, count] : drawn.draws) {
      QPDFObjectHandle x = xobjects.getKey(name);
      if (!x.isStream()) continue;
      QPDFObjectHandle dict = x.getDict();
      QPDFObjectHandle subtype = dict.getKey("/Subtype");
      uint64_t n = std::min<uint64_t>(count, limits.max_form_draws + 1);
      uint64_t draws = times > (limits.max_form_draws + 1) / n ? limits.max_form_draws + 1 : times * n;
      if (subtype.isName() && subtype.getName() == "/Image") {
        uint64_t pixels = clamp_dimension(dict.getKey("/Width")) * clamp_dimension(dict.getKey("/Height"));
        page.image_pixels = std::max(page.image_pixels, pixels);
        if (pixels > limits.max_image_pixels) return stop(page, CQPDFSHIM_IMAGE_PIXELS, pixels);
        continue;
      }
      if (!subtype.isName() || subtype.getName() != "/Form") continue;
      page.form_draws += draws;
      if (page.form_draws > limits.max_form_draws) return stop(page, CQPDFSHIM_FORM_DRAWS, page.form_draws);
      page.form_depth = std::max(page.form_depth, depth + 1);
      if (depth + 1 > limits.max_form_depth) return stop(page, CQPDFSHIM_FORM_DEPTH, depth + 1);
      // A form without resources of its own uses those of what draws it, as poppler does.
      QPDFObjectHandle own = dict.getKey("/Resources");
      if (!add(read(x), own.isDictionary() ? own : resources, depth + 1, draws, page)) return false;
    }
    return true;
  }

  bool stop(cqpdfshim_content_report &page, int32_t which, uint64_t measured) {
    page.exceeded = which;
    page.measured = measured;
    return false;
  }
};

}  // namespace

extern "C" int cqpdfshim_measure_content(const uint8_t *pdf, size_t length, cqpdfshim_content_limits limits,
                                         cqpdfshim_content_report *report, char message[CQPDFSHIM_MESSAGE_LENGTH]) {
  *report = cqpdfshim_content_report{};
  try {
    QPDF qpdf;
    qpdf.setSuppressWarnings(true);
    qpdf.setAttemptRecovery(true);
    std::string bytes(reinterpret_cast<const char *>(pdf), length);
    qpdf.processMemoryFile("upload", bytes.data(), bytes.size());
    Measurer measurer{limits, {}, {}};
    int32_t number = 0;
    for (auto &page : QPDFPageDocumentHelper(qpdf).getAllPages()) {
      ++number;
      cqpdfshim_content_report counts{};
      QPDFObjectHandle resources = page.getAttribute("/Resources", false);
      QPDFObjectHandle contents = page.getObjectHandle().getKey("/Contents");
      std::vector<QPDFObjectHandle> streams;
      if (contents.isStream()) streams.push_back(contents);
      if (contents.isArray()) {
        for (int i = 0; i < contents.getArrayNItems() && i < 100000; ++i) {
          if (contents.getArrayItem(i).isStream()) streams.push_back(contents.getArrayItem(i));
        }
      }
      bool within = true;
      for (auto &stream : streams) {
        if (!(within = measurer.add(measurer.read(stream), resources, 0, 1, counts))) break;
      }
      report->pages = number;
      report->content_bytes = std::max(report->content_bytes, counts.content_bytes);
      report->form_depth = std::max(report->form_depth, counts.form_depth);
      report->form_draws = std::max(report->form_draws, counts.form_draws);
      report->image_pixels = std::max(report->image_pixels, counts.image_pixels);
      if (!within) {
        report->page = number;
        report->exceeded = counts.exceeded;
        report->measured = counts.measured;
        return 0;
      }
    }
    return 0;
  } catch (std::exception const &e) {
    fail(message, e.what());
  } catch (...) {
    fail(message, "unknown qpdf error");
  }
  return -1;
}
