// Wide tables on a narrow screen: each table sits in a .table-scroll box that scrolls sideways
// (overflow-x: auto, keyboard focusable, labelled by its caption). When a table is wider than
// its box, this script shows the page's hint above it ("schuif opzij" / "scroll sideways") and
// marks the box, so the reader knows there is more; when it fits, the hint stays hidden.
// Without JavaScript the box still scrolls; only the hint is missing.
(function () {
  function setUp() {
    var template = document.getElementById("table-scroll-hint");
    if (!template || !template.content) return;
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".table-scroll"));
    boxes.forEach(function (box) {
      var hint = template.content.firstElementChild.cloneNode(true);
      hint.hidden = true;
      box.parentNode.insertBefore(hint, box);
      box.tableScrollHint = hint;
      update(box);
    });
    if (typeof ResizeObserver !== "undefined") {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { update(entry.target); });
      });
      boxes.forEach(function (box) { observer.observe(box); });
    } else {
      window.addEventListener("resize", function () { boxes.forEach(update); });
    }
  }
  function update(box) {
    var wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("table-scroll--wide", wide);
    if (box.tableScrollHint) box.tableScrollHint.hidden = !wide;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
