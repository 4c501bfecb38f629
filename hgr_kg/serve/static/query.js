// The query editor of hgr-kg serve: YASGUI's Yasqe (editor) and Yasr (results), bundled, posting to
// this server's /sparql (SPARQL 1.1 Protocol). Nothing is asked of any other host: the autocompleters
// that fetch prefix.cc and LOV are off, and no share links are made.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("query-data").textContent);
  var Yasqe = Yasgui.Yasqe, Yasr = Yasgui.Yasr;
  Yasqe.defaults.autocompleters = ["variables"];
  Yasqe.defaults.createShareableLink = null;
  var yasqe = new Yasqe(document.getElementById("yasqe"), {
    value: data.start,
    persistenceId: null,
    editorHeight: "320px",
    requestConfig: {
      endpoint: "/sparql",
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
    },
  });
  var yasr = new Yasr(document.getElementById("yasr"), { persistenceId: null, prefixes: {} });
  yasqe.on("queryResponse", function (instance, response, duration) {
    yasr.setResponse(response, duration);
  });
  window.hgrEditor = { yasqe: yasqe, yasr: yasr };

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
