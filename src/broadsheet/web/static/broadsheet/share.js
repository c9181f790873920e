// Share buttons that need a script: copy the link, and the system share sheet where the
// browser has one. The plain share links work without this file.
(function () {
  "use strict";
  var status = document.querySelector(".share-status");
  function say(text) { if (status) { status.textContent = text; } }

  var copy = document.querySelector("[data-share-copy]");
  if (copy && navigator.clipboard && window.isSecureContext) {
    copy.closest("[data-share-copy-item]").hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.getAttribute("data-share-copy")).then(
        function () { say("Link copied."); },
        function () { say("Could not copy the link."); }
      );
    });
  }

  var native = document.querySelector("[data-share-native]");
  if (native && typeof navigator.share === "function") {
    native.closest("[data-share-native-item]").hidden = false;
    native.addEventListener("click", function () {
      navigator.share({
        title: native.getAttribute("data-share-title"),
        url: native.getAttribute("data-share-url")
      }).catch(function () { /* the reader closed the share sheet */ });
    });
  }
})();
