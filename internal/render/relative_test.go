package render

import "testing"

func TestRelativize(t *testing.T) {
	for _, tc := range []struct {
		name, page, in, want string
	}{
		{"root page", "index.html", `<a href="/directions/">x</a>`, `<a href="directions/index.html">x</a>`},
		{"two down", "directions/x/index.html", `<a href="/">map</a><link href="/theme/style.css?v=1">`,
			`<a href="../../index.html">map</a><link href="../../theme/style.css?v=1">`},
		{"fragment and query", "a/index.html", `<a href="/b/#h">b</a><form action="/search/?q=1">`,
			`<a href="../b/index.html#h">b</a><form action="../search/index.html?q=1">`},
		{"data attributes", "search/index.html", `<input data-index="/search-index.json" data-script="/search-index.js">`,
			`<input data-index="../search-index.json" data-script="../search-index.js">`},
		{"svg link", "index.html", `<svg><a href="/signals/s/" class="node">`, `<svg><a href="signals/s/index.html" class="node">`},
		{"external and protocol-relative kept", "a/index.html", `<a href="https://x.org/">x</a><img src="//cdn/x.png">`, ""},
		{"other attributes kept", "a/index.html", `<p title="/not/a/link">x</p><a xhref="/y">`, ""},
		// Text is escaped by the renderer: a quote in prose is &#34;.
		{"text kept", "a/index.html", `<p>see href=&#34;/x&#34; and <code>src=&#34;/y&#34;</code></p>`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := relativize([]byte(tc.in), tc.page)
			if tc.want == "" {
				if got != nil {
					t.Errorf("got %q; want nil (nothing to rewrite)", got)
				}
				return
			}
			if string(got) != tc.want {
				t.Errorf("got %q; want %q", got, tc.want)
			}
		})
	}
}

func TestOwnerSlug(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Maya Okafor", "maya-okafor"},
		{"Tomás Ibarra", "tomás-ibarra"},
		{"  R&D / Platform ", "r-d-platform"},
		{"!!!", "owner"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := ownerSlug(tc.in); got != tc.want {
				t.Errorf("ownerSlug(%q): got %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}
