// Command sovscore scores Excel assessments of cloud providers against the
// European Commission's Cloud Sovereignty Framework and writes checked,
// reproducible reports for procurement dossiers.
//
// Usage:
//
//	sovscore template [-o FILE]            write the blank assessment workbook
//	sovscore validate FILE|DIR...          check workbooks, one problem a line
//	sovscore score FILE|DIR... [-o DIR]    score, rank and write reports
//	sovscore import-md FILE.md -o FILE.xlsx
//	sovscore version
//
// Run "sovscore COMMAND --help" for the options of each command.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], newStreams()))
}
