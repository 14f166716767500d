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
  // T holds the page's words by language, the default (Chinese) first; `?lang=` picks
  // another. The switch leads to the next language, named in its own words.
  function pageLanguage(T, links) {
    var codes = Object.keys(T), asked = /[?&]lang=([a-z][a-z0-9-]*)/.exec(location.search);
    var lang = asked && T.hasOwnProperty(asked[1]) ? asked[1] : codes[0];
    var t = T[lang], next = codes[(codes.indexOf(lang) + 1) % codes.length];
    document.documentElement.lang = t.htmlLanguage;
    document.title = t.title + " · safetyreg";
    Array.prototype.forEach.call(document.querySelectorAll("[data-t]"), function (e) { e.textContent = t[e.getAttribute("data-t")]; });
    var sw = document.getElementById("switch");
    if (sw) { sw.textContent = T[next].languageName; sw.href = "?lang=" + next; }
    Object.keys(links || {}).forEach(function (id) {
      document.getElementById(id).href = links[id] + (lang === codes[0] ? "" : "?lang=" + lang);
    });
    return { lang: lang, t: t };
  }
  // ---- End of the shared part. ----
