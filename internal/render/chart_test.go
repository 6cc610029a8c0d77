package render

import (
	"fmt"
	"html/template"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
)

func signalFront(t *testing.T, fields string) *document.Front {
	t.Helper()
	src := "---\ntitle: S\nmeasures: [d]\n" + fields + "---\n"
	d := document.Parse(markdown.New(markdown.Options{}), "content/signals/s.md", "signals/s.md", []byte(src))
	if len(d.Diags) != 0 {
		t.Fatalf("diagnostics: %v", d.Diags)
	}
	return d.Front
}

// TestSignalChart checks what the chart draws: a point with a title per
// reading, the baseline, target and target date, the trend only when the
// progress has one, text escaped, and no coordinate that is not a number.
func TestSignalChart(t *testing.T) {
	history := "history:\n  - {date: 2026-01-01, value: 10, note: \"<b>start</b>\"}\n  - {date: 2026-02-01, value: 12}\n  - {date: 2026-03-01, value: 14}\n"
	tests := []struct {
		name, fields string
		points       int
		trend        bool
	}{
		{"with a trend", "baseline: 10\ntarget: 20\ntarget_date: 2026-07-01\n" + history, 3, true},
		{"no target date", "baseline: 10\ntarget: 20\n" + history, 3, false},
		{"one reading", "history:\n  - {date: 2026-01-01, value: 10}\n", 1, false},
		{"flat", "history:\n  - {date: 2026-01-01, value: 5}\n  - {date: 2026-02-01, value: 5}\n", 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := signalFront(t, tt.fields)
			_, trend := model.SignalProgress(f)
			svg := string(signalChart("A <signal>", f, trend, false))
			if got := strings.Count(svg, `<circle class="point"`); got != tt.points {
				t.Errorf("got %d points; want %d", got, tt.points)
			}
			if got := strings.Contains(svg, `class="projection"`); got != tt.trend {
				t.Errorf("projection drawn: %v; want %v", got, tt.trend)
			}
			for _, bad := range []string{"NaN", "Inf", "<signal>", "<b>"} {
				if strings.Contains(svg, bad) {
					t.Errorf("chart holds %q:\n%s", bad, svg)
				}
			}
			if f.Baseline != nil && !strings.Contains(svg, `class="baseline"`) {
				t.Errorf("no baseline line")
			}
			if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, `<desc id="chart-desc">`) {
				t.Errorf("chart has no text alternative")
			}
		})
	}
	if got := signalChart("S", signalFront(t, "baseline: 1\n"), nil, false); got != "" {
		t.Errorf("no readings: got %q; want no chart", got)
	}
}

// TestSparkline checks the small line: none under two readings, and a
// label that says the progress in words.
func TestSparkline(t *testing.T) {
	for n := range 4 {
		var b strings.Builder
		if n > 0 {
			b.WriteString("history:\n")
		}
		for i := range n {
			fmt.Fprintf(&b, "  - {date: 2026-0%d-01, value: %d}\n", i+1, 14-i)
		}
		f := signalFront(t, "baseline: 12\ntarget: 5\nbetter: down\n"+b.String())
		p, _ := model.SignalProgress(f)
		got := string(sparkline(f, p))
		if (got != "") != (n >= 2) {
			t.Errorf("%d readings: got %q; want a sparkline only from two readings", n, got)
		}
		if n >= 2 && !strings.Contains(got, `aria-label="`+fmt.Sprint(n)+` readings, from 14 to `) {
			t.Errorf("%d readings: label missing in %q", n, got)
		}
	}
}

// TestReadingRows checks that the rows drawn in Go are the bytes
// html/template makes of the same rows, for text that needs escaping.
func TestReadingRows(t *testing.T) {
	tpl := template.Must(template.New("rows").Parse(`{{range .}}<tr><td>{{.Date}}</td><td>{{.Value}}</td><td>{{.Note}}</td></tr>{{end}}`))
	cases := []struct {
		name string
		rows []ReadingRow
	}{
		{"none", nil},
		{"plain", []ReadingRow{{"1 Jan 2026", "12", "launch"}, {"2 Jan 2026", "-3.5", ""}}},
		{"markup", []ReadingRow{{"1 Jan 2026", "1", `<script>alert("x")</script> & 'y'`}}},
		{"signs and nul", []ReadingRow{{"1 Jan 2026", "+4", "a+b \x00 c"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var want strings.Builder
			if err := tpl.Execute(&want, c.rows); err != nil {
				t.Fatal(err)
			}
			if got := string(readingRows(c.rows)); got != want.String() {
				t.Errorf("readingRows = %q; html/template makes %q", got, want.String())
			}
		})
	}
}
