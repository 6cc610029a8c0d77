package server

// reloadJS is the live-reload client. It listens to the event stream,
// shows the new build of the page once it is in place, swaps stylesheets
// on a CSS-only change, and draws the overlay of a playbook with errors
// (the heading the server sends and the diagnostics) with DOM methods and
// textContent only.
const reloadJS = `(function () {
  "use strict";
  // problems is what the overlay shows, {heading, errors}, or null.
  var build = null, overlay = null, problems = null;
  // The page names the build it comes from: if a newer one landed before
  // the event stream connected, the first event says so and the page
  // reloads.
  if (document.currentScript) {
    build = new URL(document.currentScript.src).searchParams.get("build") || null;
  }
  function hideOverlay() { if (overlay) { overlay.remove(); overlay = null; } }
  function setProblems(d) {
    problems = d.errors && d.errors.length ? d : null;
  }
  function showProblems() {
    if (problems) showOverlay(problems); else hideOverlay();
  }
  function showOverlay(p) {
    hideOverlay();
    overlay = document.createElement("div");
    overlay.id = "bearing-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#2b0d0d;color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:16px 20px;" +
      "border-top:4px solid #ff6b6b;box-shadow:0 -4px 24px rgba(0,0,0,.4)";
    var h = document.createElement("strong");
    h.textContent = "Bearing: " + (p.heading || "the playbook has errors.");
    overlay.appendChild(h);
    var ul = document.createElement("ul");
    ul.style.cssText = "margin:8px 0 0;padding-left:20px";
    (p.errors || []).forEach(function (d) {
      var li = document.createElement("li");
      li.className = "bearing-diagnostic";
      var where = d.file ? d.file + (d.line ? ":" + d.line + ":" + d.column : "") + ": " : "";
      li.textContent = where + d.message + (d.rule ? " [" + d.rule + "]" : "");
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
  // reloadPage shows the new build of the page. A page without scripts of
  // its own is fetched again and put in place of the old one, stylesheets
  // kept: faster than a reload and the scroll position stays. Anything
  // else (a page with scripts, a page gone or moved, other stylesheets)
  // is reloaded.
  var seq = 0;
  function sheets(doc) {
    return Array.prototype.map.call(doc.querySelectorAll('link[rel="stylesheet"]'), function (l) {
      return new URL(l.getAttribute("href"), location.href).pathname;
    }).join(" ");
  }
  function ownScripts(doc) {
    return Array.prototype.some.call(doc.querySelectorAll("script"), function (s) {
      return !s.getAttribute("src") || new URL(s.getAttribute("src"), location.href).pathname !== "` + ScriptPath + `";
    });
  }
  function reloadPage() {
    var mine = ++seq;
    if (ownScripts(document)) { location.reload(); return; }
    fetch(location.href, {cache: "no-store"}).then(function (r) {
      if (!r.ok || r.redirected || (r.headers.get("Content-Type") || "").indexOf("text/html") !== 0) throw new Error("reload");
      return r.text();
    }).then(function (text) {
      if (mine !== seq) return; // a newer build is on its way
      var next = new DOMParser().parseFromString(text, "text/html");
      if (ownScripts(next) || sheets(next) !== sheets(document)) throw new Error("reload");
      var x = window.scrollX, y = window.scrollY, head = document.head;
      var anchor = head.querySelector('link[rel="stylesheet"]'), after = false;
      Array.prototype.slice.call(head.childNodes).forEach(function (n) {
        if (!(n.nodeType === 1 && n.matches('link[rel="stylesheet"]'))) n.remove();
      });
      Array.prototype.slice.call(next.head.childNodes).forEach(function (n) {
        if (n.nodeType === 1 && n.matches('link[rel="stylesheet"]')) { after = true; return; }
        var c = document.importNode(n, true);
        if (after || !anchor) head.appendChild(c); else head.insertBefore(c, anchor);
      });
      Array.prototype.slice.call(document.documentElement.attributes).forEach(function (a) {
        if (!next.documentElement.hasAttribute(a.name)) document.documentElement.removeAttribute(a.name);
      });
      Array.prototype.forEach.call(next.documentElement.attributes, function (a) {
        document.documentElement.setAttribute(a.name, a.value);
      });
      // Scripts parsed by DOMParser never run, so the imported copy of this
      // one stays inert.
      document.body.replaceWith(document.importNode(next.body, true));
      overlay = null;
      if (problems) showOverlay(problems);
      window.scrollTo(x, y);
    }).catch(function () {
      if (mine === seq) location.reload();
    });
  }
  function connect() {
    var es = new EventSource("` + EventsPath + `");
    es.addEventListener("hello", function (e) {
      var d = JSON.parse(e.data);
      if (build !== null && d.build !== build) { location.reload(); return; }
      build = d.build;
      setProblems(d);
      showProblems();
    });
    es.addEventListener("reload", function (e) {
      var d = JSON.parse(e.data);
      build = d.build;
      setProblems(d);
      reloadPage();
    });
    es.addEventListener("css", function (e) {
      var d = JSON.parse(e.data);
      build = d.build;
      setProblems(d);
      showProblems();
      swapCSS();
    });
    es.addEventListener("errors", function (e) {
      setProblems(JSON.parse(e.data));
      showProblems();
    });
  }
  connect();
})();
`
