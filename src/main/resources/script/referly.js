/*! Referly attribution script. No dependencies. https://github.com/referly/referly
 * <script src="https://refer.example/_/script.js" data-publishable-key="rly_pk_..." defer></script>
 * Options (data-*): publishable-key, api-host, attribution-model (last-click|first-click),
 * cookie-options ({"expiresInDays":90,"domain":".example.com"}), query-params (["via","ref"]),
 * domains ({"outbound":["app.example.com"]}). Never throws: blocked cookies fall back to memory. */
(function (w, d) {
  "use strict";
  if (w.Referly && w.Referly.loaded) return;
  var s = d.currentScript || d.querySelector("script[data-publishable-key]") || {};
  var mem = {};
  function attr(n) { return s.getAttribute ? s.getAttribute("data-" + n) : null; }
  function json(n, dflt) { try { return JSON.parse(attr(n)) || dflt; } catch (e) { return dflt; } }
  var opts = json("cookie-options", {});
  var days = +opts.expiresInDays > 0 ? +opts.expiresInDays : 90;
  var firstClick = attr("attribution-model") === "first-click";
  var key = attr("publishable-key");
  var api = attr("api-host");
  try { api = api || new URL(s.src).origin; } catch (e) { api = api || ""; }
  var qp = attr("query-params");
  var params = ["via", "ref"].concat(qp ? (qp.charAt(0) === "[" ? json("query-params", []) : qp.split(",")) : []);
  var out = (json("domains", {}).outbound) || [];
  if (typeof out === "string") out = [out];

  function getCookie(n) {
    try {
      var m = d.cookie.match(new RegExp("(?:^|; )" + n + "=([^;]*)"));
      if (m) return decodeURIComponent(m[1]);
    } catch (e) { /* cookies blocked */ }
    return mem[n] || null;
  }
  function setCookie(n, v) {
    mem[n] = v;
    try {
      d.cookie = n + "=" + encodeURIComponent(v) + "; path=/; max-age=" + Math.round(days * 86400) +
        "; samesite=lax" + (opts.domain ? "; domain=" + opts.domain : "") + (location.protocol === "https:" ? "; secure" : "");
    } catch (e) { /* cookies blocked */ }
  }
  function store(id) {
    if (!id || (firstClick && getCookie("dub_id"))) return false;
    setCookie("dub_id", id);
    return true;
  }
  function post(path, body) {
    if (!key || !w.fetch) return Promise.reject(new Error("Referly: no publishable key"));
    return fetch(api + path, {
      method: "POST", mode: "cors", credentials: "omit",
      headers: { "Authorization": "Bearer " + key, "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (r) { return r.json().then(function (j) { if (!r.ok) throw j; return j; }); });
  }
  function partnerData(j) {
    R.partner = j.partner || null;
    R.discount = j.discount || null;
  }

  var R = w.Referly = w.Referly || {};
  R.loaded = true;
  R.partner = null;
  R.discount = null;
  R.clickId = function () { return getCookie("dub_id"); };
  R.trackLead = function (body) {
    body = body || {};
    if (!body.clickId) body.clickId = getCookie("dub_id") || "";
    return post("/track/lead", body);
  };
  R.trackSale = function (body) {
    body = body || {};
    if (!body.clickId && getCookie("dub_id")) body.clickId = getCookie("dub_id");
    return post("/track/sale", body);
  };
  try { partnerData(JSON.parse(getCookie("dub_partner_data")) || {}); } catch (e) { /* none yet */ }

  function readUrl() {
    var q;
    try { q = new URLSearchParams(location.search); } catch (e) { return; }
    // The redirect appends its click id last; an earlier value is the visitor's own (spoofed).
    var ids = q.getAll("dub_id"), id = ids[ids.length - 1];
    if (id && /^[A-Za-z0-9_-]{1,64}$/.test(id)) { store(id); return; }
    for (var i = 0; i < params.length; i++) {
      var code = params[i] && q.get(String(params[i]).trim());
      if (!code) continue;
      if (firstClick && getCookie("dub_id")) return;
      R.ready = post("/track/click", { ref: code, referrer: d.referrer || null }).then(function (j) {
        store(j.clickId);
        partnerData(j);
        setCookie("dub_partner_data", JSON.stringify({ clickId: j.clickId, partner: j.partner, discount: j.discount }));
        decorate();
        try { w.dispatchEvent(new CustomEvent("referly:ready", { detail: j })); } catch (e) { /* old browser */ }
        return j;
      })["catch"](function () { return null; });
      return;
    }
  }

  function outbound(host) {
    for (var i = 0; i < out.length; i++) {
      if (host === out[i] || host.slice(-out[i].length - 1) === "." + out[i]) return true;
    }
    return false;
  }
  function decorate() {
    var id = getCookie("dub_id");
    if (!id || !out.length) return;
    var els = d.querySelectorAll("a[href],iframe[src]");
    for (var i = 0; i < els.length; i++) {
      var a = els[i].tagName === "A" ? "href" : "src";
      try {
        var u = new URL(els[i].getAttribute(a), location.href);
        if (outbound(u.hostname) && u.searchParams.get("dub_id") !== id) {
          u.searchParams.set("dub_id", id);
          els[i].setAttribute(a, u.href);
        }
      } catch (e) { /* not a URL */ }
    }
  }
  var pending = false;
  function later() {
    if (pending) return;
    pending = true;
    setTimeout(function () { pending = false; decorate(); }, 0);
  }
  function navigated() { readUrl(); later(); }

  readUrl();
  if (out.length) {
    ["pushState", "replaceState"].forEach(function (m) {
      var orig = history[m];
      history[m] = function () { var r = orig.apply(this, arguments); navigated(); return r; };
    });
    w.addEventListener("popstate", navigated);
    var start = function () {
      decorate();
      try {
        new MutationObserver(later).observe(d.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["href", "src"] });
      } catch (e) { /* no observer */ }
    };
    if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start); else start();
  }
})(window, document);
