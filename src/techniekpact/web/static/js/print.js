// The link in an element marked data-print prints the page (the scheme finder's "afdrukken"). It lives in a
// file, not in an onclick attribute, because the site's Content-Security-Policy allows no
// inline script. Without JavaScript the element stays hidden: the browser's own print works.
(function () {
  function setUp() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (holder) {
      var link = holder.querySelector("a");
      if (!link) return;
      holder.hidden = false;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        window.print();
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
