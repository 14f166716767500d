#include "cqpdfshim.h"

#include <cstdlib>
#include <cstring>
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
