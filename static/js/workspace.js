/* KLU Møder, the secretariat's workspace. Everything here improves a page that already
   works without JavaScript: the agenda has Up/Down/Sub-item buttons. The formatted-text
   editor is static/js/rich-text.js. */
(function () {
  "use strict";

  // ---- Agenda: drag and drop to reorder; the buttons remain for keyboard users.
  var list = document.querySelector(".agenda-editor[data-reorder-url]");
  if (!list) { return; }
  var dragged = null;
  var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value;

  list.addEventListener("dragstart", function (event) {
    dragged = event.target.closest(".agenda-row");
    if (dragged) { dragged.classList.add("is-dragging"); event.dataTransfer.effectAllowed = "move"; }
  });
  list.addEventListener("dragover", function (event) {
    if (!dragged) { return; }
    event.preventDefault();
    var over = event.target.closest(".agenda-row");
    if (!over || over === dragged) { return; }
    var box = over.getBoundingClientRect();
    list.insertBefore(dragged, event.clientY > box.top + box.height / 2 ? over.nextSibling : over);
  });
  list.addEventListener("dragend", function () {
    if (!dragged) { return; }
    dragged.classList.remove("is-dragging");
    dragged = null;
    var rows = Array.prototype.slice.call(list.querySelectorAll(".agenda-row"));
    var order = rows.map(function (row, index) {
      return row.dataset.item + (row.dataset.sub === "1" && index > 0 ? ":sub" : "");
    }).join(",");
    var body = new URLSearchParams({ order: order, csrfmiddlewaretoken: csrf });
    fetch(list.dataset.reorderUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (data) {
      data.items.forEach(function (item) {
        var row = list.querySelector('[data-item="' + item.id + '"] .agenda-label');
        if (row) { row.textContent = item.label; }
      });
      announce("Rækkefølgen er gemt.");
    }).catch(function () {
      announce("Rækkefølgen kunne ikke gemmes. Genindlæs siden.");
    });
  });

  function announce(text) {
    var live = document.getElementById("reorder-status");
    if (!live) {
      live = document.createElement("p");
      live.id = "reorder-status";
      live.setAttribute("role", "status");
      list.parentNode.insertBefore(live, list.nextSibling);
    }
    live.textContent = text;
  }
})();
