package render

import "testing"

func TestWorstSeverity(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []string
		want string
	}{
		{"none", nil, ""},
		{"warnings only", []string{"warning", "warning"}, "warning"},
		{"an error last", []string{"warning", "error"}, "error"},
		{"an error first", []string{"error", "warning"}, "error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fs []Finding
			for _, s := range tc.in {
				fs = append(fs, Finding{Severity: s})
			}
			if got := worstSeverity(fs); got != tc.want {
				t.Errorf("worstSeverity(%v): got %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestEditURL(t *testing.T) {
	for _, tc := range []struct {
		pattern, path, want string
	}{
		{"", "content/directions/a.md", ""},
		{"https://github.com/o/r/edit/main/{path}", "content/directions/a.md", "https://github.com/o/r/edit/main/content/directions/a.md"},
		{"https://github.com/o/r/edit/main/{path}", "content/about/our story #1.md", "https://github.com/o/r/edit/main/content/about/our%20story%20%231.md"},
		{"https://git.example.org/{path}?mode=edit&file={path}", "content/x.md", "https://git.example.org/content/x.md?mode=edit&file=content/x.md"},
	} {
		if got := editURL(tc.pattern, tc.path); got != tc.want {
			t.Errorf("editURL(%q, %q): got %q; want %q", tc.pattern, tc.path, got, tc.want)
		}
	}
}
