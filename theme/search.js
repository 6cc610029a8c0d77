// Bearing search: loads the search index once and filters it as you type.
// Results are built with DOM methods and textContent, never innerHTML, so
// nothing in the index can run as markup.
//
// Over http the index is fetched as search-index.json. A page opened from
// disk (file://) may not fetch, so a site built with relative URLs also
// has search-index.js, which this script loads with a <script> element;
// where even that is refused, the status line says so.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list) return;
  var index = null;
  var indexURL = new URL(input.getAttribute("data-index"), location.href);

  function fromScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = function () {
        if (window.bearingSearchIndex) resolve(window.bearingSearchIndex);
        else reject(new Error("the index script held no index"));
      };
      s.onerror = function () { reject(new Error("the browser refused the index script")); };
      document.head.appendChild(s);
    });
  }

  function load() {
    if (index) return Promise.resolve(index);
    var script = input.getAttribute("data-script");
    var p;
    if (location.protocol === "file:") {
      if (!script) return Promise.reject(new Error("This site was built without --relative-urls: opened from disk, search cannot read its index. Build it with --relative-urls, or serve the folder over http."));
      p = fromScript(new URL(script, location.href).href);
    } else {
      p = fetch(indexURL.href).then(function (r) {
        if (!r.ok) throw new Error("The search index could not be loaded (" + r.status + ").");
        return r.json();
      });
    }
    return p.then(function (data) { index = data; return data; });
  }

  // fieldsOf lists an entry's searchable texts as [label, text], in the
  // order a result prefers to show them.
  function fieldsOf(e) {
    var out = [];
    if (e.summary) out.push(["Summary", e.summary]);
    (e.fields || []).forEach(function (f) { out.push(f); });
    if (e.tags && e.tags.length) out.push(["Tags", e.tags.join(", ")]);
    if (e.text) out.push(["", e.text]);
    return out;
  }

  function score(e, terms) {
    var title = e.title.toLowerCase();
    var fields = fieldsOf(e);
    var s = 0;
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i], hit = 0;
      if (title.indexOf(t) >= 0) hit = 10;
      for (var k = 0; k < fields.length && hit < 3; k++) {
        if (fields[k][1].toLowerCase().indexOf(t) >= 0) hit = Math.max(hit, fields[k][0] ? 3 : 1);
      }
      if (!hit) return 0;
      s += hit;
    }
    return s;
  }

  // snippet is the part of text around the first of terms found in it,
  // cut at words, with ellipses where it was cut.
  function snippet(text, terms) {
    var low = text.toLowerCase(), at = -1;
    for (var i = 0; i < terms.length && at < 0; i++) at = low.indexOf(terms[i]);
    var from = Math.max(0, at - 60);
    if (from > 0) { var sp = text.indexOf(" ", from); if (sp >= 0 && sp < at) from = sp + 1; }
    var to = Math.min(text.length, from + 180);
    if (to < text.length) { var sp2 = text.lastIndexOf(" ", to); if (sp2 > Math.max(at, from)) to = sp2; }
    return (from > 0 ? "…" : "") + text.slice(from, to) + (to < text.length ? "…" : "");
  }

  // best picks the field a result shows: the first that holds a term,
  // else the summary or the start of the text.
  function best(e, terms) {
    var fields = fieldsOf(e);
    for (var k = 0; k < fields.length; k++) {
      var low = fields[k][1].toLowerCase();
      for (var i = 0; i < terms.length; i++) {
        if (low.indexOf(terms[i]) >= 0) return [fields[k][0], snippet(fields[k][1], terms)];
      }
    }
    return fields.length ? [fields[0][0], snippet(fields[0][1], [])] : ["", ""];
  }

  function show(q) {
    var terms = q.toLowerCase().split(/\s+/).filter(Boolean);
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!terms.length) { status.textContent = "Type to search."; return; }
    load().then(function (entries) {
      var hits = entries
        .map(function (e) { return { e: e, s: score(e, terms) }; })
        .filter(function (h) { return h.s > 0; })
        .sort(function (a, b) { return b.s - a.s || a.e.title.localeCompare(b.e.title); })
        .slice(0, 50);
      status.textContent = hits.length ? hits.length + (hits.length === 1 ? " result" : " results") : "No results.";
      hits.forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = new URL(h.e.url, indexURL).href;
        a.textContent = h.e.title;
        li.appendChild(a);
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = h.e.kind;
        li.appendChild(kind);
        var found = best(h.e, terms);
        var p = document.createElement("p");
        if (found[0]) {
          var label = document.createElement("span");
          label.className = "field";
          label.textContent = found[0] + ": ";
          p.appendChild(label);
        }
        p.appendChild(document.createTextNode(found[1]));
        li.appendChild(p);
        list.appendChild(li);
      });
    }).catch(function (err) { status.textContent = err && err.message ? err.message : "The search index could not be loaded."; });
  }

  input.addEventListener("input", function () { show(input.value); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; show(q); }
})();
