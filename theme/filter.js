// Bearing list filters: shows the initiatives' filters and hides the rows
// that do not match them. Without this script the page lists everything,
// and the filters, which would do nothing, stay hidden.
//
// Each <select data-filter="NAME"> matches the rows' data-NAME attribute;
// a direction left without a matching row is hidden with its heading.
// The choice is kept in the address (?status=active&owner=...), so a
// filtered list can be shared or bookmarked.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-id]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".work-group"));
  var status = document.getElementById("filter-status");

  function count(rs) {
    var ids = {};
    rs.forEach(function (r) { ids[r.getAttribute("data-id")] = true; });
    return Object.keys(ids).length;
  }

  function apply(keep) {
    var want = {};
    selects.forEach(function (s) {
      if (s.value) want[s.getAttribute("data-filter")] = s.value;
    });
    var names = Object.keys(want);
    var shown = rows.filter(function (r) {
      var ok = names.every(function (k) { return r.getAttribute("data-" + k) === want[k]; });
      r.hidden = !ok;
      return ok;
    });
    groups.forEach(function (g) {
      g.hidden = names.length > 0 && !g.querySelector("tr[data-id]:not([hidden])");
    });
    var total = count(rows);
    status.textContent = names.length === 0
      ? "Showing all " + total + " initiatives."
      : "Showing " + count(shown) + " of " + total + " initiatives.";
    if (keep) {
      var q = new URLSearchParams();
      names.forEach(function (k) { q.set(k, want[k]); });
      var s = q.toString();
      try {
        history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
      } catch (e) {
        // Some browsers refuse to rewrite a file:// address; the filter
        // still works.
      }
    }
  }

  var q = new URLSearchParams(location.search);
  selects.forEach(function (s) {
    var v = q.get(s.getAttribute("data-filter"));
    if (v && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) s.value = v;
  });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () {
    // The form resets its controls after this event; filter after that.
    setTimeout(function () { apply(true); }, 0);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  apply(false);
})();
