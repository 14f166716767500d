#!/usr/bin/env python3
"""One-off helper for issue 25: moves `zh: "…", en: "…"` pairs out of Swift files into
templates/messages/{zh,en}.txt, leaving `LocalizedText("key", [args])` behind.

Usage: scripts/catalog-convert.py FILE.swift... (prints what it left for a person)
Pairs it cannot convert safely (a literal holding another literal, different
interpolations in the two languages, a pair that goes on with `+`) are left as they are
and listed."""
import re
import sys
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOGS = {lang: os.path.join(ROOT, "templates/messages", lang + ".txt") for lang in ("zh", "en")}


def scan_literal(s, i):
    """s[i] == '"' (not a triple quote): returns (end index after the closing quote,
    segments) where segments are ('t', raw text) or ('i', expression source)."""
    assert s[i] == '"'
    j = i + 1
    segs = []
    cur = ""
    while j < len(s):
        c = s[j]
        if c == "\n":
            raise ValueError("newline in literal")
        if c == "\\":
            n = s[j + 1]
            if n == "(":
                # interpolation: find the matching paren, skipping nested literals
                depth = 1
                k = j + 2
                start = k
                while depth:
                    ch = s[k]
                    if ch == '"':
                        k, _ = scan_literal(s, k)
                        continue
                    if ch == "(":
                        depth += 1
                    elif ch == ")":
                        depth -= 1
                    k += 1
                if cur:
                    segs.append(("t", cur))
                    cur = ""
                segs.append(("i", s[start : k - 1]))
                j = k
                continue
            cur += c + n
            j += 2
            continue
        if c == '"':
            if cur:
                segs.append(("t", cur))
            return j + 1, segs
        cur += c
        j += 1
    raise ValueError("unterminated")


def unescape(raw):
    out = ""
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == "\\":
            n = raw[i + 1]
            if n == "n":
                out += "\n"
            elif n == "t":
                out += "\t"
            elif n in '"\\\'':
                out += n
            elif n == "u":
                m = re.match(r"\\u\{([0-9a-fA-F]+)\}", raw[i:])
                out += chr(int(m.group(1), 16))
                i += len(m.group(0))
                continue
            else:
                raise ValueError("escape " + n)
            i += 2
            continue
        out += c
        i += 1
    return out


LANG_FORMS = [
    (r"\.zh\b", r"\.en\b", ".LANGSFX"),
]


def normalise(expr, lang):
    """The expression with its language made neutral, and whether it named one."""
    e = expr
    named = False
    other = "en" if lang == "zh" else "zh"
    pats = [
        (r"\.%s$" % lang, ""),  # what.zh -> what (a LocalizedText)
    ]
    for p, r in pats:
        if re.search(p, e):
            e = re.sub(p, r, e)
            named = "suffix"
    if re.search(r"\b(chinese: (true|false))|(\.%s\b)|(\(%s\))" % (lang, lang), e):
        named = named or "call"
    return e, named


def placeholder_name(expr, used, taken_for):
    if expr in taken_for:
        return taken_for[expr]
    idents = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", re.sub(r"\b[A-Za-z_]+:", "", expr))
    idents = [x for x in idents if x not in ("zh", "en", "true", "false", "self", "Self", "Int", "String", "Double", "abs", "max", "min")]
    name = idents[-1] if idents else "value"
    if len(name) <= 2 and len(idents) >= 2:
        name = idents[0]
    if name in ("count",) and len(idents) >= 2:
        name = idents[-2] + "Count"
    base = name
    k = 2
    while name in used:
        name = base + str(k)
        k += 1
    used.add(name)
    taken_for[expr] = name
    return name


def catalog_text(segs, names_by_expr_index):
    out = ""
    for idx, (kind, v) in enumerate(segs):
        if kind == "t":
            t = unescape(v)
            t = t.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("\n", "\\n")
            out += t
        else:
            out += "{" + names_by_expr_index[idx] + "}"
    if out != out.strip(" ") or (out.startswith('"') and out.endswith('"')):
        out = '"' + out + '"'
    return out


def slug(en_segs):
    words = []
    for kind, v in en_segs:
        if kind == "t":
            words += re.findall(r"[A-Za-z0-9]+", unescape(v))
    words = words[:5] or ["message"]
    s = words[0].lower() + "".join(w[:1].upper() + w[1:] for w in words[1:])
    return s


def load_keys():
    keys = {}
    if os.path.exists(CATALOGS["en"]):
        for line in open(CATALOGS["en"], encoding="utf-8"):
            if " = " in line and not line.startswith("#"):
                keys[line.split(" = ", 1)[0]] = True
    return keys


def label_pairs(src, names):
    """`name("…", "…")` (a Chinese and an English literal) as `name(zh: "…", en: "…")`."""
    out = ""
    pos = 0
    pattern = re.compile(r"\b(%s)\(\s*\"" % "|".join(names))
    while True:
        m = pattern.search(src, pos)
        if not m:
            break
        start = m.end() - 1
        try:
            end, segs = scan_literal(src, start)
            sep = re.compile(r"\s*,\s*\"").match(src, end)
            if not sep or not re.search(r"[\u4e00-\u9fff]", src[start:end]):
                raise ValueError
            out += src[pos:start] + "zh: " + src[start:end] + ", en: "
            pos = sep.end() - 1
        except (ValueError, IndexError):
            out += src[pos : m.end()]
            pos = m.end()
    return out + src[pos:]


def convert(path, existing_keys, out_lines, skipped):
    src = open(path, encoding="utf-8").read()
    src = label_pairs(src, CALLS)
    stem = os.path.basename(path)[:-6].replace("+", "")
    run = re.match(r"[A-Z]+", stem)
    n = len(run.group(0)) if run else 0
    n = n - 1 if 1 < n < len(stem) and stem[n].islower() else max(n, 1)
    prefix = stem[:n].lower() + stem[n:]
    pattern = re.compile(r'zh:\s*"')
    pos = 0
    result = ""
    local = {}  # (zh text, en text) -> key
    header_done = False
    while True:
        m = pattern.search(src, pos)
        if not m:
            break
        zstart = m.end() - 1
        # not a triple-quoted literal
        if src[zstart : zstart + 3] == '"""':
            result += src[pos : m.end()]
            pos = m.end()
            continue
        try:
            zend, zsegs = scan_literal(src, zstart)
            em = re.compile(r'\s*,\s*en:\s*"').match(src, zend)
            if not em or src[em.end() - 1 : em.end() + 2] == '"""':
                raise ValueError("no en literal after zh")
            estart = em.end() - 1
            eend, esegs = scan_literal(src, estart)
            after = re.compile(r"\s*([),\]])").match(src, eend)
            if not after:
                raise ValueError("the pair goes on (+ or more)")
            # a literal inside an interpolation
            for kind, v in zsegs + esegs:
                if kind == "i" and '"' in v and (re.search(r"[\u4e00-\u9fff]", v) or re.search(r'"[^"]*[A-Za-z][^"]*"', v)):
                    raise ValueError("a literal with words inside an interpolation")
            zi = [(i, normalise(v, "zh")) for i, (k, v) in enumerate(zsegs) if k == "i"]
            ei = [(i, normalise(v, "en")) for i, (k, v) in enumerate(esegs) if k == "i"]
            for _, (e, named) in zi + ei:
                if named == "call":
                    raise ValueError("a call that names the language: " + e)
            if sorted(e for _, (e, _) in zi) != sorted(e for _, (e, _) in ei):
                raise ValueError("different interpolations")
        except (ValueError, IndexError) as err:
            line = src.count("\n", 0, m.start()) + 1
            skipped.append("%s:%d: %s" % (os.path.relpath(path, ROOT), line, err))
            result += src[pos : m.end()]
            pos = m.end()
            continue
        used = set()
        taken = {}
        znames = {i: placeholder_name(e, used, taken) for i, (e, _) in zi}
        enames = {i: placeholder_name(e, used, taken) for i, (e, _) in ei}
        ztext = catalog_text(zsegs, znames)
        etext = catalog_text(esegs, enames)
        pair = (ztext, etext)
        if pair in local:
            key = local[pair]
        else:
            base = prefix + "." + slug(esegs)
            key = base
            k = 2
            while key in existing_keys:
                key = base + str(k)
                k += 1
            existing_keys[key] = True
            local[pair] = key
            if not header_done:
                out_lines["zh"].append("\n# " + os.path.relpath(path, ROOT))
                out_lines["en"].append("\n# " + os.path.relpath(path, ROOT))
                header_done = True
            out_lines["zh"].append(key + " = " + ztext)
            out_lines["en"].append(key + " = " + etext)
        args = []
        seen = set()
        for i, (e, _) in zi:
            name = znames[i]
            if name in seen:
                continue
            seen.add(name)
            args.append('"%s": %s' % (name, e))
        call = 'LocalizedText("%s"%s)' % (key, (", [" + ", ".join(args) + "]") if args else "")
        # `LocalizedText(zh: …, en: …)` becomes the call itself; a helper's `zh:, en:`
        # arguments become one unlabeled text.
        before = src[pos : m.start()]
        lt = re.search(r"LocalizedText\(\s*$", before)
        if lt and after.group(1) == ")":
            result += before[: lt.start()] + call
            pos = after.end()
        else:
            result += before + call
            pos = eend
    result += src[pos:]
    if result != src:
        open(path, "w", encoding="utf-8").write(result)


CALLS = ["fail"]


def convert_ternaries(path, existing_keys, out_lines):
    """`zh ? "中文" : "English"` (literals without interpolation) as
    `LocalizedText("key")(language)`: the site must have `language` in scope."""
    src = open(path, encoding="utf-8").read()
    stem = os.path.basename(path)[:-6].replace("+", "")
    run = re.match(r"[A-Z]+", stem)
    n = len(run.group(0)) if run else 0
    n = n - 1 if 1 < n < len(stem) and stem[n].islower() else max(n, 1)
    prefix = stem[:n].lower() + stem[n:]
    lit = r'"((?:[^"\\\n]|\\[^(])*)"'
    pattern = re.compile(r"\(?\bzh \? " + lit + r" : " + lit + r"\)?")
    local = {}
    def repl(m):
        whole = m.group(0)
        z, e = m.group(1), m.group(2)
        if not re.search(r"[\u4e00-\u9fff]", z):
            return whole
        segs_z, segs_e = [("t", z)], [("t", e)]
        zt, et = catalog_text(segs_z, {}), catalog_text(segs_e, {})
        if (zt, et) in local:
            key = local[(zt, et)]
        else:
            base = prefix + "." + slug(segs_e)
            key, k = base, 2
            while key in existing_keys:
                key = base + str(k)
                k += 1
            existing_keys[key] = True
            local[(zt, et)] = key
            out_lines["zh"].append(key + " = " + zt)
            out_lines["en"].append(key + " = " + et)
        inner = 'LocalizedText("%s")(language)' % key
        # Keep a parenthesis the ternary was wrapped in only when it was balanced.
        if whole.startswith("(") and whole.endswith(")"):
            return inner
        if whole.startswith("("):
            return "(" + inner
        if whole.endswith(")"):
            return inner + ")"
        return inner
    result = pattern.sub(repl, src)
    if result != src:
        open(path, "w", encoding="utf-8").write(result)


def main():
    keys = load_keys()
    while len(sys.argv) > 2 and sys.argv[1] == "--call":
        CALLS.append(sys.argv[2])
        del sys.argv[1:3]
    out = {"zh": [], "en": []}
    skipped = []
    for path in sys.argv[1:]:
        convert(os.path.abspath(path), keys, out, skipped)
        convert_ternaries(os.path.abspath(path), keys, out)
    for lang in ("zh", "en"):
        with open(CATALOGS[lang], "a", encoding="utf-8") as f:
            for line in out[lang]:
                f.write(line + "\n")
    for s in skipped:
        print("left:", s)
    print("converted %d messages" % (len(out["en"]) - sum(1 for l in out["en"] if l.startswith("\n#"))))


main()
