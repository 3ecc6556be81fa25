// Referly dashboard: progressive enhancement only; every page works without this file.
(function () {
  "use strict";
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.content : "";

  // Period pickers submit on change.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });

  // Destructive buttons ask first.
  document.querySelectorAll("button[data-confirm]").forEach(function (b) {
    b.addEventListener("click", function (e) {
      if (!window.confirm(b.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });

  // Reward editors: the plain-language preview follows the fields as they are typed.
  document.querySelectorAll("form[data-preview]").forEach(function (form) {
    var out = form.querySelector(".preview");
    var timer = null;
    function refresh() {
      var body = new URLSearchParams(new FormData(form));
      fetch(form.getAttribute("data-preview"), {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf, "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString()
      }).then(function (r) {
        return r.text().then(function (t) { out.textContent = t; out.classList.toggle("invalid", !r.ok); });
      });
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(refresh, 250); });
  });

  // Events: new clicks, leads and sales arrive over server-sent events.
  var table = document.getElementById("events");
  if (table && window.EventSource) {
    var status = document.getElementById("stream-status");
    var tbody = table.querySelector("tbody");
    var source = new EventSource(table.getAttribute("data-stream"));
    source.onopen = function () { status.textContent = "Live."; };
    source.onerror = function () { status.textContent = "Reconnecting…"; };
    ["click", "lead", "sale"].forEach(function (kind) {
      source.addEventListener(kind, function (msg) {
        var e = JSON.parse(msg.data);
        var tr = document.createElement("tr");
        tr.className = "ev-" + e.kind + " fresh";
        var badge = document.createElement("span");
        badge.className = "badge " + e.kind;
        badge.textContent = e.kind;
        var cells = [badge, e.when, e.detail, e.linkId || "", e.id];
        cells.forEach(function (c, i) {
          var td = document.createElement("td");
          if (i === 4) { var code = document.createElement("code"); code.textContent = c; td.appendChild(code); }
          else if (typeof c === "string") { td.textContent = c; } else { td.appendChild(c); }
          tr.appendChild(td);
        });
        tbody.insertBefore(tr, tbody.firstChild);
        while (tbody.rows.length > 200) { tbody.deleteRow(tbody.rows.length - 1); }
      });
    });
  }
})();
