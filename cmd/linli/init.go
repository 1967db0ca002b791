package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"linli/program"
)

func runInit(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("linli init", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "linli.yaml", "where to write the config")
	force := fs.Bool("force", false, "overwrite an existing file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(*out, flags, 0o600)
	if err != nil {
		fmt.Fprintf(stderr, "linli init: %v (use --force to overwrite)\n", err)
		return 1
	}
	if _, err := f.Write(program.ExampleConfig); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "linli init: %v\n", err)
		return 1
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(stderr, "linli init: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s — edit the communities and groups, then run: linli run\n", *out)
	return 0
}
