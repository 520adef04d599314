package reports

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// assets holds the charting library the pages inline. echarts.min.js is not
// in git: `make reports/assets/echarts.min.js` fetches and checks it before
// the binary is built (assets/README.md).
//
//go:embed assets
var assets embed.FS

// ErrNoCharts says the binary was built without the charting library.
var ErrNoCharts = errors.New("reports/assets/echarts.min.js was not embedded in this binary: run `make reports/assets/echarts.min.js` and build again")

// echartsJS returns the charting library, made safe to inline in a script
// element.
func echartsJS() (string, error) {
	b, err := fs.ReadFile(assets, "assets/echarts.min.js")
	if err != nil {
		return "", fmt.Errorf("%w (%v)", ErrNoCharts, err)
	}
	// A literal "</script" inside a string of the library would end the
	// element early; "<\/script" means the same to JavaScript.
	return strings.ReplaceAll(string(b), "</script", `<\/script`), nil
}

// EChartsVersion is the pinned version of the charting library.
func EChartsVersion() string {
	b, err := fs.ReadFile(assets, "assets/echarts.version")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
