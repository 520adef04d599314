package reports

// SetGzipFrom sets the CSV size from which a page carries a table gzipped,
// so that the tests' small world has some.
func SetGzipFrom(n int) { gzipFrom = n }
