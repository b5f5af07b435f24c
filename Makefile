# Release builds and packages. Everything here runs on Debian/Ubuntu except
# `make macos` (a Mac). Tests live in scripts/test.sh; the package tests are
# scripts/windows-smoke.sh, scripts/installer-test.sh and scripts/deb-test.sh.
#
#   make windows     dist/windows/: Omamori.exe (GUI), omamori-cli.exe (console), libfido2 linked in
#   make fido2-windows  static libfido2 + libcbor + libcrypto + zlib for windows/amd64 from
#                    third_party/ (cached by input checksum; ~15 min cold, see docs/install.md)
#   make installer   dist/Omamori-Setup-$(VERSION).exe  (NSIS, per user, no admin)
#   make msi         dist/Omamori-$(VERSION).msi        (wixl, per machine)
#   make sign        sign the exes, installer and MSI (certificate from the environment)
#   make deb         dist/omamori_$(VERSION)_amd64.deb
#   make macos       dist/Omamori.app + DMG (on macOS; see installer/macos/)
#
# Signing: OMAMORI_SIGN_PFX (base64 of a .pfx) + OMAMORI_SIGN_PASS, or
# OMAMORI_SIGN_TEST=1 for a throw-away self-signed certificate (CI). With
# neither, builds are unsigned and say so (build output + version info).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)

VERSION ?= 0.1.0
# Windows wants four numbers; the fourth counts commits so every build differs.
BUILD ?= $(shell git rev-list --count HEAD 2>/dev/null || echo 0)
VERSION4 := $(VERSION).$(BUILD)
DIST ?= dist
# The app icon (the GUI engineer's, also the window icon); every package is made from it.
ICON := assets/icon.png
WIN := $(DIST)/windows

GO ?= go
# Fyne with third_party/fyne/patches applied (see third_party/fyne/README.md).
export GOWORK := $(shell bash scripts/fyne-patched.sh --gowork)
GOWINRES := $(GO) run github.com/tc-hib/go-winres@v0.3.3
LDFLAGS := -s -w -X github.com/omamori-app/omamori/internal/version.Version=$(VERSION)
WINENV := GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc
# Screen readers: Fyne exposes its widgets to UI Automation (Windows) and
# NSAccessibility (macOS) only with this tag. The Windows build needs Fyne
# patched by third_party/fyne/patches/0100-windows-uia-events-only-when-listening.patch,
# else it aborts at start under wine 8. Linux: Fyne 2.8 has no AT-SPI yet.
GUI_TAGS := accessibility
# libfido2 for Windows is our static build (third_party/build-windows.sh prints its cached
# folder). go-libfido2's own cgo lines point at its 2020 DLLs in windows/lib; cgo puts
# CGO_CFLAGS/CGO_LDFLAGS first, so our headers and static archives win, and nothing of
# windows/lib is linked (scripts/pe-imports.sh fails the build's tests if a DLL import
# sneaks back). The version defines let the binary report the libfido2 it carries.
# What static libfido2 needs from Windows (its src/CMakeLists.txt BASE_LIBRARIES; winscard
# for NFC readers) and libcrypto besides: all system DLLs of every Windows 10/11.
FIDO2_WIN_SYSLIBS := -lwinscard -lbcrypt -lsetupapi -lhid -lwsock32 -lws2_32 -lcrypt32 -lgdi32 -ladvapi32 -luser32
FIDO2_WIN_ENV = F=$$(third_party/build-windows.sh); \
	pc() { PKG_CONFIG_LIBDIR="$$F/lib/pkgconfig" PKG_CONFIG_PATH= pkg-config "$$@"; }; \
	V=$$(pc --modversion libfido2); \
	v() { echo "$$V" | cut -d. -f$$1; }; \
	export CGO_CFLAGS="-O2 -g $$(pc --cflags libfido2) -DOMAMORI_FIDO2_VERSION_MAJOR=$$(v 1) \
		-DOMAMORI_FIDO2_VERSION_MINOR=$$(v 2) -DOMAMORI_FIDO2_VERSION_PATCH=$$(v 3)"; \
	export CGO_LDFLAGS="-O2 -g $$(pc --static --libs libfido2 libcbor libcrypto zlib) $(FIDO2_WIN_SYSLIBS)";

ifneq ($(OMAMORI_SIGN_PFX)$(OMAMORI_SIGN_TEST),)
SIGNED := yes
SIGN_NOTE_EN :=
SIGN_NOTE_JA :=
SPECIAL :=
else
SIGNED := no
SIGN_NOTE_EN := Unsigned build: not signed by the Omamori publisher.
SIGN_NOTE_JA := 署名なしのビルドです（発行元の署名がありません）。
SPECIAL := Unsigned
endif

.PHONY: all fido2-windows windows installer msi sign deb linux macos wine-shim clean
all: windows installer msi deb

# --- Windows -----------------------------------------------------------------

windows: $(WIN)/Omamori.exe

fido2-windows:
	@third_party/build-windows.sh

# One cgo compile serves both programs: -H windowsgui is a link flag only.
# After linking, peloadflags points the PE load configuration at the one
# internal/safedll links in (GNU ld 2.40 cannot): static imports from System32
# only (DependentLoadFlags; docs/security.md). Before signing, which covers it.
# The resource object (icon, version info, manifest) must sit in the package
# folder while linking; it is made for this version and removed afterwards.
$(WIN)/Omamori.exe: FORCE
	@# An unpatched Fyne built with the tag aborts at start on wine 8 (and on
	@# any Windows whose uiautomationcore.dll stubs a function): refuse it.
	@grep -q UiaClientsAreListening "$$($(GO) list -m -f '{{.Dir}}' fyne.io/fyne/v2)/internal/driver/glfw/accessibility_windows.c" || \
		{ echo "make windows: the Fyne in use lacks third_party/fyne/patches/0100-windows-uia-events-only-when-listening.patch (see third_party/fyne/README.md)" >&2; exit 1; }
	@mkdir -p $(WIN) $(DIST)/winres
	@convert $(ICON) -resize 256x256 $(DIST)/winres/icon.png
	@convert $(ICON) -resize 16x16 $(DIST)/winres/icon16.png
	@convert $(ICON) -define icon:auto-resize=256,64,48,32,16 $(DIST)/winres/omamori.ico
	@convert -size 164x314 xc:'#1f4e79' \( $(ICON) -resize 112x112 \) -gravity north -geometry +0+40 \
		-composite -type TrueColor BMP3:$(DIST)/winres/sidebar.bmp
	@for exe in Omamori.exe omamori-cli.exe; do \
		sed -e 's/@VERSION4@/$(VERSION4)/g' -e 's/@VERSION@/$(VERSION)/g' \
		    -e 's/@EXE@/'$$exe'/g' -e 's/@SPECIAL@/$(SPECIAL)/g' \
		    -e 's/@COMMENTS_EN@/$(SIGN_NOTE_EN)/g' -e 's/@COMMENTS_JA@/$(SIGN_NOTE_JA)/g' \
		    installer/windows/winres.json.in > $(DIST)/winres/$$exe.json; \
	done
	@$(FIDO2_WIN_ENV) \
	echo "libfido2 $$V (static, $$F)"; \
	trap 'rm -f cmd/omamori/zz_winres_windows_amd64.syso' EXIT; \
	for exe in Omamori.exe omamori-cli.exe; do \
		case $$exe in Omamori.exe) H="-H windowsgui";; *) H="";; esac; \
		$(GOWINRES) make --in $(DIST)/winres/$$exe.json --arch amd64 \
			--out cmd/omamori/zz_winres; \
		echo "go build $(WIN)/$$exe ($(VERSION4))"; \
		$(WINENV) $(GO) build -tags "$(GUI_TAGS)" -ldflags "$(LDFLAGS) $$H" -o $(WIN)/$$exe ./cmd/omamori; \
	done; \
	$(GO) run ./internal/safedll/loadflags/peloadflags set $(WIN)/Omamori.exe $(WIN)/omamori-cli.exe
	@rm -f $(WIN)/fido2.dll $(WIN)/cbor.dll $(WIN)/crypto-45.dll # shipped before libfido2 was linked in
	@cp installer/windows/THIRD-PARTY.txt $(WIN)/
	@if [ "$(SIGNED)" = yes ]; then installer/sign.sh $(WIN)/Omamori.exe $(WIN)/omamori-cli.exe; \
	 else echo "UNSIGNED: $(WIN)/*.exe are not Authenticode-signed (set OMAMORI_SIGN_PFX or OMAMORI_SIGN_TEST=1)"; fi

# Test-only DLL that lets Go 1.24+ programs start under wine 8.
wine-shim: $(DIST)/wine/bcryptprimitives.dll
$(DIST)/wine/bcryptprimitives.dll: installer/wine/processprng.c
	@mkdir -p $(@D)
	x86_64-w64-mingw32-gcc -shared -O2 -s -o $@ $< -ladvapi32

installer: $(DIST)/Omamori-Setup-$(VERSION).exe
$(DIST)/Omamori-Setup-$(VERSION).exe: $(WIN)/Omamori.exe installer/windows/omamori.nsi
	makensis -V2 -INPUTCHARSET UTF8 -DVERSION=$(VERSION) -DVERSION4=$(VERSION4) \
		-DSRCDIR=$(abspath $(WIN)) -DICON=$(abspath $(DIST)/winres/omamori.ico) \
		-DSIDEBAR=$(abspath $(DIST)/winres/sidebar.bmp) -DOUTFILE=$(abspath $@) -DSIGNED=$(SIGNED) -DSIGNCMD=$(abspath installer/sign.sh) \
		installer/windows/omamori.nsi
	@[ "$(SIGNED)" = yes ] || echo "UNSIGNED: $@"

msi: $(DIST)/Omamori-$(VERSION).msi
$(DIST)/Omamori-$(VERSION).msi: $(WIN)/Omamori.exe installer/msi/omamori.wxs
	# wixl takes source paths relative to the .wxs file's folder.
	wixl -a x64 -D Version=$(VERSION4) -D SourceDir=$$(realpath --relative-to=installer/msi $(WIN)) \
		-D Icon=$$(realpath --relative-to=installer/msi $(DIST)/winres/omamori.ico) -o $@ installer/msi/omamori.wxs
	@if [ "$(SIGNED)" = yes ]; then installer/sign.sh $@; else echo "UNSIGNED: $@"; fi

# Build, sign and verify everything Windows; fails without a certificate.
sign:
	@if [ -z "$(OMAMORI_SIGN_PFX)$(OMAMORI_SIGN_TEST)" ]; then \
		echo "make sign needs OMAMORI_SIGN_PFX (+ OMAMORI_SIGN_PASS) or OMAMORI_SIGN_TEST=1" >&2; exit 2; fi
	@# A real certificate makes a release: not with the update channel off
	@# (docs/release.md). The test certificate (CI) signs test builds.
	@if [ -n "$(OMAMORI_SIGN_PFX)" ]; then $(GO) run ./cmd/omamori-feed ready; fi
	$(MAKE) windows installer msi
	installer/sign.sh --verify $(WIN)/Omamori.exe $(WIN)/omamori-cli.exe \
		$(DIST)/Omamori-Setup-$(VERSION).exe $(DIST)/Omamori-$(VERSION).msi

# --- Linux -------------------------------------------------------------------

linux: $(DIST)/linux/omamori
$(DIST)/linux/omamori: FORCE
	@mkdir -p $(@D)
	CGO_ENABLED=1 $(GO) build -ldflags "$(LDFLAGS)" -o $@ ./cmd/omamori

deb: $(DIST)/omamori_$(VERSION)_amd64.deb
$(DIST)/omamori_$(VERSION)_amd64.deb: $(DIST)/linux/omamori
	installer/linux/build-deb.sh $(DIST)/linux/omamori $(VERSION) $@

# --- macOS (run on a Mac; CI: .github/workflows/macos.yml) ------------------

macos:
	VERSION=$(VERSION) BUILD=$(BUILD) installer/macos/build.sh

clean:
	rm -rf $(DIST)

FORCE:
