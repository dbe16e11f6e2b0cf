/* summarizer review report: sortable tables (index), item cards for highlights (article pages).
   Builds nodes only by cloning the page's own escaped markup or setting textContent. */
(function () {
  "use strict";

  function cellKey(cell, numeric) {
    var raw = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
    if (!numeric) return raw.toLowerCase();
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, column) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.classList.contains("num");
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.map.call(body.rows, function (row, i) {
          return { row: row, key: cellKey(row.cells[column], numeric), i: i };
        });
        rows.sort(function (a, b) {
          if (a.key === b.key) return a.i - b.i;
          if (a.key === null) return 1;
          if (b.key === null) return -1;
          var order = numeric ? a.key - b.key : a.key.localeCompare(b.key);
          return ascending ? order : -order;
        });
        rows.forEach(function (r) { body.appendChild(r.row); });
      });
    });
  });

  var article = document.getElementById("article");
  var card = document.getElementById("card");
  if (!article || !card) return;
  var pinned = false;

  function itemsAt(node) {
    var ids = [];
    for (var el = node; el && el !== article; el = el.parentElement) {
      if (el.classList && el.classList.contains("hl")) ids.push(el.getAttribute("data-item"));
    }
    return ids;
  }

  function show(ids, x, y) {
    card.classList.toggle("pinned", pinned);
    card.replaceChildren();
    ids.forEach(function (id) {
      var entry = document.getElementById("i-" + id);
      if (entry) card.appendChild(entry.cloneNode(true)).removeAttribute("id");
    });
    if (!card.childElementCount) return hide();
    card.hidden = false;
    var w = card.offsetWidth, h = card.offsetHeight;
    var left = Math.min(Math.max(8, x + 12), window.innerWidth - w - 8);
    var top = y + 18 + h > window.innerHeight ? y - h - 12 : y + 18;
    card.style.left = left + "px";
    card.style.top = Math.max(8, top) + "px";
  }

  function hide() { card.hidden = true; card.replaceChildren(); }

  function select(ids) {
    document.querySelectorAll(".sel").forEach(function (el) { el.classList.remove("sel"); });
    ids.forEach(function (id) {
      document.querySelectorAll('[data-item="' + CSS.escape(id) + '"]').forEach(function (el) { el.classList.add("sel"); });
      var entry = document.getElementById("i-" + id);
      if (entry) entry.classList.add("sel");
    });
    var first = ids.length && document.getElementById("i-" + ids[0]);
    if (first) reveal(first);
  }

  function reveal(entry) {  /* scroll the side panel only: moving the page would move the text */
    var panel = entry.closest(".panel");
    if (!panel) return;
    var box = panel.getBoundingClientRect(), r = entry.getBoundingClientRect();
    if (r.top < box.top) panel.scrollTop -= box.top - r.top + 8;
    else if (r.bottom > box.bottom) panel.scrollTop += Math.min(r.bottom - box.bottom + 8, r.top - box.top - 8);
  }

  function anchor(mark) {
    var r = mark.getClientRects()[0] || mark.getBoundingClientRect();
    return [r.left, r.bottom - 12];
  }

  article.addEventListener("mouseover", function (e) {
    var mark = e.target.closest && e.target.closest(".hl");
    if (mark && !pinned) show(itemsAt(mark), e.clientX, e.clientY);
  });
  article.addEventListener("mouseout", function (e) {
    if (!pinned && !(e.relatedTarget && e.relatedTarget.closest && e.relatedTarget.closest(".hl"))) hide();
  });
  article.addEventListener("click", function (e) {
    var mark = e.target.closest && e.target.closest(".hl");
    if (!mark) { pinned = false; select([]); hide(); return; }
    var ids = itemsAt(mark);
    pinned = true;
    select(ids);
    show(ids, e.clientX, e.clientY);
  });
  article.addEventListener("focusin", function (e) {
    var mark = e.target.closest && e.target.closest(".hl");
    if (!mark) return;
    var ids = itemsAt(mark), at = anchor(mark);
    pinned = true;
    select(ids);
    show(ids, at[0], at[1]);
  });
  document.addEventListener("click", function (e) {
    if (pinned && !article.contains(e.target) && !card.contains(e.target)) { pinned = false; hide(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { pinned = false; select([]); hide(); }
  });
  window.addEventListener("scroll", function () { if (!pinned) hide(); }, { passive: true });

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id.indexOf("h-") === 0) { pinned = false; hide(); select([id.slice(2)]); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
