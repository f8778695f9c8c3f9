/* KLU Møder, the secretariat's workspace. Everything here improves a page that already
   works without JavaScript: textareas accept formatted text as HTML, and the agenda
   has Up/Down/Sub-item buttons. The server sanitises whatever is sent. */
(function () {
  "use strict";

  // ---- Formatted text: a contenteditable area with a small toolbar over each textarea.
  var COMMANDS = [
    ["bold", "Fed", "B"],
    ["italic", "Kursiv", "I"],
    ["insertUnorderedList", "Punktliste", "•"],
    ["insertOrderedList", "Nummereret liste", "1."],
    ["createLink", "Link", "🔗"]
  ];

  function richText(textarea) {
    var wrapper = document.createElement("div");
    wrapper.className = "rich-editor";
    var toolbar = document.createElement("div");
    toolbar.className = "rich-editor__toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Formatering");
    var area = document.createElement("div");
    area.className = "rich-editor__area form-input";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.id = label.id || textarea.id + "-label";
      area.setAttribute("aria-labelledby", label.id);
      // The label now names the editable area; clicking it should focus the area.
      label.addEventListener("click", function () { area.focus(); });
    }
    area.innerHTML = textarea.value;
    COMMANDS.forEach(function (command) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-tertiary";
      button.textContent = command[2];
      button.setAttribute("aria-label", command[1]);
      button.addEventListener("click", function () {
        area.focus();
        if (command[0] === "createLink") {
          var url = window.prompt("Adresse (https://…)");
          if (url && /^(https?:|mailto:)/i.test(url)) { document.execCommand("createLink", false, url); }
        } else {
          document.execCommand(command[0], false, null);
        }
        sync();
      });
      toolbar.appendChild(button);
    });
    function sync() { textarea.value = area.innerHTML; }
    area.addEventListener("input", sync);
    area.addEventListener("blur", sync);
    textarea.form && textarea.form.addEventListener("submit", sync);
    textarea.hidden = true;
    textarea.setAttribute("aria-hidden", "true");
    textarea.tabIndex = -1;
    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
  }

  document.querySelectorAll("textarea[data-rich-text]").forEach(richText);

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
