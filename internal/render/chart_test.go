package render

import (
	"fmt"
	"html/template"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

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

// TestAppendRounded checks appendRounded against strconv, which it
// replaces, at both scales: on edge values and on a million values of
// every magnitude.
func TestAppendRounded(t *testing.T) {
	values := []float64{0, math.Copysign(0, -1), 0.04, -0.04, 0.05, -0.05, 0.004, -0.004, 0.005, -0.005, 0.15, 0.25, 2.675, 1.005,
		12.3, -12.3, 0.1 + 0.2, 99.99, 99.995, 1e14 - 0.1, 1e14, 1e15 - 1, 1e15, 1e16, 123456789012.345, -987654321.987,
		math.SmallestNonzeroFloat64, math.MaxFloat64, -math.MaxFloat64, math.NaN(), math.Inf(1), math.Inf(-1)}
	rng := rand.New(rand.NewPCG(14, 24))
	for range 1_000_000 {
		x := math.Pow(10, rng.Float64()*19-3) * rng.Float64()
		if rng.IntN(2) == 0 {
			x = -x
		}
		values = append(values, x)
	}
	for _, scale := range []int64{10, 100} {
		for _, x := range values {
			want := strconv.FormatFloat(math.Round(x*float64(scale))/float64(scale), 'f', -1, 64)
			if got := string(appendRounded([]byte("<"), x, scale)); got != "<"+want {
				t.Fatalf("appendRounded(%v, %d) = %q; want %q", x, scale, got, "<"+want)
			}
		}
	}
}

// TestAppendDateOnly checks appendDateOnly against AppendFormat, in and
// out of the years it writes itself, and in another zone than UTC.
func TestAppendDateOnly(t *testing.T) {
	zone := time.FixedZone("far", 13*3600)
	dates := []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(999, 9, 9, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 23, 59, 59, 0, zone),
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), {},
	}
	rng := rand.New(rand.NewPCG(14, 24))
	for range 10_000 {
		dates = append(dates, time.Unix(rng.Int64N(400*365*86400)-100*365*86400, 0).In(zone))
	}
	for _, d := range dates {
		if got, want := string(appendDateOnly([]byte("<"), d)), "<"+d.Format(time.DateOnly); got != want {
			t.Fatalf("appendDateOnly(%v) = %q; want %q", d, got, want)
		}
	}
}
