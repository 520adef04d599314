// Command deanery runs the NHS ESR Deanery Interfaces and turns both sides
// into a reporting and data-quality warehouse. Run `deanery --help`.
package main

import "os"

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
