package settings

import "flag"

// README's "go test ./... -update" passes -update to every test binary;
// this package has no golden files, so the flag has no effect here.
var _ = flag.Bool("update", false, "no effect: this package has no golden files")
