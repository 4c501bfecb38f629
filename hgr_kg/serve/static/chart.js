// A line chart of a query's numbers, drawn here as SVG (no library, nothing from another host), below
// the results of the query editor. The first column whose every value is a number is the x axis (a
// year, say). The lines are the other numeric columns ("wide" results), or, where there is one other
// numeric column and a column of at most 12 distinct names, one line per name ("long" results, as
// permits-by-year gives: year, category, count). Anything else draws no chart. Every text goes in as
// text (textContent), never as markup.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#999933",
                 "#882255", "#44aa99", "#332288", "#aa4499"];
  var W = 720, H = 360, LEFT = 64, RIGHT = 190, TOP = 16, BOTTOM = 40;

  function number(binding) {
    if (!binding || binding.type === "uri" || binding.type === "bnode") return null;
    var text = String(binding.value).trim();
    return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
  }
  function shown(binding) {
    if (!binding) return "";
    var value = String(binding.value);
    return binding.type === "uri" ? value.replace(/^.*[\/#]/, "") : value;
  }
  function numeric(rows, name) {
    return rows.length > 0 && rows.every(function (row) { return number(row[name]) !== null; });
  }

  // the series to draw: {x: name, lines: [{name, points: [[x, y], ...]}], y: what the values are}
  function series(variables, rows) {
    var numbers = variables.filter(function (v) { return numeric(rows, v); });
    if (numbers.length < 2) return null;
    var x = numbers[0], others = numbers.slice(1);
    var names = variables.filter(function (v) {
      if (numbers.indexOf(v) >= 0) return false;
      var distinct = {};
      rows.forEach(function (row) { distinct[shown(row[v])] = true; });
      var count = Object.keys(distinct).length;
      return count > 1 && count <= 12 && rows.every(function (row) { return row[v]; });
    });
    var lines = {};
    if (others.length === 1 && names.length > 0) {
      rows.forEach(function (row) {
        var key = shown(row[names[0]]);
        (lines[key] = lines[key] || []).push([number(row[x]), number(row[others[0]])]);
      });
      return { x: x, y: others[0], by: names[0], lines: lines };
    }
    others.forEach(function (name) {
      lines[name] = rows.map(function (row) { return [number(row[x]), number(row[name])]; });
    });
    return { x: x, y: others.join(", "), by: null, lines: lines };
  }

  function nice(raw) {  // 1, 2 or 5 times a power of ten, at least raw
    var power = Math.pow(10, Math.floor(Math.log10(raw || 1)));
    var found = [1, 2, 5, 10].map(function (m) { return m * power; }).filter(function (c) { return c >= raw; });
    return found[0];
  }

  function element(name, attributes, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(found) {
    var all = [];
    Object.keys(found.lines).forEach(function (k) { all = all.concat(found.lines[k]); });
    var xs = all.map(function (p) { return p[0]; }), ys = all.map(function (p) { return p[1]; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min(0, Math.min.apply(null, ys)), top = Math.max.apply(null, ys) || 1;
    var step = nice((top - y0) / 4), y1 = Math.ceil(top / step) * step;  // round ticks: 0, 2000, 4000 ...
    function px(v) { return LEFT + (x1 === x0 ? 0.5 : (v - x0) / (x1 - x0)) * (W - LEFT - RIGHT); }
    function py(v) { return TOP + (1 - (v - y0) / (y1 - y0)) * (H - TOP - BOTTOM); }
    var root = element("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img",
                                 "aria-labelledby": "chart-caption", "font-family": "DejaVu Sans, sans-serif",
                                 "font-size": "11" });
    root.appendChild(element("line", { x1: LEFT, y1: py(y0), x2: W - RIGHT, y2: py(y0), stroke: "#333" }));
    root.appendChild(element("line", { x1: LEFT, y1: TOP, x2: LEFT, y2: H - BOTTOM, stroke: "#333" }));
    for (var v = y0; v <= y1 + step / 2; v += step) {
      root.appendChild(element("text", { x: LEFT - 6, y: py(v) + 4, "text-anchor": "end" },
                               String(Math.round(v * 100) / 100)));
      root.appendChild(element("line", { x1: LEFT, y1: py(v), x2: W - RIGHT, y2: py(v), stroke: "#eee" }));
    }
    var ticks = {};
    xs.forEach(function (v) { ticks[v] = true; });
    var tickValues = Object.keys(ticks).map(Number);
    if (tickValues.length <= 20) {
      tickValues.forEach(function (v) {
        root.appendChild(element("text", { x: px(v), y: H - BOTTOM + 16, "text-anchor": "middle" }, String(v)));
      });
    }
    Object.keys(found.lines).sort().forEach(function (name, n) {
      var colour = COLOURS[n % COLOURS.length];
      var points = found.lines[name].slice().sort(function (a, b) { return a[0] - b[0]; });
      var path = points.map(function (p, j) { return (j ? "L" : "M") + px(p[0]) + " " + py(p[1]); }).join(" ");
      var line = element("path", { d: path, fill: "none", stroke: colour, "stroke-width": "2" });
      line.appendChild(element("title", {}, name));
      root.appendChild(line);
      points.forEach(function (p) {
        var dot = element("circle", { cx: px(p[0]), cy: py(p[1]), r: 3, fill: colour });
        dot.appendChild(element("title", {}, name + ": " + p[1] + " (" + p[0] + ")"));
        root.appendChild(dot);
      });
      var y = TOP + 14 * n;
      root.appendChild(element("rect", { x: W - RIGHT + 12, y: y, width: 10, height: 10, fill: colour }));
      root.appendChild(element("text", { x: W - RIGHT + 27, y: y + 9 }, name));
    });
    return root;
  }

  window.hgrChart = {
    series: series,
    draw: function (results) {
      var figure = document.getElementById("chart"), caption = document.getElementById("chart-caption");
      var old = figure.querySelector("svg");
      if (old) old.remove();
      figure.hidden = true;
      if (!results || !results.getBindings || !results.getVariables) return;
      var found = series(results.getVariables(), results.getBindings() || []);
      if (!found) return;
      caption.textContent = "Line chart: " + found.y + " by " + found.x +
        (found.by ? ", one line per " + found.by : "") + " (drawn from the results above).";
      figure.insertBefore(svg(found), caption);
      figure.hidden = false;
    },
  };
})();
