package main

import (
	"deanery/exchange/sim"

	"github.com/urfave/cli/v2"
)

// describeWorld prints the world's calibration beside the targets of the
// domain; figures out of band are marked "!".
func describeWorld(c *cli.Context, e *env) error {
	return sim.Describe(c.Context, c.Args().First(), e.stdout)
}
