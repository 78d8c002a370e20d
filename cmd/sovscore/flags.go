package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/sovscore/sovscore/scoring/settings"
)

// flagHint adds advice to a flag parsing error: the nearest flag for an
// unknown one ("--outptus": did you mean --outputs?). It returns "" when
// it has none.
func flagHint(fs *pflag.FlagSet, err error) string {
	var ne *pflag.NotExistError
	if !errors.As(err, &ne) {
		return ""
	}
	name := ne.GetSpecifiedName()
	if ne.GetSpecifiedShortnames() != "" {
		// -x inside a group of one-letter options: a long option typed
		// with one dash ("-out") is the usual cause.
		group := ne.GetSpecifiedShortnames()
		if f := fs.Lookup(group); f != nil && !f.Hidden {
			return fmt.Sprintf("did you mean --%s? (long options take two dashes)", group)
		}
		if near := nearestFlag(fs, group); near != "" {
			return fmt.Sprintf("did you mean --%s? (long options take two dashes)", near)
		}
		return ""
	}
	if near := nearestFlag(fs, name); near != "" {
		return fmt.Sprintf("did you mean --%s?", near)
	}
	return ""
}

// nearestFlag is the visible flag closest to name, "" when none is close.
func nearestFlag(fs *pflag.FlagSet, name string) string {
	var names []string
	fs.VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	return settings.Suggest(name, names)
}

// singleDashLong finds an argument such as "-out" that names a long option
// with one dash. pflag reads it as the one-letter options -o -u -t, or as
// -o with the value "ut", which is never what was meant.
func singleDashLong(fs *pflag.FlagSet, args []string) string {
	for _, a := range args {
		if a == "--" {
			break
		}
		if len(a) < 3 || a[0] != '-' || a[1] == '-' {
			continue
		}
		name, _, _ := strings.Cut(a[1:], "=")
		if f := fs.Lookup(name); f != nil && !f.Hidden && len(name) > 1 {
			return fmt.Sprintf("%s: long options take two dashes: --%s", a, a[1:])
		}
	}
	return ""
}
