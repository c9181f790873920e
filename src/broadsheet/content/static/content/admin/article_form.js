/* Article change form: live Markdown preview, word count and reading time.
   No framework; the server renders the preview with the same code as the article page. */
(function () {
  "use strict";

  var DEBOUNCE_MS = 400;
  var MAX_BYTES = 200 * 1024;
  var WORDS_PER_MINUTE = 230;

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // A quick count while typing; the server's count of the rendered text replaces it.
  function countWords(text) {
    var visible = text.replace(/\]\([^)]*\)/g, "]").trim();
    if (!visible) { return 0; }
    return visible.split(/\s+/).filter(function (token) {
      return /[0-9A-Za-z\u00C0-\uFFFF]/.test(token);
    }).length;
  }

  function statsText(words) {
    var minutes = words ? Math.ceil(words / WORDS_PER_MINUTE) : 0;
    return words.toLocaleString() + (words === 1 ? " word" : " words") +
      " · " + (minutes ? minutes + " min read" : "nothing to read yet");
  }

  function setUp(textarea) {
    var url = textarea.getAttribute("data-preview-url");
    var form = textarea.form;
    var editor = document.createElement("div");
    editor.className = "bs-md-editor";
    textarea.parentNode.insertBefore(editor, textarea);
    var source = document.createElement("div");
    source.className = "bs-md-source";
    source.appendChild(textarea);
    editor.appendChild(source);

    var panel = document.createElement("section");
    panel.className = "bs-md-preview";
    panel.setAttribute("aria-label", "Preview of the body");
    var heading = document.createElement("div");
    heading.className = "bs-md-preview__label";
    heading.textContent = "Preview";
    var status = document.createElement("span");
    status.className = "bs-md-preview__status";
    status.setAttribute("role", "status");
    heading.appendChild(status);
    var output = document.createElement("div");
    output.className = "bs-md-preview__body";
    panel.appendChild(heading);
    panel.appendChild(output);
    editor.appendChild(panel);

    var stats = document.createElement("div");
    stats.className = "bs-md-stats";
    stats.setAttribute("aria-live", "polite");
    source.appendChild(stats);

    var timer = null;
    var inFlight = null;
    var lastSent = null;

    function showError(message) {
      status.textContent = message;
      panel.classList.add("bs-md-preview--error");
    }

    function render() {
      var text = textarea.value;
      if (text === lastSent) { return; }
      if (new Blob([text]).size > MAX_BYTES) {
        showError("Too long to preview (limit 200 KB).");
        return;
      }
      lastSent = text;
      if (inFlight) { inFlight.abort(); }
      inFlight = new AbortController();
      status.textContent = "Updating…";
      var body = new URLSearchParams();
      body.append("text", text);
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form), "Accept": "application/json" },
        signal: inFlight.signal
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok) {
            lastSent = null;
            showError(data.error || "Preview unavailable (" + response.status + ").");
            return;
          }
          panel.classList.remove("bs-md-preview--error");
          if (typeof data.words === "number" && text === textarea.value) {
            stats.textContent = statsText(data.words);
          }
          status.textContent = "";
          // Sanitized on the server by the same allow-list as the public article page.
          output.innerHTML = data.html || "<p class=\"bs-md-preview__empty\">Nothing yet.</p>";
        });
      }).catch(function (error) {
        if (error.name !== "AbortError") {
          lastSent = null;
          showError("Preview unavailable: " + error.message);
        }
      });
    }

    function onInput() {
      stats.textContent = statsText(countWords(textarea.value));
      window.clearTimeout(timer);
      timer = window.setTimeout(render, DEBOUNCE_MS);
    }

    textarea.addEventListener("input", onInput);
    stats.textContent = statsText(countWords(textarea.value));
    render();
  }

  function init() {
    var textareas = document.querySelectorAll("textarea.bs-markdown[data-preview-url]");
    Array.prototype.forEach.call(textareas, setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
