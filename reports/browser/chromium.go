// Package browser drives a headless Chromium from disk: print a page to
// PDF, take a screenshot, or read the DOM after the page's scripts ran.
// Every run uses a fresh profile and reaches no network: background
// networking and component updates are off, a proxy that does not exist
// catches any request and no host name resolves.
package browser

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// ErrNoChromium says no Chromium binary was found.
var ErrNoChromium = errors.New("no Chromium found (install the Debian package chromium, or set CHROMIUM to its path)")

// Find returns the Chromium binary: $CHROMIUM, else chromium or
// chromium-browser on the PATH.
func Find() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// Flags are the switches every run gets, before its own.
func Flags(profile string) []string {
	return []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--no-first-run", "--disable-sync", "--disable-default-apps",
		"--disable-extensions", "--mute-audio",
		"--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
		"--user-data-dir=" + profile}
}

func run(ctx context.Context, args ...string) ([]byte, error) {
	bin, err := Find()
	if err != nil {
		return nil, err
	}
	profile, err := os.MkdirTemp("", "chromium-profile-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile)
	ctx, cancel := context.WithTimeout(ctx, 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(Flags(profile), args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("chromium %v: %w: %s", args, err, errb.String())
	}
	return out.Bytes(), nil
}

// View is how a page is opened: the window size (0: Chromium's default)
// and a fragment for the address (the part after #, which the report pages
// read their filters from).
type View struct {
	Width, Height int
	Fragment      string
}

func (v View) args() []string {
	var a []string
	if v.Width > 0 && v.Height > 0 {
		a = append(a, fmt.Sprintf("--window-size=%d,%d", v.Width, v.Height))
	}
	return a
}

func fileURL(path string, v View) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	u := "file://" + abs
	if v.Fragment != "" {
		u += "#" + v.Fragment
	}
	return u, nil
}

// PrintPDF prints the HTML file at page to pdf (A4).
func PrintPDF(ctx context.Context, page, pdf string) error {
	u, err := fileURL(page, View{})
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(pdf)
	if err != nil {
		return err
	}
	// The window is as wide as an A4 page less its margins (the pages'
	// @page rule), so that charts are drawn at the width they print at.
	if _, err := run(ctx, "--no-pdf-header-footer", "--virtual-time-budget=10000", "--window-size=703,1000", "--print-to-pdf="+abs, u); err != nil {
		return err
	}
	if st, err := os.Stat(abs); err != nil || st.Size() == 0 {
		return fmt.Errorf("chromium wrote no PDF at %s", abs)
	}
	return nil
}

// DumpDOM returns the page's DOM after its scripts ran.
func DumpDOM(ctx context.Context, page string) (string, error) {
	return DumpDOMAt(ctx, page, View{})
}

// DumpDOMAt returns the DOM of the page opened as v says.
func DumpDOMAt(ctx context.Context, page string, v View) (string, error) {
	u, err := fileURL(page, v)
	if err != nil {
		return "", err
	}
	b, err := run(ctx, append(v.args(), "--virtual-time-budget=10000", "--dump-dom", u)...)
	return string(b), err
}

// Screenshot writes a PNG of the page at the given window size.
func Screenshot(ctx context.Context, page, png string, width, height int) error {
	return ScreenshotAt(ctx, page, png, View{Width: width, Height: height})
}

// ScreenshotAt writes a PNG of the page opened as v says.
func ScreenshotAt(ctx context.Context, page, png string, v View) error {
	u, err := fileURL(page, v)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(png)
	if err != nil {
		return err
	}
	_, err = run(ctx, append(v.args(), "--hide-scrollbars", "--virtual-time-budget=10000", "--screenshot="+abs, u)...)
	return err
}
