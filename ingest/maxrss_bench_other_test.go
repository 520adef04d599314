//go:build !unix

package ingest_test

import (
	"os"
	"time"
)

// maxRSS is not reported on this platform.
func maxRSS(*os.ProcessState) (int64, bool) { return 0, false }

// processCPU is not measured on this platform.
func processCPU() time.Duration { return 0 }
