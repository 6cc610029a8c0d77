package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// object is a JSON object that keeps its keys in the order written, so the
// printed schema reads top-down ("$schema" first, a field's description
// before its type) and is the same on every run.
type object []member

type member struct {
	key string
	val any
}

// write appends v as indented JSON. Values are object, []any, string,
// bool, int and nil: the schema is built from nothing else.
func write(b *bytes.Buffer, v any, indent string) {
	switch v := v.(type) {
	case object:
		if len(v) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, m := range v {
			b.WriteString(indent + "  ")
			writeString(b, m.key)
			b.WriteString(": ")
			write(b, m.val, indent+"  ")
			if i < len(v)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "}")
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return
		}
		// Lists of scalars (types, enums, required) stay on one line.
		scalars := true
		for _, e := range v {
			switch e.(type) {
			case object, []any:
				scalars = false
			}
		}
		if scalars {
			b.WriteByte('[')
			for i, e := range v {
				if i > 0 {
					b.WriteString(", ")
				}
				write(b, e, indent)
			}
			b.WriteByte(']')
			return
		}
		b.WriteString("[\n")
		for i, e := range v {
			b.WriteString(indent + "  ")
			write(b, e, indent+"  ")
			if i < len(v)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "]")
	case string:
		writeString(b, v)
	case bool, int, nil:
		fmt.Fprint(b, jsonScalar(v))
	default:
		panic(fmt.Sprintf("schema: cannot write %T", v))
	}
}

func jsonScalar(v any) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(v)
}

// writeString writes a JSON string without escaping <, > and &, which
// encoding/json escapes for HTML's sake and a schema need not.
func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err) // a Go string always encodes
	}
	b.Truncate(b.Len() - 1) // Encode's newline
}
