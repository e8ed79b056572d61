/*
 * Standaardantwoorden: a tenant's canned replies (/desk/api/canned-replies, api/desk/canned.py).
 * Supervisors and admins add, change and delete them in their own section (common.js's section, in
 * the queue's place). Every agent picks one in the composer: "Invullen" puts its text in the reply
 * field, where the agent can still change it; nothing is sent until they press "Versturen".
 * Everything from the server is shown as text.
 */
(function () {
  "use strict";

  const API = "/desk/api/canned-replies";
  const T = {
    open: "Standaardantwoorden",
    choose: "Kies een standaardantwoord",
    none: "Er zijn nog geen standaardantwoorden.",
    newTitle: "Nieuw standaardantwoord",
    editTitle: (title) => "Wijzig: " + title,
    edit: "Wijzigen",
    remove: "Verwijderen",
    saved: "Standaardantwoord opgeslagen.",
    removed: "Standaardantwoord verwijderd.",
    filled: "De tekst staat in het antwoordveld. Pas hem aan als dat nodig is.",
    askRemove: (title) => "Wil je het standaardantwoord “" + title + "” verwijderen? Je team kan het dan niet meer gebruiken.",
    yesRemove: "Ja, verwijderen",
    askReplace: "In het antwoordveld staat al tekst. Wil je die vervangen door het standaardantwoord?",
    yesReplace: "Ja, vervangen",
  };

  const { $, el, str, T: SHARED, confirmStep } = window.MantelwijzerDesk;
  const supervises = (agent) => agent.role === "supervisor" || agent.role === "admin";
  const panel = MantelwijzerDesk.section("canned", T.open, supervises, load);
  let replies = [];
  let editing = null; // the id of the reply in the form, or null for a new one
  let csrf = "";

  document.addEventListener("desk:signed-in", (event) => {
    csrf = (event.detail && event.detail.csrf_token) || "";
    load();
  });
  document.addEventListener("desk:signed-out", () => { replies = []; csrf = ""; render(); });

  function call(method, path, body) {
    return MantelwijzerDesk.request(API + path, method, body, csrf);
  }

  function announce(text) {
    const region = $("announce");
    region.textContent = "";
    setTimeout(() => { region.textContent = text; }, 30);
  }

  async function load() {
    const answer = await call("GET", "");
    if (answer.ok && answer.data && Array.isArray(answer.data.replies)) replies = answer.data.replies;
    render();
  }

  // ---- the composer's picker ---------------------------------------------------------------------
  function renderPicker() {
    const select = $("canned-choice");
    const chosen = select.value;
    select.replaceChildren(
      el("option", { value: "", text: T.choose }),
      ...replies.map((r) => el("option", { value: String(r.id), text: str(r.title) })),
    );
    if (replies.some((r) => String(r.id) === chosen)) select.value = chosen;
    $("canned-pick").hidden = !replies.length;
  }
  async function fill() {
    const reply = replies.find((r) => String(r.id) === $("canned-choice").value);
    const box = $("reply");
    if (!reply) { $("canned-choice").focus(); return; }
    if (box.value.trim() && box.value !== reply.text && !(await confirmStep(T.askReplace, T.yesReplace))) return;
    box.value = str(reply.text);
    box.dispatchEvent(new Event("input", { bubbles: true })); // the counter, and the agent's typing
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    announce(T.filled);
  }

  // ---- managing (supervisors and admins) ---------------------------------------------------------
  function showError(text) {
    $("canned-error").textContent = text || "";
    $("canned-error").hidden = !text;
  }
  function startEdit(reply) {
    editing = reply ? reply.id : null;
    $("canned-form-title").textContent = reply ? T.editTitle(str(reply.title)) : T.newTitle;
    $("canned-form-name").value = reply ? str(reply.title) : "";
    $("canned-form-text").value = reply ? str(reply.text) : "";
    $("canned-new").hidden = !reply;
    showError("");
    $("canned-form-name").focus();
  }
  async function save(event) {
    event.preventDefault();
    const body = { title: $("canned-form-name").value, text: $("canned-form-text").value };
    const answer = editing === null ? await call("POST", "", body) : await call("PUT", "/" + editing, body);
    if (!answer.ok) {
      const error = (answer.data && answer.data.error) || {};
      showError(str(error.message) || SHARED.server);
      if (answer.status === 404) { editing = null; await load(); }
      ($(error.field === "text" ? "canned-form-text" : "canned-form-name")).focus();
      return;
    }
    announce(T.saved);
    await load();
    startEdit(null);
  }
  async function remove(reply) {
    if (!(await confirmStep(T.askRemove(str(reply.title)), T.yesRemove))) return;
    const answer = await call("DELETE", "/" + reply.id);
    if (!answer.ok && answer.status !== 404) {
      showError(str(answer.data && answer.data.error && answer.data.error.message) || SHARED.server);
      return;
    }
    if (editing === reply.id) startEdit(null);
    announce(T.removed);
    await load();
    $("canned-list-title").setAttribute("tabindex", "-1");
    $("canned-list-title").focus();
  }
  function renderList() {
    const items = replies.map((reply) => el("li", { class: "canned-item" }, [
      el("h4", { text: str(reply.title) }),
      el("p", { class: "canned-text", text: str(reply.text) }),
      el("div", { class: "row" }, [
        el("button", {
          type: "button", class: "btn small", text: T.edit, "aria-label": T.edit + ": " + str(reply.title),
          onclick: () => startEdit(reply),
        }),
        el("button", {
          type: "button", class: "btn small danger", text: T.remove, "aria-label": T.remove + ": " + str(reply.title),
          onclick: () => remove(reply),
        }),
      ]),
    ]));
    $("canned-list").replaceChildren(...(items.length ? items : [el("li", { class: "help", text: T.none })]));
  }
  function render() {
    renderPicker();
    if (panel.isOpen()) renderList();
  }

  function wire() {
    $("canned-use").addEventListener("click", fill);
    $("canned-form").addEventListener("submit", save);
    $("canned-new").addEventListener("click", () => startEdit(null));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
