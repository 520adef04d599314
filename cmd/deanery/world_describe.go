package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// describeWorld is wired to the world's calibration report once it lands.
func describeWorld(c *cli.Context, e *env) error {
	return fmt.Errorf("world describe is not available in this build yet")
}
