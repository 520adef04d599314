package browser

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
)

// NoBrowserEnv, set to 1, says this machine has no browser for the tests:
// Require then skips instead of failing.
const NoBrowserEnv = "DEANERY_NO_BROWSER"

var requireOnce struct {
	sync.Once
	path string
	err  error
}

// Require returns Chromium for a test. Where it is missing and the test
// runs as root on a machine with apt-get, it installs Debian's chromium
// package first (and poppler-utils, whose pdftoppm renders a printed page
// to PNG), once per machine at a time: an exclusive lock on a file in the
// temporary folder keeps the test binaries of parallel packages from
// running apt-get together. Otherwise the test fails and says how to get
// a browser; it is skipped only when DEANERY_NO_BROWSER=1 says there is
// none to be had.
func Require(t testing.TB) string {
	t.Helper()
	if os.Getenv(NoBrowserEnv) == "1" {
		t.Skipf("%s=1: this machine has no browser for the page tests", NoBrowserEnv)
	}
	requireOnce.Do(func() { requireOnce.path, requireOnce.err = findOrInstall(t) })
	if requireOnce.err != nil {
		t.Fatalf("%v\n(set %s=1 to skip the browser tests on a machine that cannot have one)", requireOnce.err, NoBrowserEnv)
	}
	return requireOnce.path
}

func findOrInstall(t testing.TB) (string, error) {
	if p, err := Find(); err == nil {
		return p, nil
	}
	apt, err := exec.LookPath("apt-get")
	if err != nil || os.Geteuid() != 0 {
		return "", fmt.Errorf("%w; this test installs it only as root on a machine with apt-get: run `apt-get install -y chromium`", ErrNoChromium)
	}
	lock, err := os.OpenFile(filepath.Join(os.TempDir(), "deanery-chromium-install.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", fmt.Errorf("install chromium: %w", err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", fmt.Errorf("install chromium: lock: %w", err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	if p, err := Find(); err == nil {
		return p, nil // another test binary installed it while this one waited
	}
	t.Logf("Chromium is missing: installing Debian's chromium package with apt-get (once per machine)")
	install := func() ([]byte, error) {
		cmd := exec.Command(apt, "install", "-y", "chromium", "poppler-utils")
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		return cmd.CombinedOutput()
	}
	out, err := install()
	if err != nil {
		// A fresh machine may have no package lists yet.
		if upd, uerr := exec.Command(apt, "update").CombinedOutput(); uerr != nil {
			return "", fmt.Errorf("install chromium: apt-get update: %w\n%s", uerr, upd)
		}
		if out, err = install(); err != nil {
			return "", fmt.Errorf("install chromium: apt-get install -y chromium: %w\n%s", err, out)
		}
	}
	p, err := Find()
	if err != nil {
		return "", fmt.Errorf("apt-get installed chromium, yet %w", err)
	}
	return p, nil
}
