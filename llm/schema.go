package llm

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Schema is the JSON schema of a Go struct that a model must fill. It is
// derived by reflection so the struct a caller decodes into and the schema
// the model is held to can never drift apart.
//
// Field tags: `json:"name"` names the field (omitempty makes it optional),
// `desc:"..."` describes it to the model, `enum:"a,b,c"` restricts a string
// (or the strings of a list) to fixed values.
type Schema struct {
	Type        string
	Description string
	Enum        []string
	Properties  map[string]*Schema
	// Order keeps the struct's field order, so the schema reads naturally.
	Order    []string
	Required []string
	Items    *Schema
}

// SchemaFor derives the schema of v, which must be a struct or a pointer to
// one.
func SchemaFor(v any) (*Schema, error) {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("derive schema: %T is not a struct", v)
	}
	return schemaOf(t, "", nil, 0)
}

func schemaOf(t reflect.Type, desc string, enum []string, depth int) (*Schema, error) {
	if depth > 8 {
		return nil, errors.New("derive schema: type nests too deeply")
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	s := &Schema{Description: desc}
	switch t.Kind() {
	case reflect.String:
		s.Type = "string"
		s.Enum = enum
	case reflect.Bool:
		s.Type = "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s.Type = "integer"
	case reflect.Float32, reflect.Float64:
		s.Type = "number"
	case reflect.Slice, reflect.Array:
		s.Type = "array"
		items, err := schemaOf(t.Elem(), "", enum, depth+1)
		if err != nil {
			return nil, err
		}
		s.Items = items
	case reflect.Struct:
		s.Type = "object"
		s.Properties = make(map[string]*Schema)
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			var fenum []string
			if e := f.Tag.Get("enum"); e != "" {
				fenum = strings.Split(e, ",")
			}
			fs, err := schemaOf(f.Type, f.Tag.Get("desc"), fenum, depth+1)
			if err != nil {
				return nil, fmt.Errorf("field %s: %w", f.Name, err)
			}
			s.Properties[name] = fs
			s.Order = append(s.Order, name)
			if !strings.Contains(opts, "omitempty") {
				s.Required = append(s.Required, name)
			}
		}
	default:
		return nil, fmt.Errorf("derive schema: unsupported kind %s", t.Kind())
	}
	return s, nil
}

// MarshalJSON writes the standard JSON-schema form. Objects forbid
// additional properties: a reply carrying a field the struct does not have
// ("role", "send_to") is invalid, not silently accepted.
func (s *Schema) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	s.write(&b)
	return []byte(b.String()), nil
}

func (s *Schema) write(b *strings.Builder) {
	q := func(v string) string { out, _ := json.Marshal(v); return string(out) }
	b.WriteString(`{"type":` + q(s.Type))
	if s.Description != "" {
		b.WriteString(`,"description":` + q(s.Description))
	}
	if len(s.Enum) > 0 {
		out, _ := json.Marshal(s.Enum)
		b.WriteString(`,"enum":` + string(out))
	}
	if s.Items != nil {
		b.WriteString(`,"items":`)
		s.Items.write(b)
	}
	if s.Type == "object" {
		b.WriteString(`,"properties":{`)
		for i, name := range s.order() {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(q(name) + ":")
			s.Properties[name].write(b)
		}
		b.WriteString(`}`)
		req, _ := json.Marshal(append([]string{}, s.Required...))
		b.WriteString(`,"required":` + string(req))
		b.WriteString(`,"additionalProperties":false`)
	}
	b.WriteByte('}')
}

func (s *Schema) order() []string {
	if len(s.Order) == len(s.Properties) {
		return s.Order
	}
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Validate checks a decoded JSON value (from a decoder with UseNumber)
// against the schema: types, required fields, enums, and no extra fields.
func (s *Schema) Validate(v any) error { return s.validate(v, "$") }

func (s *Schema) validate(v any, path string) error {
	switch s.Type {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %s", path, jsonKind(v))
		}
		for _, name := range s.Required {
			if _, ok := obj[name]; !ok {
				return fmt.Errorf("%s: required field %q is missing", path, name)
			}
		}
		extra := make([]string, 0)
		for name := range obj {
			if _, ok := s.Properties[name]; !ok {
				extra = append(extra, name)
			}
		}
		if len(extra) > 0 {
			sort.Strings(extra)
			return fmt.Errorf("%s: fields not in the schema: %s", path, strings.Join(extra, ", "))
		}
		for _, name := range s.order() {
			val, ok := obj[name]
			if !ok {
				continue
			}
			if err := s.Properties[name].validate(val, path+"."+name); err != nil {
				return err
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: want a list, got %s", path, jsonKind(v))
		}
		for i, item := range arr {
			if err := s.Items.validate(item, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: want a string, got %s", path, jsonKind(v))
		}
		if len(s.Enum) > 0 && !contains(s.Enum, str) {
			return fmt.Errorf("%s: %q is not one of %s", path, str, strings.Join(s.Enum, ", "))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: want true or false, got %s", path, jsonKind(v))
		}
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return fmt.Errorf("%s: want an integer, got %s", path, jsonKind(v))
		}
		if _, err := n.Int64(); err != nil {
			return fmt.Errorf("%s: want an integer, got %s", path, n)
		}
	case "number":
		n, ok := v.(json.Number)
		if !ok {
			return fmt.Errorf("%s: want a number, got %s", path, jsonKind(v))
		}
		if _, err := n.Float64(); err != nil {
			return fmt.Errorf("%s: want a number, got %s", path, n)
		}
	}
	return nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// decodeReply finds the JSON object in a model's reply (models sometimes wrap
// it in a markdown fence or a sentence), checks it against the schema and
// decodes it into out.
func decodeReply(reply string, s *Schema, out any) error {
	body := strings.TrimSpace(reply)
	if i := strings.IndexByte(body, '{'); i >= 0 && !strings.HasPrefix(body, "[") {
		if j := strings.LastIndexByte(body, '}'); j > i {
			body = body[i : j+1]
		}
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("reply is not valid JSON: %w", err)
	}
	if dec.More() {
		return errors.New("reply has more than one JSON value")
	}
	if err := s.Validate(v); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(body), out); err != nil {
		return fmt.Errorf("decode reply: %w", err)
	}
	return nil
}
