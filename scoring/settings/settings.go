// Package settings decodes the YAML and JSON files users write (profiles,
// dossier details) with errors meant for them: the line, the key, what was
// found and what is expected, never a Go type.
package settings

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Decode decodes a YAML or JSON settings file (a profile, or any
// other file of keys and values a user writes) into dst, a pointer to a
// struct whose fields carry yaml and json tags. Unknown keys are errors.
// Unlike the decoders' own messages, its errors are for the person who
// wrote the file: each names the line, the key, what was found and what
// is expected, and for an unknown key the nearest valid key and the list of
// valid ones; never a Go type. Every problem is reported, not just the
// first. The caller adds the file name.
//
// A field holding a list of structs (a dossier's panel) has the keys of
// each element checked too. Its `settings` tag names an element in the
// messages: "panel member" gives "panel member 2 (A. Martin)", with the
// element's name key when it has one.
func Decode(data []byte, isJSON bool, dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		panic("settings: Decode needs a pointer to a struct")
	}
	tag := "yaml"
	if isJSON {
		tag = "json"
	}
	fields, names := settingsFields(v.Elem(), tag)
	s := &settingsDecoder{data: data, fields: fields, names: names}
	if isJSON {
		s.decodeJSON()
	} else {
		s.decodeYAML()
	}
	return errors.Join(s.errs...)
}

// settingsFields maps each key of a struct to its field, and lists the keys
// in declaration order.
func settingsFields(v reflect.Value, tag string) (map[string]field, []string) {
	fields := map[string]field{}
	var names []string
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get(tag), ",")
		if name == "" || name == "-" || !t.Field(i).IsExported() {
			continue
		}
		f := field{Value: v.Field(i)}
		if et := t.Field(i).Type; et.Kind() == reflect.Slice && et.Elem().Kind() == reflect.Struct {
			_, f.itemKeys = settingsFields(reflect.New(et.Elem()).Elem(), tag)
			f.item = t.Field(i).Tag.Get("settings")
			if f.item == "" {
				f.item = name + " item"
			}
		}
		fields[name] = f
		names = append(names, name)
	}
	return fields, names
}

// field is the field of a key. A field holding a list of structs has the
// keys of its elements and what an element is called in messages.
type field struct {
	reflect.Value
	itemKeys []string
	item     string
}

type settingsDecoder struct {
	data   []byte
	fields map[string]field
	names  []string
	errs   []error
}

func (s *settingsDecoder) fail(line int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if line > 0 {
		msg = fmt.Sprintf("line %d: %s", line, msg)
	}
	s.errs = append(s.errs, errors.New(msg))
}

// unknownKey reports a key the struct lacks.
func (s *settingsDecoder) unknownKey(line int, key string) { s.unknownIn(line, "", key, s.names) }

// unknownIn reports a key that is not one of valid, in what ("" for the
// file itself, else an element of a list).
func (s *settingsDecoder) unknownIn(line int, what, key string, valid []string) {
	hint := ""
	if near := Suggest(key, valid); near != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", near)
	}
	if what != "" {
		what += ": "
	}
	s.fail(line, "%sunknown key %q%s; the valid keys are %s", what, key, hint, strings.Join(valid, ", "))
}

// itemName is how messages call element n (from 0) of a list, with its
// name when it has one: "panel member 2 (A. Martin)".
func itemName(f field, n int, name string) string {
	who := fmt.Sprintf("%s %d", f.item, n+1)
	if name = strings.TrimSpace(name); name != "" {
		who += " (" + name + ")"
	}
	return who
}

// yamlItems reports the keys of the elements of a list of structs that
// the struct lacks.
func (s *settingsDecoder) yamlItems(f field, val *yaml.Node) {
	if f.itemKeys == nil || val.Kind != yaml.SequenceNode {
		return
	}
	for n, item := range val.Content {
		if item.Kind != yaml.MappingNode {
			continue // the decoder reports it
		}
		name := ""
		for k := 0; k+1 < len(item.Content); k += 2 {
			if key, v := item.Content[k], item.Content[k+1]; key.Value == "name" && v.Kind == yaml.ScalarNode {
				name = v.Value
			}
		}
		for k := 0; k+1 < len(item.Content); k += 2 {
			key := item.Content[k]
			if key.Tag == "!!merge" {
				continue // "<<: *alias" brings keys from elsewhere; the decoder resolves it
			}
			if !slices.Contains(f.itemKeys, key.Value) {
				s.unknownIn(key.Line, itemName(f, n, name), key.Value, f.itemKeys)
			}
		}
	}
}

// jsonItems is yamlItems for a JSON value starting at offset base. It
// walks the tokens to keep each key's line.
func (s *settingsDecoder) jsonItems(f field, raw json.RawMessage, base int) {
	if f.itemKeys == nil {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return // the decoder reports it
	}
	for n := 0; dec.More(); n++ {
		var item json.RawMessage
		if dec.Decode(&item) != nil {
			return
		}
		// The keys are reported once the element's name is known, which
		// may come after them.
		type keyAt struct {
			key  string
			line int
		}
		var keys []keyAt
		name := ""
		idec := json.NewDecoder(bytes.NewReader(item))
		if tok, err := idec.Token(); err != nil || tok != json.Delim('{') {
			continue
		}
		start := int(dec.InputOffset()) - len(item)
		for idec.More() {
			tok, err := idec.Token()
			key, ok := tok.(string)
			if err != nil || !ok {
				break
			}
			keys = append(keys, keyAt{key, s.line(base + start + int(idec.InputOffset()))})
			var v json.RawMessage
			if idec.Decode(&v) != nil {
				break
			}
			if key == "name" {
				_ = json.Unmarshal(v, &name) // not text: the decoder reports it
			}
		}
		for _, k := range keys {
			if !slices.Contains(f.itemKeys, k.key) {
				s.unknownIn(k.line, itemName(f, n, name), k.key, f.itemKeys)
			}
		}
	}
}

func (s *settingsDecoder) decodeYAML() {
	var doc yaml.Node
	if err := yaml.Unmarshal(s.data, &doc); err != nil {
		s.errs = append(s.errs, errors.New(strings.TrimPrefix(err.Error(), "yaml: ")))
		return
	}
	if len(doc.Content) == 0 {
		return // an empty file: every key is missing, which the caller reports
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		s.fail(root.Line, "the file must hold keys and values (key: value), one a line; it holds %s", yamlKind(root.Tag))
		return
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, val := root.Content[i], root.Content[i+1]
		f, ok := s.fields[k.Value]
		if !ok {
			s.unknownKey(k.Line, k.Value)
			continue
		}
		s.yamlItems(f, val)
		if !s.yamlWholeNumbers(k.Value, val, f.Type()) {
			continue
		}
		if err := val.Decode(f.Addr().Interface()); err != nil {
			s.yamlTypeError(k.Value, err)
		}
	}
}

// yamlWholeNumbers reports a number with decimals where a whole number
// is expected, which yaml would silently truncate (2.5 read as 2). It
// returns false when it reported one.
func (s *settingsDecoder) yamlWholeNumbers(key string, n *yaml.Node, t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!float" {
			s.fail(n.Line, "%s: %q is a number with decimals where a whole number is expected", key, n.Value)
			return false
		}
	case reflect.Map:
		if n.Kind == yaml.MappingNode {
			ok := true
			for i := 1; i < len(n.Content); i += 2 {
				ok = s.yamlWholeNumbers(key, n.Content[i], t.Elem()) && ok
			}
			return ok
		}
	case reflect.Slice:
		if n.Kind == yaml.SequenceNode {
			ok := true
			for _, c := range n.Content {
				ok = s.yamlWholeNumbers(key, c, t.Elem()) && ok
			}
			return ok
		}
	}
	return true
}

// yamlCannot matches one line of a yaml.TypeError. Workaround: yaml.v3
// gives a type error only as preformatted strings ("line N: cannot
// unmarshal !!tag `value` into Go type"), with no line, tag or type as
// fields, so the text is parsed here and only here; a line of another
// form is reported as yaml wrote it (see yamlTypeError).
var yamlCannot = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")

// yamlTypeError rewrites a decoding error of key's value without the Go
// type names yaml puts in it.
func (s *settingsDecoder) yamlTypeError(key string, err error) {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		s.fail(0, "%s: %s", key, strings.TrimPrefix(err.Error(), "yaml: "))
		return
	}
	for _, e := range te.Errors {
		m := yamlCannot.FindStringSubmatch(e)
		if m == nil {
			s.errs = append(s.errs, fmt.Errorf("%s: %s", key, e))
			continue
		}
		line := 0
		fmt.Sscan(m[1], &line)
		found := yamlKind("!!" + m[2])
		if m[3] != "" && len(m[3]) <= 40 && m[2] != "map" && m[2] != "seq" {
			found = fmt.Sprintf("%q is %s", m[3], found)
		} else {
			found = "the value is " + found
		}
		s.fail(line, "%s: %s where %s is expected", key, found, typeWords(m[4]))
	}
}

func yamlKind(tag string) string {
	switch tag {
	case "!!str":
		return "text"
	case "!!int":
		return "a whole number"
	case "!!float":
		return "a number"
	case "!!bool":
		return "true or false"
	case "!!map":
		return "a list of keys and values"
	case "!!seq":
		return "a list"
	case "!!null":
		return "empty"
	case "!!timestamp":
		return "a date"
	}
	return "a value of another kind"
}

// typeWords says in words what a Go type (as printed in a decoder's
// message) holds.
func typeWords(t string) string {
	switch {
	case strings.HasPrefix(t, "map["):
		_, elem, _ := strings.Cut(t, "]")
		return "a list of keys and values (each value " + strings.TrimPrefix(typeWords(elem), "a ") + ")"
	case strings.HasPrefix(t, "[]"):
		return "a list ([a, b, ...])"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "a whole number"
	case t == "string":
		return "text"
	case t == "bool":
		return "true or false"
	}
	return "a value of another kind"
}

func (s *settingsDecoder) decodeJSON() {
	dec := json.NewDecoder(bytes.NewReader(s.data))
	tok, err := dec.Token()
	if err != nil {
		s.jsonError(0, "", err)
		return
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		s.fail(s.line(int(dec.InputOffset())), "the file must be a JSON object: {\"key\": value, ...}")
		return
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			s.jsonError(0, "", err)
			return
		}
		key, _ := tok.(string)
		keyEnd := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			s.jsonError(0, "", err)
			return
		}
		f, ok := s.fields[key]
		if !ok {
			s.unknownKey(s.line(keyEnd), key)
			continue
		}
		s.jsonItems(f, raw, s.valueStart(keyEnd))
		if err := json.Unmarshal(raw, f.Addr().Interface()); err != nil {
			s.jsonError(s.valueStart(keyEnd), key, err)
		}
	}
	if _, err := dec.Token(); err != nil {
		s.jsonError(0, "", err)
	}
}

// valueStart is the offset of the value that follows a key ending at off.
func (s *settingsDecoder) valueStart(off int) int {
	i := off
	for i < len(s.data) && (s.data[i] == ':' || s.data[i] == ' ' || s.data[i] == '\t' || s.data[i] == '\n' || s.data[i] == '\r') {
		i++
	}
	return i
}

// jsonError rewrites a JSON error: a type error of key's value (starting
// at offset base) in words, a syntax error with its line.
func (s *settingsDecoder) jsonError(base int, key string, err error) {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		where := key
		if te.Field != "" {
			where += "." + te.Field
		}
		s.fail(s.line(base+int(te.Offset)-1), "%s: %s where %s is expected", where, jsonKind(te.Value), typeWords(te.Type.String()))
	case errors.As(err, &se):
		s.fail(s.line(int(se.Offset)), "%s", strings.TrimPrefix(se.Error(), "json: "))
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		s.fail(0, "the file ends before the JSON object is complete")
	default:
		s.fail(0, "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
}

func jsonKind(v string) string {
	switch v {
	case "string":
		return "text"
	case "number":
		return "a number"
	case "bool":
		return "true or false"
	case "object":
		return "an object {...}"
	case "array":
		return "a list [...]"
	}
	if strings.HasPrefix(v, "number ") {
		return v[len("number "):] + " (a number)"
	}
	return "a value of another kind"
}

// line is the 1-based line of a byte offset.
func (s *settingsDecoder) line(off int) int {
	off = min(max(off, 0), len(s.data))
	return bytes.Count(s.data[:off], []byte("\n")) + 1
}
