/* Broadsheet: fills the "Recommended for you" list. On an article page the list arrives in
   the view beacon's answer; elsewhere (the home page) it is fetched, leaving out the stories
   the page already shows. Without JavaScript the list simply stays hidden. */
(function () {
  "use strict";

  var section = document.querySelector("[data-widget='recommended']");
  if (!section) { return; }
  var list = section.querySelector("[data-recommended-items]");

  function show(items) {
    if (!items || !items.length) { return; }
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.headline;
      a.setAttribute("data-article-id", String(item.id));
      li.appendChild(a);
      if (item.section) {
        var label = document.createElement("span");
        label.className = "ranked-section";
        label.textContent = " " + item.section;
        li.appendChild(label);
      }
      list.appendChild(li);
    });
    section.hidden = false;
  }

  document.addEventListener("broadsheet:engagement", function (event) {
    if (event.detail && event.detail.recommended) { show(event.detail.recommended); }
  });

  var url = section.getAttribute("data-recommended-url");
  if (url) {
    var shown = [];
    document.querySelectorAll("a[data-article-id], [data-card-article]").forEach(function (el) {
      var id = el.getAttribute("data-article-id") || el.getAttribute("data-card-article");
      if (id && shown.indexOf(id) < 0 && shown.length < 100) { shown.push(id); }
    });
    fetch(url + "?exclude=" + shown.join(","), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { show(data.recommended); } })
      .catch(function () {});
  }
})();
