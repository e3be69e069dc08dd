/* sourcetrace pages: the article page's claim detail panel. No dependencies, no inline handlers.
   The ledger comes from <script type="application/json" id="ledger-data">; every value is written
   with textContent (never innerHTML), so article text cannot become markup. */
(function () {
  "use strict";

  function put(el, value) {
    if (el) el.textContent = value === null || value === undefined || value === "" ? "—" : String(value);
  }

  function attrSelector(name, value) {
    var v = window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/["\\]/g, "\\$&");
    return "[" + name + '="' + v + '"]';
  }

  function initArticle() {
    var dataEl = document.getElementById("ledger-data");
    var detail = document.getElementById("claim-detail");
    var textEl = document.getElementById("article-text");
    var ledgerEl = document.getElementById("ledger");
    if (!dataEl || !detail || !textEl || !ledgerEl) return;
    var data;
    try {
      data = JSON.parse(dataEl.textContent);
    } catch (e) {
      return;
    }
    var claims = data.claims || {};

    function field(name) {
      return detail.querySelector(attrSelector("data-field", name));
    }

    function select(id, fromText) {
      var c = claims[id];
      if (!c) return;
      document.querySelectorAll("#ledger li.claim.selected").forEach(function (el) {
        el.classList.remove("selected");
        el.removeAttribute("aria-current");
      });
      textEl.querySelectorAll("mark.active").forEach(function (el) { el.classList.remove("active"); });
      var li = ledgerEl.querySelector("li.claim" + attrSelector("data-attr", id));
      if (li) {
        li.classList.add("selected");
        li.setAttribute("aria-current", "true");
      }
      var marks = textEl.querySelectorAll("mark" + attrSelector("data-attr", id));
      marks.forEach(function (el) { el.classList.add("active"); });

      put(field("id"), c.id);
      put(field("source"), c.source || "(no source given)");
      put(field("kind"), c.kind || "none");
      put(field("cue"), c.cue);
      put(field("content"), c.content);
      var cert = field("certainty");
      cert.textContent = "";
      var badge = document.createElement("span");
      badge.className = "badge";
      badge.setAttribute("data-certainty", c.certainty || "");
      badge.textContent = c.certainty || "—";
      cert.appendChild(badge);
      if (c.direct) cert.appendChild(document.createTextNode(" (direct quotation)"));
      var chain = "";
      if (c.chains && c.chains.length) {
        chain = c.chains.map(function (steps) { return steps.join(" → "); }).join("; ");
      } else if (c.via_source) {
        chain = "reported via " + c.via_source;
      }
      put(field("chain"), chain || "none (reported directly)");
      var ent = field("entity");
      ent.textContent = "";
      if (c.entity) {
        var a = document.createElement("a");
        a.className = "entity-link";
        a.href = c.entity.url;
        a.textContent = c.entity.name;
        ent.appendChild(a);
        ent.appendChild(document.createTextNode(" (" + c.entity.type + ")"));
      } else {
        ent.textContent = "not resolved to a named entity";
      }
      detail.hidden = false;
      if (!fromText && marks.length && marks[0].scrollIntoView) {
        marks[0].scrollIntoView({ block: "center" });
      }
      if (window.history && history.replaceState) {
        history.replaceState(null, "", "#claim-" + encodeURIComponent(id));
      }
    }

    ledgerEl.addEventListener("click", function (ev) {
      var li = ev.target.closest("li.claim");
      if (li) select(li.getAttribute("data-attr"), false);
    });
    ledgerEl.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter" && ev.key !== " ") return;
      var li = ev.target.closest("li.claim");
      if (li) {
        ev.preventDefault();
        select(li.getAttribute("data-attr"), false);
      }
    });
    textEl.addEventListener("click", function (ev) {
      var mark = ev.target.closest("mark[data-attr]");
      if (mark) select(mark.getAttribute("data-attr"), true);
    });
    if (location.hash.indexOf("#claim-") === 0) {
      select(decodeURIComponent(location.hash.slice(7)), false);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initArticle);
  } else {
    initArticle();
  }
})();
