//go:build !unix

package ingest_test

import "os"

// maxRSS is not reported on this platform.
func maxRSS(*os.ProcessState) (int64, bool) { return 0, false }
