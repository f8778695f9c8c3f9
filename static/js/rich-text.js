/* KLU Møder: the formatted-text editor over each textarea[data-rich-text]
   (meetings/workspace/widgets.py). It is django-prose-editor's build of Tiptap/ProseMirror,
   loaded only on pages that have such a field, and set up for exactly what the server
   keeps (meetings/richtext.py): paragraphs, headings 3 and 4, bold, italic, underline,
   lists, links (http, https, mailto), tables and quotations. Text pasted from Word is
   read through the same schema, so its classes, styles and <o:p> never reach the form.
   Without JavaScript the textarea stays, and the server takes plain text or HTML. */

const fields = document.querySelectorAll("textarea[data-rich-text]");
if (fields.length) {
  start(fields).catch((error) => {
    // The textarea is still there and still works; only the toolbar is missing.
    console.error("KLU Møder: the text editor could not start", error);
  });
}

const ALLOWED_LINK = /^(https?:\/\/|mailto:)/i;

async function start(textareas) {
  const labels = JSON.parse(textareas[0].dataset.richText || "{}");
  // django-prose-editor reads window.gettext once, when its module loads: its dialogs
  // then speak Danish. Set it first, unless the page already has a catalogue.
  if (!window.gettext) {
    const dialog = labels.dialog || {};
    window.gettext = (text) => dialog[text] || text;
  }
  const kit = await import("../django_prose_editor/editor.js");
  for (const textarea of textareas) {
    createEditor(kit, textarea, labels);
  }
}

function extensions(kit) {
  return [
    kit.Document, kit.Paragraph, kit.Text, kit.HardBreak,
    kit.Heading.configure({ levels: [3, 4] }),
    kit.Bold, kit.Italic, kit.Underline,
    kit.BulletList, kit.ListItem,
    // Numbers only: the server keeps <ol start> but no list type, so neither the type
    // dialog nor the type attribute (data-type) is offered.
    kit.OrderedList.configure({ enableListAttributes: false }).extend({
      addAttributes() {
        const { type, ...others } = this.parent?.() || {};
        return others;
      },
    }),
    kit.Blockquote,
    kit.Link.extend({
      // Only href, title and the rel the server writes on every link (meetings/richtext.py),
      // in the sanitiser's order: the editor's HTML then comes back from it unchanged.
      renderHTML({ mark }) {
        const { href, title } = mark.attrs;
        const attributes = ALLOWED_LINK.test(String(href || "").trim()) ? { href } : {};
        if (title) { attributes.title = title; }
        attributes.rel = "noopener noreferrer";
        return ["a", attributes, 0];
      },
    }).configure({
      enableTarget: false,
      // Tiptap makes a link mark "inclusive" when autolink is on: what is typed after a
      // link would become part of it.
      autolink: false,
      linkOnPaste: true,
      isAllowedUri: (url) => ALLOWED_LINK.test(String(url || "").trim()),
    }),
    kit.Table, kit.TableRow, kit.TableHeader, kit.TableCell,
    kit.History, kit.Dropcursor, kit.Gapcursor,
    kit.Menu.configure({
      // Plain button groups (no drop-down): every command is one Tab stop away.
      groups: [
        { group: "blockType -lists" },
        { group: "lists" },
        { group: "nodes -blockType -lists" },
        { group: "marks" },
        { group: "link" },
        { group: "table" },
        { group: "history" },
      ],
    }),
  ];
}

function createEditor(kit, textarea, labels) {
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  if (label && !label.id) { label.id = `${textarea.id}-label`; }
  const hintId = textarea.dataset.richTextHint;
  const describedBy = (textarea.getAttribute("aria-describedby") || "")
    .split(/\s+/).filter((id) => id && id !== hintId).join(" ");
  const attributes = { role: "textbox", "aria-multiline": "true" };
  if (label) { attributes["aria-labelledby"] = label.id; }
  if (describedBy) { attributes["aria-describedby"] = describedBy; }
  if (textarea.getAttribute("aria-invalid") === "true") { attributes["aria-invalid"] = "true"; }

  // As django-prose-editor's createTextareaEditor, with the attributes above and without
  // Tiptap's injected <style> (the Content-Security-Policy allows only style files;
  // static/css/klu.css has the few rules it would add).
  const element = document.createElement("div");
  element.className = "prose-editor";
  textarea.before(element);
  element.append(textarea);
  const editor = new kit.Editor({
    element,
    extensions: extensions(kit),
    content: textarea.value,
    injectCSS: false,
    editorProps: { attributes },
    onUpdate({ editor }) {
      textarea.value = editor.isEmpty ? "" : editor.getHTML();
    },
  });

  const hint = hintId && document.getElementById(hintId);
  if (hint) { hint.hidden = true; }
  if (label) { label.addEventListener("click", () => editor.commands.focus()); }
  // Tiptap builds the toolbar in its "create" event, after this constructor returns;
  // this listener comes after the toolbar's own.
  editor.on("create", () => labelToolbar(editor, labels));
  watchDialogs(element, labels);
  return editor;
}

// Toggles whose state a screen reader should hear ("pressed").
const TOGGLES = new Set(["paragraph", "heading3", "heading4", "bulletList", "orderedList", "blockquote",
  "bold", "italic", "underline"]);

function labelToolbar(editor, labels) {
  const menu = editor.storage.menu && editor.storage.menu.dom;
  if (!menu) { return; }
  menu.setAttribute("role", "toolbar");
  menu.setAttribute("aria-label", labels.toolbar || "Formatering");
  const names = labels.buttons || {};
  const buttons = menu.querySelectorAll("button[data-name]");
  for (const button of buttons) {
    const name = names[button.dataset.name];
    if (name) {
      button.setAttribute("aria-label", name);
      button.title = name;
    }
  }
  // The editor marks state with classes only; say it in ARIA too (a disabled button
  // stays focusable, so it is aria-disabled rather than disabled).
  const sync = () => {
    for (const button of buttons) {
      button.setAttribute("aria-disabled", button.classList.contains("disabled") ? "true" : "false");
      if (TOGGLES.has(button.dataset.name)) {
        button.setAttribute("aria-pressed", button.classList.contains("active") ? "true" : "false");
      }
    }
  };
  editor.on("transaction", sync);
  sync();
}

// The link and table dialogs are built by the editor when opened: give their few
// untranslatable texts Danish words, start a new table with a header row, and refuse
// a link the server would drop.
function watchDialogs(element, labels) {
  const words = labels.dialog || {};
  new MutationObserver(() => {
    for (const dialog of element.querySelectorAll("dialog.prose-editor-dialog:not([data-klu])")) {
      dialog.dataset.klu = "";
      for (const option of dialog.querySelectorAll("option")) {
        option.value = option.value || option.textContent;
        if (words[option.textContent]) { option.textContent = words[option.textContent]; }
      }
      const header = dialog.querySelector("select[name=withHeaderRow]");
      if (header) { header.value = "Yes"; }
      const href = dialog.querySelector("input[name=href]");
      if (href) {
        href.type = "url";
        href.required = true;
        href.autocomplete = "url";
        const check = () => {
          href.setCustomValidity(ALLOWED_LINK.test(href.value.trim()) ? "" : labels.invalidLink || "");
        };
        href.addEventListener("input", check);
        check();
      }
    }
  }).observe(element, { childList: true, subtree: true });
}
