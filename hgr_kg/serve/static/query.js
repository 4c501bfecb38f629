// The query editor of hgr-kg serve: YASGUI's Yasqe (editor) and Yasr (results), bundled, posting to
// this server's /sparql (SPARQL 1.1 Protocol). Nothing is asked of any other host: the autocompleters
// that fetch prefix.cc and LOV are off, and YASGUI's share links (a URL shortener) are not made; the
// page's own share link is this page with ?query=. The results link the graph's resources to this
// server's /id/ pages, show a literal's value (its language as a mark), and a chart draws the numbers.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("query-data").textContent);
  var Yasqe = Yasgui.Yasqe, Yasr = Yasgui.Yasr;
  Yasqe.defaults.autocompleters = ["variables"];
  Yasqe.defaults.createShareableLink = null;
  var ID = "https://w3id.org/hgr-kg/id/";
  var yasqe = new Yasqe(document.getElementById("yasqe"), {
    value: data.start,  // the server's: the ?query= of a shared link, else the first example
    persistenceId: null,
    editorHeight: "320px",
    requestConfig: {
      endpoint: "/sparql",
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
    },
  });
  localLinks(Yasr.plugins.table.prototype);
  var yasr = new Yasr(document.getElementById("yasr"), { persistenceId: null, prefixes: data.prefixes });
  yasqe.on("queryResponse", function (instance, response, duration) {
    yasr.setResponse(response, duration);
    labelled();
    window.hgrChart.draw(yasr.results);
  });
  var share = document.getElementById("share-link");
  function shareLink() {  // the page with ?query=: kept on reload, and a link to give to someone
    var url = window.location.pathname + "?query=" + encodeURIComponent(yasqe.getValue());
    share.href = url;
    window.history.replaceState(null, "", url);
  }
  yasqe.on("change", shareLink);
  shareLink();
  labelled();
  window.hgrEditor = { yasqe: yasqe, yasr: yasr };

  function escaped(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function localLinks(table) {  // a resource of the graph links to its page here, in this window
    table.getUriLinkFromBinding = function (binding, prefixes) {
      var iri = binding.value, shown = iri;
      for (var p in prefixes || {}) {
        if (iri.indexOf(prefixes[p]) === 0) { shown = p + ":" + iri.substring(prefixes[p].length); break; }
      }
      var href = iri.indexOf(ID) === 0 ? "/id/" + iri.substring(ID.length) : iri;
      return "<a class='iri' href='" + escaped(href) + "'>" + escaped(shown) + "</a>";
    };
    table.formatLiteral = function (binding) {  // the value, not "5328"^^xsd:integer
      var lang = binding["xml:lang"];
      return escaped(binding.value) + (lang ? " <sup class='lang'>" + escaped(lang) + "</sup>" : "");
    };
  }
  function labelled() {  // what YASGUI leaves unnamed, named for a screen reader
    var area = document.querySelector("#yasqe textarea");
    if (area) area.setAttribute("aria-label", "SPARQL query");
    var scroll = document.querySelector("#yasqe .CodeMirror-scroll");
    if (scroll) { scroll.setAttribute("tabindex", "0"); scroll.setAttribute("aria-label", "the query text"); }
    document.querySelectorAll(".yasr_external_ref_btn").forEach(function (a) {
      a.setAttribute("aria-label", "about this result view (YASGUI's documentation)");
    });
  }

  var byName = {};
  data.examples.forEach(function (e) { byName[e.name] = e; });
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      yasqe.setValue(byName[button.dataset.name].text);
      yasqe.query();
    });
  });

  var status = document.getElementById("download-status");
  document.querySelectorAll("button.download").forEach(function (button) {
    button.addEventListener("click", function () {
      var type = yasqe.getQueryType();
      var graph = type === "CONSTRUCT" || type === "DESCRIBE";
      if ((button.dataset.kind === "graph") !== graph) {
        status.textContent = button.textContent + " is for " + (graph ? "SELECT and ASK" : "CONSTRUCT and DESCRIBE") + " queries";
        return;
      }
      status.textContent = "…";
      fetch("/sparql", {
        method: "POST",
        headers: { "Accept": button.dataset.accept, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ query: yasqe.getValue() }),
      }).then(function (response) {
        if (!response.ok) {
          return response.text().then(function (text) { throw new Error(text.split("\n")[0]); });
        }
        return response.blob();
      }).then(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = "result." + button.dataset.suffix;
        document.body.appendChild(a);
        a.click();
        a.remove();
        status.textContent = "";
      }).catch(function (err) { status.textContent = err.message; });
    });
  });
})();
