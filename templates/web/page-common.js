  // ---- Shared by every page (templates/web/page-common.js), inlined where a page's
  // script says so: each page stays one self-contained file, with nothing fetched. ----

  // An element with a class and a text; never HTML.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  // A POST to our own API in the page's language.
  function postTo(path, lang, body, type) {
    return fetch(path + "?lang=" + lang, { method: "POST", body: body, headers: { "Content-Type": type } });
  }
  // The page's language (`?lang=en`, else Chinese): the title and every `data-t` element
  // from `T`, the switch (`#switch`) to the other language, and the links named in
  // `links` (element id to path) kept in this language. Returns the language and its texts.
  function pageLanguage(T, links) {
    var lang = /[?&]lang=en\b/.test(location.search) ? "en" : "zh";
    var t = T[lang];
    document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
    document.title = t.title + " · safetyreg";
    Array.prototype.forEach.call(document.querySelectorAll("[data-t]"), function (e) { e.textContent = t[e.getAttribute("data-t")]; });
    var sw = document.getElementById("switch");
    if (sw) { sw.textContent = t.other; sw.href = lang === "en" ? "?lang=zh" : "?lang=en"; }
    Object.keys(links || {}).forEach(function (id) {
      document.getElementById(id).href = links[id] + (lang === "en" ? "?lang=en" : "");
    });
    return { lang: lang, t: t };
  }
  // ---- End of the shared part. ----
