// Bearing search: loads search-index.json once and filters it as you type.
// Results are built with DOM methods and textContent, never innerHTML, so
// nothing in the index can run as markup.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list) return;
  var index = null;

  function load() {
    if (index) return Promise.resolve(index);
    return fetch(input.getAttribute("data-index"))
      .then(function (r) { return r.json(); })
      .then(function (data) { index = data; return data; });
  }

  function score(entry, terms) {
    var title = entry.title.toLowerCase();
    var rest = [entry.summary || "", (entry.tags || []).join(" "), entry.text || ""].join(" ").toLowerCase();
    var s = 0;
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      if (title.indexOf(t) >= 0) s += 10;
      else if (rest.indexOf(t) >= 0) s += 1;
      else return 0;
    }
    return s;
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
      status.textContent = hits.length ? hits.length + " results" : "No results.";
      hits.forEach(function (h) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = h.e.url;
        a.textContent = h.e.title;
        li.appendChild(a);
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = h.e.kind;
        li.appendChild(kind);
        var p = document.createElement("p");
        p.textContent = h.e.summary || (h.e.text || "").slice(0, 160);
        li.appendChild(p);
        list.appendChild(li);
      });
    }).catch(function () { status.textContent = "The search index could not be loaded."; });
  }

  input.addEventListener("input", function () { show(input.value); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; show(q); }
})();
