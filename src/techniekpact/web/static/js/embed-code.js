// The embed code must name this site in full to work on another one. The server writes it from
// the configured public address, or relative when none is set (it never trusts the request's
// Host header, web/links.py); then this script completes it with the address the reader used.
(function () {
  function complete() {
    var code = document.getElementById("embed-code");
    if (!code) return;
    code.value = code.value.replace('src="/', 'src="' + window.location.origin + "/");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", complete);
  else complete();
})();
