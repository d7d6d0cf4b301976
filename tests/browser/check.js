/*
 * tests/browser/check.js - appended (in a copy) to a polis html report by
 * tests/browser/run.sh. It inspects the page as Chromium laid it out and
 * writes one line per check into <pre id="polis-verdict">, which the test
 * reads back with --dump-dom. The report itself has no scripts.
 * window.POLIS_EXPECT = { docs: N, stances: true|false } comes first.
 */
(function () {
  var out = [];
  var expect = window.POLIS_EXPECT || {};
  function check(name, ok, detail) {
    out.push((ok ? "ok " : "not ok ") + name + (ok || !detail ? "" : ": " + detail));
  }
  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function visible(el) { var r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; }
  function target(href) { return href && href.charAt(0) === "#" && document.getElementById(href.slice(1)); }

  var sections = all("section.doc");
  check("the page is not empty (taller than 600px)", document.documentElement.scrollHeight > 600,
        "height " + document.documentElement.scrollHeight);
  check("one section per document", sections.length === expect.docs,
        sections.length + " sections, expected " + expect.docs);
  check("every section shows a heading",
        sections.every(function (s) { var h = s.querySelector("h2"); return h && visible(h) && h.textContent.trim(); }));
  check("no horizontal scrolling", document.documentElement.scrollWidth <= window.innerWidth + 1,
        "scrollWidth " + document.documentElement.scrollWidth + " > " + window.innerWidth);

  var actors = all("mark.actor"), places = all("mark.location");
  check("actors are highlighted", actors.length > 0 && actors.every(visible), actors.length + " marks");
  if (expect.stances) {
    check("locations are highlighted", places.length > 0 && places.every(visible), places.length + " marks");
    if (actors.length && places.length) {
      var a1 = document.querySelector("mark.actor:not(.location)"), l1 = document.querySelector("mark.location:not(.actor)");
      var ca = a1 ? getComputedStyle(a1).backgroundColor : "none", cl = l1 ? getComputedStyle(l1).backgroundColor : "none";
      check("actors and locations in different colors", ca !== cl && ca !== "rgba(0, 0, 0, 0)" &&
            cl !== "rgba(0, 0, 0, 0)", ca + " / " + cl);
    }
  }
  var marklinks = all("mark sup a");
  check("every highlight links to its table row", marklinks.every(function (a) { return target(a.getAttribute("href")); }),
        marklinks.filter(function (a) { return !target(a.getAttribute("href")); }).map(function (a) { return a.getAttribute("href"); }).join(" "));

  var tables = all("table.actors, table.locations, table.stances");
  check("tables are drawn", tables.length > 0 && tables.every(visible), tables.length + " tables");
  check("tables have rows", tables.every(function (t) { return t.rows.length > 1; }));

  if (expect.stances) {
    var svgs = all("svg.stance-graph");
    check("a stance graph is drawn", svgs.length > 0 && svgs.every(function (s) {
      var r = s.getBoundingClientRect(); return r.width > 200 && r.height > 100; }),
      svgs.length + " graphs");
    var paths = all("svg.stance-graph g.edge path");
    check("the graph has arrows", paths.length >= 3, paths.length + " arrows");
    check("arrows have length", paths.every(function (p) { return p.getTotalLength() > 10; }));
    var colors = {};
    paths.forEach(function (p) { colors[p.getAttribute("stroke")] = true; });
    check("arrows colored by polarity (red, grey, green)",
          colors["#c62828"] && colors["#757575"] && colors["#2e7d32"], Object.keys(colors).join(" "));
    check("arrowheads are defined", paths.every(function (p) {
      var m = /url\(#([^)]+)\)/.exec(p.getAttribute("marker-end") || "");
      return m && document.getElementById(m[1]) && document.getElementById(m[1]).tagName === "marker"; }));
    var labels = all("svg.stance-graph text.edge");
    check("arrows are labelled", labels.length === paths.length &&
          labels.every(function (t) { return t.textContent.trim().length > 0; }));
    var clipped = [];
    svgs.forEach(function (s) {
      var vb = s.viewBox.baseVal;
      all("text, circle", s).forEach(function (t) {
        var b = t.getBBox();
        if (b.x < vb.x - 1 || b.y < vb.y - 1 || b.x + b.width > vb.x + vb.width + 1 ||
            b.y + b.height > vb.y + vb.height + 1)
          clipped.push(t.textContent || t.tagName);
      });
    });
    check("every label and node lies inside its graph", clipped.length === 0, clipped.join(", "));
    var nodes = all("svg.stance-graph g.node circle");
    check("the graph has nodes", nodes.length >= 2, nodes.length + " nodes");
  }

  if (expect.docs > 1) {
    var nav = document.querySelector("nav.index");
    check("a many-document report has an index", !!nav);
    if (nav && sections.length) {
      check("the index shows above the documents",
            nav.getBoundingClientRect().top < sections[0].getBoundingClientRect().top);
      var links = all("a", nav);
      check("the index links every document", links.length === expect.docs &&
            links.every(function (a) { return target(a.getAttribute("href")); }), links.length + " links");
    }
  }
  var pre = document.createElement("pre");
  pre.id = "polis-verdict";
  pre.textContent = "\nPOLIS-VERDICT-BEGIN\n" + out.join("\n") + "\nPOLIS-VERDICT-END\n";
  document.body.appendChild(pre);
})();
