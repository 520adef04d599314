package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Machine is where a benchmark ran.
type Machine struct {
	GOOS          string `json:"goos"`
	GOARCH        string `json:"goarch"`
	CPUModel      string `json:"cpu_model"`
	NumCPU        int    `json:"num_cpu"`
	GOMAXPROCS    int    `json:"gomaxprocs"`
	MemoryTotalMB int64  `json:"memory_total_mb"`
	GoVersion     string `json:"go_version"`
	// LoadAverage is the 1-minute load average when the run ended: other
	// work on the machine slows every side and spreads the figures.
	LoadAverage string `json:"load_average_1m,omitempty"`
}

// ReadMachine fills in what this process can see of the machine; cpuModel
// is kept when /proc/cpuinfo is not there (go test prints one).
func ReadMachine(cpuModel string) Machine {
	m := Machine{
		GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, NumCPU: runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0), GoVersion: runtime.Version(), CPUModel: cpuModel,
	}
	if model := procField("/proc/cpuinfo", "model name"); model != "" {
		m.CPUModel = model
	}
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		m.LoadAverage, _, _ = strings.Cut(string(data), " ")
	}
	if kb, err := strconv.ParseInt(strings.TrimSuffix(procField("/proc/meminfo", "MemTotal"), " kB"), 10, 64); err == nil {
		m.MemoryTotalMB = kb * 1024 / 1e6
	}
	return m
}

// procField returns the value of the first "key: value" line of a /proc
// file, or "".
func procField(path, key string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// UpdateJSON sets the top-level keys of the JSON object in path to the
// values given, keeping every other key as it was, so that the Go
// benchmarks and the pipeline driver can share one results file. A
// missing file starts empty.
func UpdateJSON(path string, values map[string]any) error {
	doc := map[string]json.RawMessage{}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	default:
		if err := json.Unmarshal(data, &doc); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	for k, v := range values {
		raw, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("%s: %s: %w", path, k, err)
		}
		doc[k] = raw
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(out, '\n'), 0o644)
}

// ReplaceBetween puts content between the begin and end marker lines of
// text, keeping the markers.
func ReplaceBetween(text []byte, begin, end, content string) ([]byte, error) {
	b := bytes.Index(text, []byte(begin))
	e := bytes.Index(text, []byte(end))
	if b < 0 || e < b {
		return nil, fmt.Errorf("no %s … %s markers", begin, end)
	}
	var out bytes.Buffer
	out.Write(text[:b+len(begin)])
	out.WriteString("\n" + content)
	out.Write(text[e:])
	return out.Bytes(), nil
}

// Thousands renders a whole number with comma groups: 1,234,567.
func Thousands(v float64) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(int64(v+0.5), 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
