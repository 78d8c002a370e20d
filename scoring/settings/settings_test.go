package settings

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSuggest(t *testing.T) {
	opts := []string{"name", "weights", "divisor", "min_seal", "tie_break"}
	for _, tc := range []struct{ word, want string }{
		{"min_seals", "min_seal"},
		{"weigths", "weights"}, // a swap is one edit
		{"Divisor", "divisor"},
		{"tiebreak", "tie_break"},
		{"colour", ""},
	} {
		assert.Equal(t, tc.want, Suggest(tc.word, opts), tc.word)
	}
}

// fileProfile has the keys and types of a profile file (see
// scoring.fileProfile).
type fileProfile struct {
	Name        string             `json:"name" yaml:"name"`
	Description string             `json:"description" yaml:"description"`
	Weights     map[string]float64 `json:"weights" yaml:"weights"`
	Divisor     string             `json:"divisor" yaml:"divisor"`
	MinSEAL     map[string]int     `json:"min_seal" yaml:"min_seal"`
	TieBreak    []string           `json:"tie_break,omitempty" yaml:"tie_break"`
	Layers      map[string]string  `json:"layers,omitempty" yaml:"layers"`
	Base        string             `json:"base,omitempty" yaml:"base"`
}

// goTypeName matches what the decoders' own messages show and users must
// not see.
var goTypeName = regexp.MustCompile(`scoring\.|settings\.|fileProfile|float64|map\[|\[\]string|\bint\b|unmarshal`)

func TestDecode(t *testing.T) {
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
			err := Decode([]byte(tc.body), tc.isJSON, &fp)
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

// TestDecodeListItems: the keys of each element of a list of structs are
// checked too, named by the field's settings tag (or "<key> item") and the
// element's name.
func TestDecodeListItems(t *testing.T) {
	type member struct {
		Name string `yaml:"name" json:"name"`
		Role string `yaml:"role" json:"role"`
	}
	type file struct {
		Panel  []member `yaml:"panel" json:"panel" settings:"panel member"`
		Others []member `yaml:"others" json:"others"`
	}
	for _, tc := range []struct {
		name   string
		isJSON bool
		body   string
		want   []string
	}{
		{"yaml ok", false, "panel:\n  - {name: A, role: chair}\n", nil},
		{"yaml member key", false, "panel:\n  - {name: A}\n  - name: B\n    rol: x\n",
			[]string{`line 4: panel member 2 (B): unknown key "rol" (did you mean "role"?); the valid keys are name, role`}},
		{"yaml no name", false, "panel:\n  - rol: x\n", []string{`line 2: panel member 1: unknown key "rol"`}},
		{"yaml no settings tag", false, "others:\n  - {name: C, nme: x}\n", []string{`line 2: others item 1 (C): unknown key "nme" (did you mean "name"?)`}},
		{"yaml merge key", false, "base: &b {role: chair}\npanel:\n  - <<: *b\n    name: A\n", []string{`line 1: unknown key "base"`}},
		{"json member key", true, "{\"panel\": [\n  {\"name\": \"A\"},\n  {\"name\": \"B\",\n   \"rol\": \"x\"}]}",
			[]string{`line 4: panel member 2 (B): unknown key "rol" (did you mean "role"?)`}},
		{"json not objects", true, `{"panel": ["A"]}`, []string{"panel"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var f file
			err := Decode([]byte(tc.body), tc.isJSON, &f)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "panel member 1 (A)", "a valid member is not reported")
			assert.NotRegexp(t, goTypeName, err.Error(), "no Go type names")
		})
	}
}
