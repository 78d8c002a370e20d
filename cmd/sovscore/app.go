package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"
)

// Exit codes: the contract scripts rely on.
const (
	exitOK      = 0 // every workbook valid
	exitInvalid = 1 // some workbook has errors or could not be read; outputs written
	exitUsage   = 2 // bad usage or a fatal error: nothing (more) could be done
)

// streams are the command's standard streams, injected so tests run the
// commands in-process.
type streams struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	ErrTTY bool // stderr is a terminal: progress bars allowed
}

func newStreams() *streams {
	return &streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, ErrTTY: isTerminal(os.Stderr)}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

type command struct {
	name    string
	summary string
	run     func(args []string, s *streams) int
}

func commands() []command {
	return []command{
		{"template", "write the blank assessment workbook (Excel template)", runTemplate},
		{"validate", "check assessment workbooks and list every problem", runValidate},
		{"score", "score, check and rank workbooks; write the reports", runScore},
		{"diff", "compare assessments of the same providers over time", runDiff},
		{"reconcile", "set side by side one provider's assessments by several assessors", runReconcile},
		{"import-md", "turn the framework's Markdown table form into a filled workbook", runImportMD},
		{"gen", "write synthetic filled workbooks for tests and benchmarks", runGen},
		{"version", "print the version of sovscore and of the framework", runVersion},
	}
}

func run(args []string, s *streams) int {
	if len(args) == 0 {
		usage(s.Err)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(s.Out)
		return exitOK
	case "-V", "--version":
		return runVersion(nil, s)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], s)
		}
	}
	fmt.Fprintf(s.Err, "sovscore: unknown command %q\n\n", args[0])
	usage(s.Err)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "sovscore scores cloud provider assessments against the EU Cloud Sovereignty Framework.")
	fmt.Fprintln(w, "\nUsage: sovscore COMMAND [options] [arguments]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'sovscore COMMAND --help' for a command's options.")
}

// newFlags makes a flag set that reports errors instead of exiting, so each
// command maps them to exit codes itself.
func newFlags(name, args, about string, s *streams) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(s.Err)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(s.Err, "Usage: sovscore %s %s\n\n%s\n\nOptions:\n", name, args, about)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; ok is false when the command should return code.
func parse(fs *pflag.FlagSet, args []string, s *streams) (code int, ok bool) {
	if msg := singleDashLong(fs, args); msg != "" {
		fmt.Fprintf(s.Err, "sovscore %s: %s\nRun 'sovscore %s --help' for usage.\n", fs.Name(), msg, fs.Name())
		return exitUsage, false
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitOK, false
		}
		msg := err.Error()
		if hint := flagHint(fs, err); hint != "" {
			msg += "; " + hint
		}
		fmt.Fprintf(s.Err, "sovscore %s: %s\nRun 'sovscore %s --help' for usage.\n", fs.Name(), msg, fs.Name())
		return exitUsage, false
	}
	return 0, true
}

func fail(s *streams, cmd string, err error) int {
	fmt.Fprintf(s.Err, "sovscore %s: %s\n", cmd, strings.TrimSpace(err.Error()))
	return exitUsage
}

func runVersion(args []string, s *streams) int {
	fs := newFlags("version", "", "Print the version of sovscore and of the embedded framework.", s)
	if code, ok := parse(fs, args, s); !ok {
		return code
	}
	fw := framework()
	fmt.Fprintf(s.Out, "sovscore %s\ncommit %s\n%s %s (%s)\n", Version, commitText(), fw.Name, fw.Version, fw.Date)
	return exitOK
}
