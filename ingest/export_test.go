package ingest

// SetSpill lowers the rows a file may hold before they are written, so
// that a small test file takes the path of a big one; it returns a func
// that restores the defaults.
func SetSpill(rows, bytes int) (restore func()) {
	r, b := spillRows, spillBytes
	spillRows, spillBytes = rows, bytes
	return func() { spillRows, spillBytes = r, b }
}
