package scoring

import (
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring/settings"
)

// goTypeName matches what the decoders' own messages show and users must
// not see.
var goTypeName = regexp.MustCompile(`scoring\.|settings\.|fileProfile|float64|map\[|\[\]string|\bint\b|unmarshal`)

// TestDecodeProfileFile: what a profile file's author reads for each kind
// of mistake.
func TestDecodeProfileFile(t *testing.T) {
	for _, tc := range []struct {
		name   string
		isJSON bool
		body   string
		want   []string // substrings of the error, in order of lines
	}{
		{"yaml ok", false, "name: t\nmin_seal: {SOV-2: 3}\n", nil},
		{"json ok", true, `{"name": "t", "min_seal": {"SOV-2": 3}}`, nil},
		{"empty yaml", false, "", nil},
		{"yaml unknown key", false, "name: t\nmin_seals: {SOV-2: 3}\n",
			[]string{`line 2: unknown key "min_seals" (did you mean "min_seal"?); the valid keys are name, description, weights, divisor, min_seal, tie_break, layers, base`}},
		{"yaml unknown key far from any", false, "colour: red\n", []string{`line 1: unknown key "colour"; the valid keys are name,`}},
		{"yaml text for a number", false, "name: t\nweights: {SOV-1: abc}\n", []string{`line 2: weights: "abc" is text where a number is expected`}},
		{"yaml decimal for a level", false, "min_seal:\n  SOV-1: 2.5\n", []string{`line 2: min_seal: "2.5" is a number with decimals where a whole number is expected`}},
		{"yaml scalar for a list", false, "tie_break: seal\n", []string{`line 1: tie_break: "seal" is text where a list`}},
		{"yaml list for a mapping", false, "weights: [1, 2]\n", []string{`line 1: weights: the value is a list where a list of keys and values`}},
		{"yaml not a mapping", false, "- a\n- b\n", []string{"line 1: the file must hold keys and values"}},
		{"yaml syntax", false, "name: t\n  weights: x: y\n", []string{"line 2:"}},
		{"every problem", false, "nme: t\nweights: {SOV-1: x}\n", []string{`line 1: unknown key "nme" (did you mean "name"?)`, `line 2: weights: "x" is text`}},
		{"json unknown key", true, "{\"name\": \"t\",\n \"min_seals\": {}}", []string{`line 2: unknown key "min_seals" (did you mean "min_seal"?)`}},
		{"json text for a number", true, "{\"name\": \"t\",\n \"min_seal\": {\"SOV-2\": \"3\"}}", []string{`line 2: min_seal`, "text where a whole number is expected"}},
		{"json not an object", true, `["a"]`, []string{"the file must be a JSON object"}},
		{"json syntax", true, "{\"name\": \"t\",\n \"weights\": {,}}", []string{"line 2: invalid character"}},
		{"json cut", true, `{"name": "t"`, []string{"the file ends before the JSON object is complete"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fp fileProfile
			err := settings.Decode([]byte(tc.body), tc.isJSON, &fp)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotRegexp(t, goTypeName, err.Error(), "no Go type names")
		})
	}
}

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
