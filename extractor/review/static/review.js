// newsfacts review: one key per decision, sent with fetch() so the page never reloads.
// Every piece of text from the server is set with textContent or .value, never as HTML.
(() => {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const readOnly = document.body.dataset.readOnly === "1";
  const filters = document.body.dataset.filters || "";
  const items = Array.from(document.querySelectorAll("[data-record]"));
  const flash = document.getElementById("flash");
  const progress = document.getElementById("progress");
  const editor = document.getElementById("editor");
  const editorForm = document.getElementById("editor-form");
  const editorFields = document.getElementById("editor-fields");
  const editorError = document.getElementById("editor-error");
  const editorTitle = document.getElementById("editor-title");
  let cur = Math.max(0, items.findIndex((el) => el.classList.contains("current")));
  let editing = null; // the record id being corrected
  // decisions run one after another, in key order: a fast "a a r" is three decisions, none dropped
  let chain = Promise.resolve();
  const enqueue = (task) => (chain = chain.then(task, task));

  const pathOf = (id) => id.split("/").map(encodeURIComponent).join("/");
  const byId = (id) => items.find((el) => el.dataset.record === id);

  function say(text, isError) {
    flash.textContent = text;
    flash.classList.toggle("flash-error", !!isError);
    flash.classList.add("shown");
  }

  function marksOf(id) {
    return document.querySelectorAll('mark[data-id="' + CSS.escape(id) + '"]');
  }

  function select(i, scroll = true) {
    if (!items.length) return;
    cur = Math.min(Math.max(i, 0), items.length - 1);
    items.forEach((el, n) => el.classList.toggle("current", n === cur));
    document.querySelectorAll("mark.selected").forEach((m) => m.classList.remove("selected"));
    const marks = marksOf(items[cur].dataset.record);
    marks.forEach((m) => m.classList.add("selected"));
    if (scroll) {
      items[cur].scrollIntoView({ block: "nearest" });
      if (marks.length) marks[0].scrollIntoView({ block: "nearest" });
    }
  }

  // show a record's new state wherever the page shows it: its list item and its highlights
  function show(id, word, summary) {
    const el = byId(id);
    if (el) {
      el.dataset.word = word;
      const st = el.querySelector(".status");
      if (st) { st.textContent = word; st.className = "status status-" + word; }
      const sm = el.querySelector(".summary");
      if (sm && summary) sm.textContent = summary;
    }
    marksOf(id).forEach((m) => {
      m.className = m.className.replace(/\bst-\S+/g, "").trim() + " st-" + word;
    });
  }

  async function post(url, body) {
    const res = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ ...body, filters }),
    });
    let data;
    try { data = await res.json(); } catch (e) { data = { error: res.status + " " + res.statusText }; }
    if (!res.ok || !data.ok) throw new Error(data.error || res.statusText);
    if (data.progress) progress.textContent = data.progress;
    return data;
  }

  async function decide(action, corrections) {
    if (readOnly) { say("read-only: decisions are switched off on this server", true); return null; }
    if (!items.length) return null;
    const id = editing || items[cur].dataset.record;
    const data = await post("/api/decide", { record_id: id, action, corrections });
    show(id, data.status, data.summary);
    const names = { accept: "Accepted", reject: "Rejected", correct: "Corrected" };
    say(names[action] + ": " + id);
    if (action !== "correct") select(cur + 1);
    return data;
  }

  async function undo() {
    if (readOnly) { say("read-only: decisions are switched off on this server", true); return; }
    try {
      const data = await post("/api/undo", {});
      if (!data.record_id) { say("Nothing to undo"); return; }
      show(data.record_id, data.status, data.summary);
      const i = items.findIndex((el) => el.dataset.record === data.record_id);
      if (i >= 0) select(i);
      say("Undone: " + data.record_id + " is " + data.status + " again");
    } catch (err) {
      say(err.message, true);
    }
  }

  // the edit form: one input per editable field, choices as selects, built from the record's JSON
  async function openEditor() {
    if (readOnly) { say("read-only: corrections are switched off on this server", true); return; }
    if (!items.length) return;
    const id = items[cur].dataset.record;
    const res = await fetch("/api/record/" + pathOf(id), { credentials: "same-origin" });
    const rec = await res.json();
    if (!res.ok) { say(rec.error || res.statusText, true); return; }
    editing = id;
    editorTitle.textContent = rec.type + " “" + rec.record.text + "”";
    editorFields.replaceChildren();
    editorError.textContent = "";
    for (const f of rec.editable) {
      const label = document.createElement("label");
      const name = document.createElement("span");
      name.textContent = f.name;
      let input;
      if (f.input === "choice") {
        input = document.createElement("select");
        const options = f.optional ? [null, ...f.choices] : f.choices;
        for (const c of options) {
          const o = document.createElement("option");
          o.value = c === null ? "" : String(c);
          o.textContent = c === null ? "—" : String(c);
          if (String(c) === String(f.value) || (c === null && f.value === null)) o.selected = true;
          input.appendChild(o);
        }
      } else {
        input = document.createElement("input");
        input.type = "text";
        input.value = f.value === null ? "" : String(f.value);
        if (f.input === "number") input.inputMode = "decimal";
      }
      input.name = f.name;
      input.dataset.original = f.value === null ? "" : String(f.value);
      label.append(name, input);
      if (String(f.extracted) !== String(f.value)) {
        const was = document.createElement("small");
        was.textContent = "extracted: " + (f.extracted === null ? "—" : String(f.extracted));
        label.appendChild(was);
      }
      editorFields.appendChild(label);
    }
    editor.hidden = false;
    const first = editorFields.querySelector("input, select");
    if (first) { first.focus(); if (first.select) first.select(); }
  }

  function closeEditor() {
    // the focused input is hidden now: give the keys back to the page, or j/k/a/r would type into nothing
    if (editor.contains(document.activeElement)) document.activeElement.blur();
    editor.hidden = true;
    editing = null;
  }

  editorForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const corrections = {};
    for (const input of editorFields.querySelectorAll("input, select")) corrections[input.name] = input.value;
    enqueue(async () => {
      try {
        await decide("correct", corrections);
        closeEditor();
      } catch (err) {
        editorError.textContent = err.message;
      }
    });
  });
  document.getElementById("editor-cancel").addEventListener("click", closeEditor);

  async function act(action) {
    if (!editor.hidden) return; // a key queued before the editor opened waits for no one
    try {
      if (action === "accept" || action === "reject") await decide(action);
      else if (action === "edit") await openEditor();
      else if (action === "undo") await undo();
    } catch (err) {
      say(err.message, true);
    }
  }

  document.querySelectorAll("button[data-action]").forEach((b) =>
    b.addEventListener("click", () => enqueue(() => act(b.dataset.action))));
  items.forEach((el, i) => el.addEventListener("click", (ev) => {
    if (!ev.target.closest("a, button")) select(i, false);
  }));

  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (!editor.hidden) {
      if (ev.key === "Escape") { ev.preventDefault(); closeEditor(); }
      return;
    }
    if (ev.target.closest && ev.target.closest("input, select, textarea")) return;
    const onRecordPage = !!document.querySelector(".record-view");
    const go = (id) => { const a = document.getElementById(id); if (a) location.href = a.href; };
    const tasks = {
      a: () => act("accept"),
      r: () => act("reject"),
      e: () => act("edit"),
      u: () => act("undo"),
      j: () => {
        if (onRecordPage) go("next");
        else if (cur === items.length - 1 && document.getElementById("next-batch")) go("next-batch");
        else select(cur + 1);
      },
      k: () => (onRecordPage ? go("prev") : select(cur - 1)),
      Enter: () => {
        if (!onRecordPage && items.length) location.href = "/record/" + pathOf(items[cur].dataset.record);
      },
    };
    const task = tasks[ev.key];
    if (!task) return;
    // moves wait for the decisions before them, so "a j" accepts this record and then moves on from the next
    enqueue(task);
    ev.preventDefault();
  });

  const fromHash = decodeURIComponent(location.hash.slice(1));
  const start = fromHash ? items.findIndex((el) => el.dataset.record === fromHash) : -1;
  select(start >= 0 ? start : cur, start >= 0);
})();
