/*
 * Regelingen: the employer's own arrangements, for the tenant's admins (/desk/api/arrangements,
 * api/desk/arrangements.py). The admin pastes or chooses the YAML file, checks it ("Controleren":
 * the problems in Dutch with line and field, or the items as people will see them), then publishes
 * it ("Publiceren"): the next message of every conversation uses it. Earlier versions can be looked
 * at and published again. Everything from the server is shown as text. Helpers and the section's
 * showing and hiding are common.js's.
 */
(function () {
  "use strict";

  const API = "/desk/api/arrangements";
  const T = {
    open: "Regelingen",
    checking: "Bestand controleren…",
    checked: "Het bestand is goed. Bekijk hieronder hoe mensen het zien.",
    hasErrors: (n) => (n === 1 ? "Er is 1 fout. " : "Er zijn " + n + " fouten. ") + "Er is niets gepubliceerd.",
    published: "Gepubliceerd.",
    line: (n) => "Regel " + n,
    item: (id) => "regeling " + id,
    field: (name) => "veld " + name,
    warnings: "Let op",
    version: (v) => "Versie " + v,
    active: "actief",
    by: (name, when) => (name ? name + ", " : "") + when,
    view: "Bekijk",
    again: "Opnieuw publiceren",
    none: "Er is nog niets gepubliceerd. Mensen zien de regelingen die Mantelwijzer al had.",
    readFailed: "Dit bestand kon niet worden gelezen.",
  };

  const { $, el, str, T: SHARED } = window.MantelwijzerDesk;

  // ---- showing and hiding (common.js: in the queue's place, for admins) ----------------------------
  const panel = MantelwijzerDesk.section("arrangements", T.open, (agent) => agent.role === "admin", loadVersions);
  let checkedText = null; // the text the last successful check was for: only that may be published

  function call(method, path, body) {
    return MantelwijzerDesk.request(API + path, method, body, panel.who() && panel.who().csrf_token);
  }

  // ---- checking and publishing -------------------------------------------------------------------
  function status(text, isError) {
    const node = $("arrangements-status");
    node.textContent = text || "";
    node.className = isError ? "error" : "note";
    node.hidden = !text;
  }
  function where(problem) {
    const parts = [];
    if (problem.line) parts.push(T.line(problem.line));
    if (problem.item) parts.push(T.item(problem.item));
    if (problem.field) parts.push(T.field(problem.field));
    return parts.join(", ");
  }
  function problemList(problems, className) {
    return el("ul", { class: className }, problems.map((p) => {
      const place = where(p);
      return el("li", {}, [place ? el("strong", { text: place + ": " }) : null, document.createTextNode(str(p.message))]);
    }));
  }
  /** An item as the person will see it in the widget (api/static/shared.js), with its summary. */
  function card(item) {
    const shown = MantelwijzerShared.card(item, { preview: true });
    if (item.summary) shown.querySelector("h4").after(el("p", { text: str(item.summary) }));
    return shown;
  }
  function showResult(data) {
    const body = $("arrangements-result");
    body.replaceChildren();
    const errors = Array.isArray(data.errors) ? data.errors : [];
    const warnings = Array.isArray(data.warnings) ? data.warnings : [];
    if (errors.length) body.append(problemList(errors, "arr-errors"));
    if (warnings.length) body.append(el("h3", { text: T.warnings }), problemList(warnings, "arr-warnings"));
    const items = Array.isArray(data.items) ? data.items : [];
    if (items.length) body.append(el("div", { class: "arr-preview" }, items.map(card)));
  }
  async function check(event) {
    if (event) event.preventDefault();
    const text = $("arrangements-yaml").value;
    checkedText = null;
    $("arrangements-publish").disabled = true;
    status(T.checking);
    const answer = await call("POST", "/preview", { yaml: text });
    const data = answer.data || {};
    if (!answer.ok) {
      status(str(data.error && data.error.message) || SHARED.server, true);
      return;
    }
    showResult(data);
    if (data.ok) {
      checkedText = text;
      $("arrangements-publish").disabled = false;
      status(T.checked);
    } else {
      status(T.hasErrors((data.errors || []).length), true);
      const first = $("arrangements-result").querySelector("li");
      if (first) first.setAttribute("tabindex", "-1");
    }
  }
  async function publish() {
    const text = $("arrangements-yaml").value;
    if (text !== checkedText) return check();
    $("arrangements-publish").disabled = true;
    const answer = await call("POST", "", { yaml: text });
    const data = answer.data || {};
    showResult(data);
    status(str(data.message || (data.error && data.error.message)) || (answer.ok ? T.published : SHARED.server), !answer.ok);
    checkedText = null;
    loadVersions();
  }
  async function readFile() {
    const file = $("arrangements-file").files[0];
    if (!file) return;
    try {
      $("arrangements-yaml").value = await file.text();
    } catch (e) {
      status(T.readFailed, true);
      return;
    }
    check();
  }
  function edited() {
    if ($("arrangements-yaml").value !== checkedText) $("arrangements-publish").disabled = true;
  }

  // ---- versions ----------------------------------------------------------------------------------
  async function loadVersions() {
    const answer = await call("GET", "");
    const list = $("arrangements-versions");
    list.replaceChildren();
    if (!answer.ok) {
      list.append(el("li", { text: str(answer.data.error && answer.data.error.message) || SHARED.server }));
      return;
    }
    const versions = Array.isArray(answer.data.versions) ? answer.data.versions : [];
    if (!versions.length) list.append(el("li", { text: T.none }));
    for (const v of versions) {
      const when = new Date(str(v.published_at || v.uploaded_at)).toLocaleString("nl-NL");
      list.append(el("li", { class: v.active ? "active" : "" }, [
        el("strong", { text: T.version(v.version) + (v.active ? " (" + T.active + ")" : "") }),
        document.createTextNode(" · " + T.by(str(v.published_by || v.uploaded_by), when) + " "),
        el("button", { type: "button", class: "btn", text: T.view, onclick: () => view(v.version) }),
        v.active ? null : el("button", { type: "button", class: "btn", text: T.again, onclick: () => again(v.version) }),
      ]));
    }
  }
  async function view(version) {
    const answer = await call("GET", "/versions/" + encodeURIComponent(version));
    if (!answer.ok) return status(str(answer.data.error && answer.data.error.message) || SHARED.server, true);
    $("arrangements-yaml").value = str(answer.data.yaml);
    check();
  }
  async function again(version) {
    const answer = await call("POST", "/versions/" + encodeURIComponent(version) + "/publish");
    const data = answer.data || {};
    showResult(data);
    status(str(data.message || (data.error && data.error.message)) || SHARED.server, !answer.ok);
    loadVersions();
  }

  function wire() {
    $("arrangements-form").addEventListener("submit", check);
    $("arrangements-publish").addEventListener("click", publish);
    $("arrangements-file").addEventListener("change", readFile);
    $("arrangements-yaml").addEventListener("input", edited);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
