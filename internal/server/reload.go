package server

// reloadJS is the live-reload client. It listens to the event stream,
// reloads the page after a new build is in place, swaps stylesheets on a
// CSS-only change, and draws the diagnostics overlay of a broken edit with
// DOM methods and textContent only.
const reloadJS = `(function () {
  "use strict";
  var build = null, overlay = null;
  function hideOverlay() { if (overlay) { overlay.remove(); overlay = null; } }
  function showOverlay(diags) {
    hideOverlay();
    overlay = document.createElement("div");
    overlay.id = "bearing-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#2b0d0d;color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:16px 20px;" +
      "border-top:4px solid #ff6b6b;box-shadow:0 -4px 24px rgba(0,0,0,.4)";
    var h = document.createElement("strong");
    h.textContent = "Bearing: the last edit has errors; showing the last good build.";
    overlay.appendChild(h);
    var ul = document.createElement("ul");
    ul.style.cssText = "margin:8px 0 0;padding-left:20px";
    diags.forEach(function (d) {
      var li = document.createElement("li");
      li.className = "bearing-diagnostic";
      li.textContent = d.file + ":" + d.line + ":" + d.column + ": " + d.message + " [" + d.rule + "]";
      ul.appendChild(li);
    });
    overlay.appendChild(ul);
    document.body.appendChild(overlay);
  }
  function swapCSS() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    links.forEach(function (l) {
      var u = new URL(l.href);
      u.searchParams.set("bearing", Date.now());
      var n = l.cloneNode();
      n.href = u.toString();
      n.onload = function () { l.remove(); };
      l.after(n);
    });
  }
  function connect() {
    var es = new EventSource("` + EventsPath + `");
    es.addEventListener("hello", function (e) {
      var d = JSON.parse(e.data);
      if (build !== null && d.build !== build) { location.reload(); return; }
      build = d.build;
      if (d.errors && d.errors.length) showOverlay(d.errors); else hideOverlay();
    });
    es.addEventListener("reload", function (e) {
      var d = JSON.parse(e.data);
      build = d.build;
      location.reload();
    });
    es.addEventListener("css", function (e) {
      var d = JSON.parse(e.data);
      build = d.build;
      hideOverlay();
      swapCSS();
    });
    es.addEventListener("errors", function (e) {
      var d = JSON.parse(e.data);
      showOverlay(d.errors || []);
    });
  }
  connect();
})();
`
