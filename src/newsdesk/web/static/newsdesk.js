// newsdesk web UI: draws the charts whose figures the server put in data-figure attributes
// (with the plotly.js the plotly package ships), and opens the page a chart point links to.
(function () {
  "use strict";

  function draw(el) {
    if (typeof window.Plotly === "undefined") {
      el.textContent = "Chart unavailable: plotly.js did not load.";
      return;
    }
    var figure = JSON.parse(el.getAttribute("data-figure"));
    window.Plotly.newPlot(el, figure.data, figure.layout, {
      displaylogo: false,
      responsive: true,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
    }).then(function () {
      el.classList.add("chart-ready");
    });
    el.on("plotly_click", function (event) {
      var point = event && event.points && event.points[0];
      var url = point && point.customdata;
      if (typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/") {
        window.location.assign(url);
      }
    });
  }

  function start() {
    var charts = document.querySelectorAll("[data-figure]");
    for (var i = 0; i < charts.length; i++) {
      draw(charts[i]);
    }
    // A cited span: make sure it is in view below the sticky bar.
    if (window.location.hash.indexOf("#c-") === 0) {
      var target = document.getElementById(window.location.hash.slice(1));
      if (target) {
        target.scrollIntoView({ block: "center" });
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
