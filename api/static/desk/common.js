/*
 * Shared by the desk's scripts (desk.js, insights.js, arrangements.js, canned.js, hours.js), loaded
 * before them: the small DOM helpers, the words they share, a confirmation dialog, and the side
 * sections ("Inzicht", "Regelingen", "Standaardantwoorden") that
 * take the queue's place for the roles allowed to see them. desk.js tells the sections who signed
 * in ("desk:signed-in", with the login answer) and when they signed out ("desk:signed-out").
 */
(function () {
  "use strict";

  const T = {
    back: "Terug naar de wachtrij",
    offline: "Geen verbinding met de server. Probeer het opnieuw.",
    server: "Er ging iets mis aan onze kant. Probeer het opnieuw.",
  };

  const $ = (id) => document.getElementById(id);
  // el() and str() are the widget's too (api/static/shared.js, loaded before this file)
  const { el, str } = MantelwijzerShared;

  /**
   * A call to the desk's API (desk.js and the side sections): resolves to { ok, status, data } and never
   * throws (no connection or an unreadable answer become an error message). `csrf` goes with every
   * call that changes something.
   */
  async function request(url, method, body, csrf) {
    const headers = { Accept: "application/json" };
    if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(url, {
        method, headers, credentials: "same-origin", cache: "no-store",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      return { ok: false, status: 0, data: { error: { message: T.offline } } };
    }
    let data = null;
    if (response.status !== 204) {
      try { data = await response.json(); } catch (e) { data = { error: { message: T.server } }; }
    }
    return { ok: response.ok, status: response.status, data };
  }

  const sections = [];
  /**
   * A section `#<name>` with its button `#<name>-toggle` (label `label`) and heading `#<name>-title`:
   * open, it takes the place of the queue (`#desk-view`) and of any other section; the button then
   * reads "Terug naar de wachtrij". Shown only to agents for whom `allowed(agent)` is true.
   * Returns { who(), isOpen(), close() }; `onOpen` runs after opening, `onClose` after closing.
   */
  function section(name, label, allowed, onOpen, onClose) {
    let who = null;
    let open = false;
    const toggleButton = () => $(name + "-toggle");
    function close() {
      const wasOpen = open;
      open = false;
      $(name).hidden = true;
      toggleButton().textContent = label;
      toggleButton().setAttribute("aria-expanded", "false");
      if (wasOpen && who) $("desk-view").hidden = false;
      if (wasOpen && onClose) onClose();
    }
    function show() {
      for (const other of sections) if (other !== api) other.close();
      open = true;
      $(name).hidden = false;
      $("desk-view").hidden = true;
      toggleButton().textContent = T.back;
      toggleButton().setAttribute("aria-expanded", "true");
      $(name + "-title").focus();
      if (onOpen) onOpen();
    }
    function toggle() {
      if (!open) return show();
      close();
      const queue = $("queue-title");
      if (queue) queue.focus();
    }
    document.addEventListener("desk:signed-in", (event) => {
      who = event.detail;
      const may = Boolean(who && who.agent && allowed(who.agent));
      toggleButton().hidden = !may;
      if (!may) close();
    });
    document.addEventListener("desk:signed-out", () => {
      who = null;
      toggleButton().hidden = true;
      close();
    });
    const wire = () => toggleButton().addEventListener("click", toggle);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
    else wire();
    const api = { who: () => who, isOpen: () => open, close };
    sections.push(api);
    return api;
  }

  /**
   * Asks in the page's modal dialog (#confirm: focus stays inside, Escape cancels); resolves to true
   * when the agent chose `yes` (the button's words). Focus goes back to where it was.
   */
  function confirmStep(text, yes) {
    const dialog = $("confirm");
    const before = document.activeElement;
    $("confirm-text").textContent = text;
    $("confirm-yes").textContent = yes;
    return new Promise((resolve) => {
      function done(answer) {
        $("confirm-yes").removeEventListener("click", onYes);
        $("confirm-no").removeEventListener("click", onNo);
        dialog.removeEventListener("close", onClose);
        if (dialog.open) dialog.close();
        if (before && typeof before.focus === "function" && document.contains(before)) before.focus();
        resolve(answer);
      }
      const onYes = () => done(true);
      const onNo = () => done(false);
      const onClose = () => done(false); // Escape
      $("confirm-yes").addEventListener("click", onYes);
      $("confirm-no").addEventListener("click", onNo);
      dialog.addEventListener("close", onClose);
      dialog.showModal();
      $("confirm-no").focus(); // the safe choice first
    });
  }

  window.MantelwijzerDesk = { $, el, str, T, section, confirmStep, request };
})();
