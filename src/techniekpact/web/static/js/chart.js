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
    // The site's Content-Security-Policy allows neither eval nor inline styles: Vega evaluates
    // its expressions with vega-interpreter instead of generated code (ast + expr), and neither
    // vega-embed nor its tooltips inject a <style> element (their rules are in site.css).
    var options = {
      actions: false,
      renderer: "svg",
      formatLocale: formatLocale,
      ast: true,
      expr: vega.expressionInterpreter,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
    };
    vegaEmbed(holder, spec, options)
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
