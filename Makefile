# safetyreg — every target installs what it needs first (`deps`), so a fresh Debian or
# Ubuntu machine with Swift needs only `make demo` and `make test`.

PREFIX ?= /usr/local
SWIFT ?= swift
CONFIG ?= debug
BIN := .build/$(CONFIG)/safetyreg

# Libraries and fonts the program needs, then the independent checkers the tests and
# the benchmark use (poppler-utils, qpdf, libjpeg-turbo-progs, chromium).
RUNTIME_DEPS := pkg-config g++ libcairo2-dev libpango1.0-dev libpoppler-glib-dev libpoppler-dev libjpeg-dev libpng-dev zlib1g-dev libharfbuzz-dev libfontconfig-dev libqpdf-dev libheif-dev libwebp-dev libqrencode-dev libzbar-dev libyaml-dev libdlib-dev libdlib-data libblas-dev liblapack-dev libtesseract-dev tesseract-ocr-chi-sim tesseract-ocr-eng fonts-noto-cjk
CHECK_DEPS := poppler-utils qpdf chromium chromium-driver python3-selenium zbar-tools libjpeg-turbo-progs libheif-examples webp util-linux libc-bin python3-openpyxl python3-yaml python3-jsonschema python3-venv slurm-wlm munge
# Only `make bench` needs these: the baselines' fonts (ReportLab cannot embed Noto's CFF)
# and real photographs (CC0 / CC BY / CC BY-SA wallpapers) for the checks.
BENCH_DEPS := tesseract-ocr fonts-arphic-uming fonts-wqy-zenhei lomiri-wallpapers-16.04 lomiri-wallpapers-20.04
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps deps-check build release test demo bench samples install uninstall clean format fuzz

all: build

# Installs whichever of the packages is missing; does nothing when all are present.
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_install,$(RUNTIME_DEPS))

deps-check: deps
	$(call apt_install,$(CHECK_DEPS))

build: deps
	$(SWIFT) build -c $(CONFIG)

release: deps
	$(SWIFT) build -c release

# The decoders' hostile-input corpus, the corrupt-data cases, the limits, the submission
# loader's (links, traversal, FIFOs, names, the hostile sample) and the C pixel kernels'
# reference tests (resize, steepness, extremes, blurs, histogram, preview encoding), and the
# face shim's landmark cascade over its mapped model (against dlib's own) and the person
# checks on real portraits, and the text shim over Tesseract with the content rules, again, under
# AddressSanitizer (LeakSanitizer on, with only system libraries' process-lifetime caches
# suppressed: Tests/lsan.supp) and, for our C shims, UndefinedBehaviorSanitizer (Swift code
# traps on its own). The isolation suite is not among them: an ASan worker cannot live
# under the worker's memory limit (ASan reserves terabytes of shadow memory).
ASAN_SUITES := BadInputTests|CorruptDataTests|DocumentVerdictTests|PhotoVerdictTests|PNGTests|JPEGTests|PhotoFixerTests|SubmissionLoadingTests|SampleDecisionTests|PreviewTests|FineStepsTests|SubmissionNameTests|PlausibilityTests|DocumentReaderTests|SharpnessTests|SelectionTests|PlaneEncodingTests|ResizeTests|BlurRowTests|HistogramTests|LandmarkTests|PersonVerdictTests|TextEngineTests|ContentRulesTests|DocumentTextTests
SANITIZE := --sanitize=address -Xcc -fsanitize=undefined -Xcc -fno-sanitize=vptr -Xcc -fno-sanitize-recover=undefined

# Schemathesis (PyPI, pinned) for the API's test against its OpenAPI document, in a venv
# of Debian's python3 (the tests run it from there).
SCHEMATHESIS := .build-tools/venv/bin/schemathesis
$(SCHEMATHESIS):
	/usr/bin/python3 -m venv .build-tools/venv
	.build-tools/venv/bin/pip install --quiet --disable-pip-version-check schemathesis==4.32.5

# axe-core for the page tests' accessibility audits (Tests/browser/axe.py). npm is not
# reachable from here, so it comes from PyPI: axe-core 4.12.1 as `axe.min.js` inside the
# axe-playwright-python 0.1.8 wheel, downloaded with the venv's pip and checked against
# its SHA-256 before the one file is taken out (MPL-2.0; only the tests use it).
AXE := .build-tools/axe/axe.min.js
AXE_WHEEL := axe_playwright_python-0.1.8-py3-none-any.whl
AXE_WHEEL_SHA256 := fdd263c998388f1a8e67cad02677e612d946248bd44d163be5e8650ea31f95f8
$(AXE): | $(SCHEMATHESIS)
	rm -rf .build-tools/axe-wheel && mkdir -p .build-tools/axe-wheel .build-tools/axe
	.build-tools/venv/bin/pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
	  -d .build-tools/axe-wheel axe-playwright-python==0.1.8
	echo "$(AXE_WHEEL_SHA256)  .build-tools/axe-wheel/$(AXE_WHEEL)" | sha256sum --check --quiet
	/usr/bin/python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("axe_playwright_python/axe.min.js"))' \
	  .build-tools/axe-wheel/$(AXE_WHEEL) > $(AXE).part
	mv $(AXE).part $(AXE)

test: deps-check $(SCHEMATHESIS) $(AXE)
	$(SWIFT) test
	@sh scripts/fuzz.sh --check
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 $(SWIFT) test $(SANITIZE) --scratch-path .build-asan --filter '$(ASAN_SUITES)'

# libFuzzer over the decoders and metrics, PDFs, application files and the policy loader:
# SECONDS per target (default 60); fails on any crash, leak, timeout or out-of-memory.
SECONDS ?= 60
fuzz: deps
	@sh scripts/fuzz.sh $(SECONDS)

demo: build
	@sh scripts/demo.sh $(BIN)

# Regenerates samples/submissions (deterministic: the same bytes every time).
samples: deps
	$(SWIFT) build -c release --product safetyreg-samples
	rm -rf samples/submissions
	.build/release/safetyreg-samples samples/submissions

bench: deps-check
	$(call apt_install,$(BENCH_DEPS))
	@python3 -c "import reportlab, PIL" 2>/dev/null || python3 -m pip install --quiet reportlab pillow
	@python3 -c "import cv2" 2>/dev/null || python3 -m pip install --quiet opencv-python-headless numpy
	@python3 bench/run.py

# The installed tool finds its templates in $(PREFIX)/share/safetyreg/templates.
install: deps
	$(SWIFT) build -c release --static-swift-stdlib
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/safetyreg
	install -m 755 .build/release/safetyreg $(DESTDIR)$(PREFIX)/bin/safetyreg
	rm -rf $(DESTDIR)$(PREFIX)/share/safetyreg/templates
	cp -R templates $(DESTDIR)$(PREFIX)/share/safetyreg/templates
	rm -rf $(DESTDIR)$(PREFIX)/share/safetyreg/schema
	cp -R schema $(DESTDIR)$(PREFIX)/share/safetyreg/schema

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/safetyreg
	rm -rf $(DESTDIR)$(PREFIX)/share/safetyreg

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build .build-asan .build-fuzz out bench-out
