package scoring

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProfileFileErrorsNameTheFile(t *testing.T) {
	fw := Default()
	dir := t.TempDir()
	path := dir + "/tender.yaml"
	require.NoError(t, writeFile(path, "name: t\nbase: eucsf-1.2.1\nmin_seals: {SOV-2: 3}\n"))
	_, err := fw.ResolveProfile(path)
	require.Error(t, err)
	assert.Equal(t, "profile file "+path+`: line 3: unknown key "min_seals" (did you mean "min_seal"?); the valid keys are name, description, weights, divisor, min_seal, tie_break, layers, base`, err.Error())
}

func writeFile(path, body string) error { return os.WriteFile(path, []byte(body), 0o644) }
