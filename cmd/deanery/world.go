package main

import "github.com/urfave/cli/v2"

// worldCommand is completed when the world generator lands.
func worldCommand(e *env) *cli.Command {
	return &cli.Command{Name: "world", Usage: "generate and describe the synthetic world", Hidden: true}
}
