// Renders the page's Vega-Lite specification with vega-embed. The page is complete without
// this script: the same figures are in the table and the <noscript> SVG.
(function () {
  function render() {
    var holder = document.getElementById("chart");
    var source = document.getElementById("chart-spec");
    if (!holder || !source || typeof vegaEmbed === "undefined") return;
    var spec = JSON.parse(source.textContent);
    var nl = holder.dataset.locale === "nl-NL";
    var formatLocale = nl
      ? { decimal: ",", thousands: ".", grouping: [3], currency: ["€ ", ""] }
      : { decimal: ".", thousands: ",", grouping: [3], currency: ["€", ""] };
    vegaEmbed(holder, spec, { actions: false, renderer: "svg", formatLocale: formatLocale })
      .then(function (result) {
        holder.dataset.rendered = "true";
        var svg = holder.querySelector("svg");
        if (svg) { svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false"); }
      })
      .catch(function (error) { holder.dataset.rendered = "error"; console.error(error); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", render);
  else render();
})();
