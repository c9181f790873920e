/* Broadsheet engagement: counts the view after load, shows live counts, reactions and the
   reader's own choice, and reports reading-list impressions and clicks. Pages carry no
   per-reader data; everything per-reader comes back from the one beacon request. */
(function () {
  "use strict";

  var root = document.querySelector("[data-engagement-article]");
  var beaconEl = document.querySelector("[data-beacon-url]");
  var beaconUrl = (beaconEl && beaconEl.getAttribute("data-beacon-url")) || "/beacon/";
  var articleId = root ? parseInt(root.getAttribute("data-engagement-article"), 10) : null;
  var reactionsEl = document.querySelector("[data-reactions-url]");
  var mine = null;

  function postJSON(url, payload, keepalive) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
      credentials: "same-origin",
      cache: "no-store",
      keepalive: !!keepalive
    });
  }

  // Fire and forget, and survive the page being left (clicks navigate away at once).
  function send(payload) {
    var body = JSON.stringify(payload);
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(beaconUrl, new Blob([body], { type: "text/plain" }))) {
        return;
      }
    } catch (e) { /* fall through to fetch */ }
    postJSON(beaconUrl, payload, true).catch(function () {});
  }

  function formatNumber(n) {
    try { return Number(n).toLocaleString(document.documentElement.lang || undefined); }
    catch (e) { return String(n); }
  }

  function render(data) {
    if (!data) { return; }
    if (typeof data.views === "number") {
      document.querySelectorAll("[data-views]").forEach(function (el) { el.textContent = formatNumber(data.views); });
      document.querySelectorAll("[data-views-label]").forEach(function (el) {
        el.textContent = data.views === 1 ? el.getAttribute("data-one") : el.getAttribute("data-many");
      });
    }
    if (data.reactions) {
      Object.keys(data.reactions).forEach(function (key) {
        document.querySelectorAll('[data-reaction-count="' + key + '"]').forEach(function (el) {
          el.textContent = formatNumber(data.reactions[key]);
        });
      });
    }
    if ("mine" in data) {
      mine = data.mine;
      document.querySelectorAll("[data-reaction]").forEach(function (button) {
        var chosen = button.getAttribute("data-reaction") === mine;
        button.setAttribute("aria-pressed", chosen ? "true" : "false");
        button.classList.toggle("is-chosen", chosen);
        button.disabled = false;
      });
    }
    document.dispatchEvent(new CustomEvent("broadsheet:engagement", { detail: data }));
  }

  // The view: once per page load, after load, never on render.
  if (articleId) {
    var via = null;
    try { via = sessionStorage.getItem("broadsheet:via"); sessionStorage.removeItem("broadsheet:via"); } catch (e) {}
    postJSON(beaconUrl, { article: articleId, type: "view", widget: via, webdriver: navigator.webdriver === true })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(render)
      .catch(function () {});
  }

  // Reactions: choose, change, or choose again to take back.
  if (reactionsEl && articleId) {
    var reactionsUrl = reactionsEl.getAttribute("data-reactions-url");
    var status = reactionsEl.querySelector("[data-reaction-status]");
    reactionsEl.addEventListener("click", function (event) {
      var button = event.target.closest("[data-reaction]");
      if (!button || button.disabled) { return; }
      var key = button.getAttribute("data-reaction");
      var wanted = key === mine ? null : key;
      postJSON(reactionsUrl, { article: articleId, reaction: wanted, webdriver: navigator.webdriver === true })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (result) {
          if (result.ok) { render(result.body); if (status) { status.textContent = wanted ? "Thanks, your reaction is saved." : "Your reaction is removed."; } }
          else if (status) { status.textContent = result.body.error || "Your reaction could not be saved."; }
        })
        .catch(function () { if (status) { status.textContent = "Your reaction could not be saved."; } });
    });
  }

  // Reading lists: an impression when a list is seen, a click when one of its links is used.
  var lists = document.querySelectorAll("[data-widget]");
  if (lists.length) {
    var seen = new WeakSet();
    var impression = function (list) {
      if (seen.has(list)) { return; }
      seen.add(list);
      send({ article: articleId, type: "impression", widget: list.getAttribute("data-widget"), webdriver: navigator.webdriver === true });
    };
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) { impression(entry.target); observer.unobserve(entry.target); }
        });
      }, { threshold: 0.5 });
      lists.forEach(function (list) { observer.observe(list); });
    }
    document.addEventListener("click", function (event) {
      var link = event.target.closest("[data-widget] a[data-article-id]");
      if (!link) { return; }
      var widget = link.closest("[data-widget]").getAttribute("data-widget");
      var target = parseInt(link.getAttribute("data-article-id"), 10);
      try { sessionStorage.setItem("broadsheet:via", widget); } catch (e) {}
      send({ article: articleId, type: "click", widget: widget, target: target, webdriver: navigator.webdriver === true });
    });
  }

  // The privacy page shows the browser's current choice (the page itself is the same for all).
  var privacyStatus = document.querySelector("[data-privacy-status]");
  if (privacyStatus) {
    var optedOut = /(?:^|;\s*)bs_optout=1(?:;|$)/.test(document.cookie);
    var refuses = navigator.doNotTrack === "1" || navigator.globalPrivacyControl === true;
    privacyStatus.textContent = optedOut ? "This browser is opted out: no reading history is kept."
      : refuses ? "Your browser asks not to be tracked: no reading history is kept."
      : "This browser may keep a reading history.";
    privacyStatus.hidden = false;
  }
})();
