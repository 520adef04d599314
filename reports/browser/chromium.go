// Package browser drives a headless Chromium from disk: print a page to
// PDF, take a screenshot, or read the DOM after the page's scripts ran.
// Every run uses a fresh profile and reaches no network: background
// networking is off and a proxy that does not exist catches any request.
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
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--no-first-run", "--disable-sync", "--disable-default-apps",
		"--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
		"--user-data-dir=" + profile}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("chromium %v: %w: %s", args, err, errb.String())
	}
	return out.Bytes(), nil
}

func fileURL(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return "file://" + abs, nil
}

// PrintPDF prints the HTML file at page to pdf.
func PrintPDF(ctx context.Context, page, pdf string) error {
	u, err := fileURL(page)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(pdf)
	if err != nil {
		return err
	}
	if _, err := run(ctx, "--no-pdf-header-footer", "--virtual-time-budget=5000", "--print-to-pdf="+abs, u); err != nil {
		return err
	}
	if st, err := os.Stat(abs); err != nil || st.Size() == 0 {
		return fmt.Errorf("chromium wrote no PDF at %s", abs)
	}
	return nil
}

// DumpDOM returns the page's DOM after its scripts ran.
func DumpDOM(ctx context.Context, page string) (string, error) {
	u, err := fileURL(page)
	if err != nil {
		return "", err
	}
	b, err := run(ctx, "--virtual-time-budget=5000", "--dump-dom", u)
	return string(b), err
}

// Screenshot writes a PNG of the page at the given window size.
func Screenshot(ctx context.Context, page, png string, width, height int) error {
	u, err := fileURL(page)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(png)
	if err != nil {
		return err
	}
	_, err = run(ctx, "--hide-scrollbars", "--virtual-time-budget=5000", fmt.Sprintf("--window-size=%d,%d", width, height), "--screenshot="+abs, u)
	return err
}
