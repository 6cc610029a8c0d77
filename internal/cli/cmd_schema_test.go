package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSchema(t *testing.T) {
	out, errOut, code := invoke(t, "schema")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, %s", code, errOut)
	}
	var all map[string]any
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if defs, _ := all["$defs"].(map[string]any); len(defs) != 6 {
		t.Errorf("$defs has %d entries; want the 5 kinds and any", len(defs))
	}
	out, _, code = invoke(t, "schema", "--kind", "direction")
	var one map[string]any
	if err := json.Unmarshal([]byte(out), &one); code != 0 || err != nil {
		t.Fatalf("--kind direction: exit %d, %v", code, err)
	}
	if one["$schema"] != "https://json-schema.org/draft/2020-12/schema" || one["title"] != "Bearing direction frontmatter" {
		t.Errorf("--kind direction: $schema %v, title %v", one["$schema"], one["title"])
	}
	_, errOut, code = invoke(t, "schema", "--kind", "directions")
	if code != ExitUsage || !strings.Contains(errOut, `did you mean "direction"?`) {
		t.Errorf("--kind directions: exit %d, %q", code, errOut)
	}
	if _, _, code := invoke(t, "schema", "extra"); code != ExitUsage {
		t.Errorf("stray argument: exit %d; want 2", code)
	}
}
