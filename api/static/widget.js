/*
 * Mantelwijzer chat widget. One script tag adds a chat button and panel to any page:
 *
 *   <script src="https://…/widget.js" data-api="https://…" data-tenant="…" data-title="…"
 *           defer></script>
 *
 * On an intranet the employer's own server signs a tenant_token (docs/gateway.md, "Intranets") and
 * the page passes it on: data-tenant-token="<jwt>", and/or data-tenant-token-function="name" of a
 * function on window that returns (a promise of) a fresh token, asked when there is none or the
 * gateway refused an expired one. The tenant's name and colour then show in the chat.
 *
 * data-api and the stylesheet (data-css, default <origin>/static/widget.css) default to the origin
 * the script came from. No dependencies, no requests to anyone but the gateway; everything lives in a
 * shadow root, so the host page's CSS cannot break the widget, nor the widget the page.
 * Everything from the network is rendered with textContent, never as HTML.
 * Speaks the public web API of shared/design/architecture.md plus the gateway's transcript
 * (GET …/messages) and Server-Sent Events (GET …/events, read with fetch because of the Bearer header).
 */
(function () {
  "use strict";
  if (window.Mantelwijzer) return; // loaded twice: keep the first

  const script = document.currentScript;
  const data = (script && script.dataset) || {};
  const scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  const cfg = {
    api: (data.api || scriptOrigin).replace(/\/+$/, ""),
    tenant: data.tenant || null,
    tenantToken: data.tenantToken || null,
    tenantTokenFunction: data.tenantTokenFunction || null,
    title: data.title || "Mantelwijzer",
    css: data.css || scriptOrigin + "/static/widget.css",
  };
  const MAX_LENGTH = 2000;
  const FIRST_ITEMS = 3; // the overview shows this many items before "Toon meer"
  const COUNTER_FROM = 1800;
  // sessionStorage, not localStorage or a cookie: it survives a reload and navigation within the tab,
  // and is gone when the tab closes, so the next person on a shared computer does not find the chat.
  const STORAGE_KEY = "mantelwijzer:" + cfg.api + ":" + (cfg.tenant || "");

  const T = {
    launcher: "Chat met " + cfg.title,
    unread: (n) => (n === 1 ? "1 nieuw bericht" : n + " nieuwe berichten"),
    tabTitle: (n) => "(" + n + ") " + (n === 1 ? "Nieuw bericht" : "Nieuwe berichten"),
    previewClose: "Melding sluiten",
    messages: "Berichten",
    quickLabel: "Kies een antwoord",
    found: (n) => (n === 1 ? "1 mogelijkheid voor je gevonden" : n + " mogelijkheden voor je gevonden"),
    agentNamed: (name) => name + " van de servicedesk",
    agentTyping: (name) => name + " typt een bericht…",
    closedInput: "Dit gesprek is afgesloten. Begin een nieuw gesprek als je nog iets wilt vragen.",
    resume: {
      save: "Bewaar dit gesprek",
      open: "Verder met een eerder gesprek",
      title: "Je gesprek is bewaard",
      code: "Je code",
      link: "Je link",
      copyCode: "Kopieer code",
      copyLink: "Kopieer link",
      copied: "Gekopieerd.",
      copyFailed: "Kopiëren lukte niet. Selecteer de tekst en kopieer hem zelf.",
      kept: (until) => "Met deze code of link ga je verder met dit gesprek en je overzicht, ook in een ander " +
        "tabblad of op een andere computer. De code werkt tot " + until + ". " +
        "Je ziet de code maar één keer: bewaar hem goed. Wie de code heeft, kan je gesprek lezen.",
      formTitle: "Verder met een eerder gesprek",
      codeLabel: "Je code",
      codeHint: "De code heeft 16 letters en cijfers, bijvoorbeeld ABCD-EFGH-JKMN-PQRS.",
      send: "Verder met dit gesprek",
      empty: "Vul je code in.",
      back: "Je bent terug in je eerdere gesprek.",
      switchQuestion: "Wil je verder met een eerder bewaard gesprek? Je huidige gesprek in dit tabblad wordt dan " +
        "gesloten (niet gewist).",
      switchYes: "Ja, verder",
      switchNo: "Nee",
    },
    erase: "Gesprek wissen",
    close: "Chat sluiten",
    inputLabel: "Typ je bericht",
    placeholder: "Typ je bericht…",
    send: "Versturen",
    you: "Jij: ",
    bot: cfg.title + ": ",
    agent: "Medewerker",
    said: (who, text) => who + ": " + text,
    typing: cfg.title + " typt een antwoord…",
    counter: (n) => n + " van " + MAX_LENGTH + " tekens",
    atLimit: "Je bericht is zo lang als mag.",
    notSent: "Niet verstuurd.",
    retry: "Opnieuw proberen",
    offline: "Er is geen verbinding met " + cfg.title + ". Controleer je internet en probeer het opnieuw.",
    tooMany: "Je stuurt veel berichten tegelijk. Wacht even en probeer het dan opnieuw.",
    server: "Er ging iets mis bij " + cfg.title + ". Probeer het over een paar minuten opnieuw.",
    gone: "Dit gesprek bestaat niet meer. Je kunt een nieuw gesprek beginnen.",
    previousGone: "Je vorige gesprek bestaat niet meer. Je begint hier een nieuw gesprek.",
    newChat: "Nieuw gesprek beginnen",
    confirmQuestion: "Wil je dit gesprek wissen? Alles wat je hebt getypt, wordt verwijderd. Dit kun je niet terugdraaien.",
    confirmYes: "Ja, wis het gesprek",
    confirmNo: "Nee, niet wissen",
    erased: "Je gesprek is gewist. Er is niets meer van bewaard.",
    state: {
      waiting: "Je wacht op een medewerker. Je kunt je vraag alvast typen.",
      assigned: "Een medewerker praat nu met je.",
      unavailable: "Niemand beschikbaar op dit moment. Probeer het later nog eens, of stel je vraag hier.",
      closed: "De medewerker heeft het gesprek afgesloten.",
      bot: "Je praat weer met " + cfg.title + ".",
    },
    ask: { // leaving a question for the desk outside its opening hours
      open: "Vraag achterlaten",
      title: "Laat je vraag achter",
      question: "Je vraag",
      how: "Hoe wil je antwoord krijgen?",
      byPhone: "Bel me",
      byEmail: "Mail me",
      phone: "Je telefoonnummer",
      email: "Je e-mailadres",
      send: "Vraag versturen",
      empty: "Typ eerst je vraag.",
      noContact: "Vul je telefoonnummer of e-mailadres in.",
      noConsent: "Zet een vinkje als je het goed vindt dat we je gegevens bewaren. Anders kunnen we je niet bereiken.",
    },
    more: (n) => "Toon meer (nog " + n + ")",
    docs: {
      label: "Je overzicht bewaren",
      pdf: "Download als PDF",
      mail: "Mail naar mezelf",
      letter: "Brief voor je werkgever",
      busy: "Even geduld, het document wordt gemaakt…",
      saved: "Het document staat in je downloads.",
      mailTitle: "Stuur je overzicht naar je mail",
      mailAddress: "Je e-mailadres",
      mailHint: "We gebruiken dit adres alleen voor deze mail en bewaren het niet.",
      mailSend: "Mail versturen",
      mailEmpty: "Vul je e-mailadres in.",
      mailed: "Je overzicht is gemaild. Kijk ook in je map met ongewenste mail. We hebben je adres niet bewaard.",
      letterTitle: "Brief voor je werkgever",
      letterKind: "Wat wil je maken?",
      letterHint: "Je hoeft niet alles in te vullen. Wat je leeg laat, vul je later zelf in de brief in.",
      format: "Als",
      formatPdf: "PDF (om te printen)",
      formatDocx: "Word (om zelf aan te passen)",
      letterSend: "Brief maken",
    },
    cancel: "Annuleren",
    groups: {
      werk: "Werk en verlof",
      respijtzorg: "Even vrij van de zorg (respijtzorg)",
      gemeente: "Hulp van je gemeente",
      geld: "Geld",
      steun: "Steun en informatie",
      other: "Meer hulp",
    },
  };

  // ---- small helpers ---------------------------------------------------------------------------
  // el(), str(), linkify() and the card are shared with the desk (api/static/shared.js, served in
  // one block with this file by the gateway)
  const { el, str, linkify, card } = MantelwijzerShared;
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16)); // plain-http intranets have no randomUUID
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const reducedMotion = () => window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;

  // ---- session (conversation id + token) -------------------------------------------------------
  function loadSession() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null");
      if (!saved || !saved.id || !saved.token) return null;
      const found = { id: String(saved.id), token: String(saved.token) };
      if (saved.tenant && typeof saved.tenant === "object") found.tenant = saved.tenant;
      return found;
    } catch (e) {
      return null; // storage blocked or damaged: start fresh
    }
  }
  function saveSession(value) {
    try {
      if (value) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
      else sessionStorage.removeItem(STORAGE_KEY);
    } catch (e) {
      /* storage blocked: the chat still works, it just does not survive a reload */
    }
  }

  // ---- DOM -------------------------------------------------------------------------------------
  const host = el("div", { id: "mantelwijzer-widget" });
  const root = host.attachShadow({ mode: "open" });
  function icon() { // a speech bubble
    const svg = (tag, attrs) => Object.entries(attrs).reduce((node, [k, v]) => (node.setAttribute(k, v), node),
      document.createElementNS("http://www.w3.org/2000/svg", tag));
    const bubbleIcon = svg("svg", { viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false" });
    bubbleIcon.append(svg("path", { fill: "currentColor", d: "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" }));
    return bubbleIcon;
  }
  // The button's name is its words (shown from 480 px) and the unread count: "Chat met …, 1 nieuw bericht".
  // The count is drawn by CSS (attr(data-count)), so its visible text stays a part of that name.
  const badge = el("span", { class: "badge", hidden: true, "aria-hidden": "true" });
  const launcher = el("button", {
    type: "button", class: "launcher", "aria-label": T.launcher, "aria-expanded": "false", "aria-controls": "mw-panel",
  }, [icon(), el("span", { class: "label", text: T.launcher }), badge]);
  // With the panel closed, an agent's reply shows here: who, the first words, and a way to dismiss it.
  const previewText = el("span", { class: "preview-text" });
  const preview = el("div", { class: "preview", hidden: true }, [
    el("button", { type: "button", class: "preview-open", onclick: () => openPanel() }, [previewText]),
    el("button", { type: "button", class: "preview-x", "aria-label": T.previewClose, onclick: () => dismissPreview() },
      [el("span", { text: "×", "aria-hidden": "true" })]),
  ]);

  const eraseButton = el("button", { type: "button", text: T.erase, onclick: askErase });
  const closeButton = el("button", { type: "button", class: "x", "aria-label": T.close, onclick: () => closePanel() },
    [el("span", { text: "×", "aria-hidden": "true" })]);
  const stateLine = el("p", { class: "state", hidden: true });
  const tenantLine = el("p", { class: "tenant", hidden: true }); // the employer, on an intranet
  const confirmText = el("p", { id: "mw-confirm", text: T.confirmQuestion, tabindex: "-1" });
  const confirmBox = el("div", { class: "confirm", role: "group", "aria-labelledby": "mw-confirm", hidden: true }, [
    confirmText,
    el("div", { class: "row" }, [
      el("button", { type: "button", class: "btn danger", text: T.confirmYes, onclick: () => erase() }),
      el("button", { type: "button", class: "btn", text: T.confirmNo, onclick: () => cancelErase(true) }),
    ]),
  ]);
  // Opened with a resume link while this tab has a conversation of its own: ask before switching.
  const switchText = el("p", { id: "mw-switch", text: T.resume.switchQuestion, tabindex: "-1" });
  const switchYes = el("button", { type: "button", class: "btn", text: T.resume.switchYes });
  const switchNo = el("button", { type: "button", class: "btn", text: T.resume.switchNo });
  const switchBox = el("div", { class: "confirm", role: "group", "aria-labelledby": "mw-switch", hidden: true }, [
    switchText, el("div", { class: "row" }, [switchYes, switchNo]),
  ]);
  // No aria-live on the log: a new message is told in one short line in `status` (an overview of
  // eight cards is not read out whole); the log itself is read like any other part of the page.
  const log = el("div", { class: "log" });
  const typing = el("div", { class: "typing", hidden: true }, [
    el("i", { "aria-hidden": "true" }), el("i", { "aria-hidden": "true" }), el("i", { "aria-hidden": "true" }),
    el("span", { class: "sr", text: T.typing }),
  ]);
  const agentTypingText = el("span", { class: "typing-who" });
  const agentTyping = el("div", { class: "agent-typing", hidden: true }, [
    el("i", { "aria-hidden": "true" }), el("i", { "aria-hidden": "true" }), el("i", { "aria-hidden": "true" }),
    agentTypingText,
  ]);
  // short announcements for screen readers; outside the panel, so they are heard while it is closed too
  const status = el("div", { class: "sr", role: "status" });
  const saveButton = el("button", { type: "button", class: "btn", text: T.resume.save, hidden: true, onclick: () => saveConversation() });
  const resumeButton = el("button", { type: "button", class: "btn", text: T.resume.open, onclick: () => askResumeCode() });
  // the gateway's privacy notice (api/texts/__init__.py, marked `notice: "privacy"`), shown here once
  const privacyNote = el("p", { class: "privacy", hidden: true });
  const intro = el("div", { class: "intro" }, [
    privacyNote,
    el("div", { class: "row" }, [saveButton, resumeButton]),
  ]);
  // The scrolling message area is a labelled region that takes the keyboard focus, so that it can
  // be scrolled with the arrow keys (WCAG 2.1.1; axe-core's scrollable-region-focusable).
  const scroller = el("div", { class: "scroll", role: "region", "aria-label": T.messages, tabindex: "0" },
    [intro, log, typing, agentTyping]);
  const errorText = el("span");
  const errorButton = el("button", { type: "button", class: "btn", hidden: true });
  const errorLine = el("p", { class: "error", role: "alert", hidden: true }, [errorText, errorButton]);
  const input = el("textarea", {
    id: "mw-input", rows: "1", maxlength: String(MAX_LENGTH), placeholder: T.placeholder,
    "aria-describedby": "mw-counter", autocomplete: "off",
  });
  const counter = el("p", { id: "mw-counter", class: "counter", hidden: true });
  const sendButton = el("button", { type: "submit", class: "btn primary", text: T.send });
  const form = el("form", { class: "form", novalidate: true }, [
    el("div", { class: "field" }, [el("label", { for: "mw-input", class: "sr", text: T.inputLabel }), input, counter]),
    sendButton,
  ]);
  const panel = el("div", { id: "mw-panel", class: "panel", role: "dialog", "aria-label": cfg.title, tabindex: "-1", hidden: true }, [
    el("div", { class: "head" }, [el("div", { class: "titles" }, [el("h2", { text: cfg.title }), tenantLine]), eraseButton, closeButton]),
    stateLine, confirmBox, switchBox, scroller, errorLine, form,
  ]);
  // The stylesheet lives beside the script (a <link>, so pages with a strict Content-Security-Policy
  // need only allow the gateway's origin); the widget stays hidden until it has loaded.
  const sheet = el("link", { rel: "stylesheet", href: cfg.css });
  host.style.display = "none";
  const reveal = () => host.style.removeProperty("display");
  sheet.addEventListener("load", reveal);
  sheet.addEventListener("error", reveal);
  root.append(sheet, el("div", { class: "mw" }, [preview, launcher, panel, status]));

  // ---- state -----------------------------------------------------------------------------------
  let conv = loadSession();
  if (conv && conv.tenant) showTenant(conv.tenant);
  let isOpen = false;
  let started = false; // transcript loaded or conversation created in this page
  let pending = false;
  let stream = null; // AbortController of the events connection
  let state = "bot";
  let firstNew = null; // the first node added since the log was last scrolled
  let unread = 0; // agent messages that arrived while the panel was closed
  let pageTitle = null; // the page's own title while it shows the unread count
  let retentionText = ""; // what is kept and how long (the gateway's `retention_text`)
  let held = null; // events that arrived while a message was being sent (shown after its answer)
  let replaying = false; // a transcript is being rendered: nothing is new, nothing is announced
  let wrote = false; // the person wrote something in this tab's conversation
  let lastHandoff = ""; // the handoff notice shown last (a state event may repeat the POST's notice)
  const announcements = [];
  const seen = new Set(); // ids of rendered messages, so an event and the transcript do not double up

  // ---- rendering -------------------------------------------------------------------------------
  function scrollDown() {
    scroller.scrollTo({ top: scroller.scrollHeight, behavior: reducedMotion() ? "auto" : "smooth" });
  }
  /** After new content: a long answer is shown from its start (the person reads it top down), a
   * short one by scrolling to the end. Runs once after everything of one answer was added. */
  function revealNew() {
    const node = firstNew;
    firstNew = null;
    if (!node || !node.isConnected) return scrollDown();
    const top = node.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    if (scroller.scrollHeight - top <= scroller.clientHeight) return scrollDown();
    scroller.scrollTo({ top: Math.max(0, top - 8), behavior: reducedMotion() ? "auto" : "smooth" });
  }
  function add(node) {
    log.append(node);
    if (!firstNew && !replaying) {
      firstNew = node;
      queueMicrotask(revealNew);
    }
    return node;
  }
  /** One short line for screen readers per new message; the lines of one answer are told together. */
  function announce(line) {
    if (!line || replaying) return;
    if (!announcements.length) {
      queueMicrotask(() => {
        status.textContent = announcements.join(" ");
        announcements.length = 0;
      });
    }
    announcements.push(/[.?!…]$/.test(line) ? line : line + ".");
  }
  function shorten(text, max) {
    const value = str(text).replace(/\s+/g, " ").trim();
    if (value.length <= max) return value;
    const cut = value.slice(0, max);
    return cut.slice(0, cut.lastIndexOf(" ") > max / 2 ? cut.lastIndexOf(" ") : max).replace(/[\s,;:.]+$/, "") + "…";
  }
  /** The label above an agent's message: the name the agent chose ("Anna van de servicedesk"). */
  const agentLabel = (name) => (str(name).trim() ? T.agentNamed(str(name).trim()) : T.agent);
  function bubble(text, who, agentName) {
    const node = el("div", { class: "msg " + who });
    if (who === "agent") node.append(el("span", { class: "who", text: agentLabel(agentName) }));
    else node.append(el("span", { class: "sr", text: who === "user" ? T.you : T.bot }));
    node.append(el("span", { class: "body" }, who === "user" ? [str(text)] : linkify(text)));
    if (who !== "user") announce(T.said(who === "agent" ? agentLabel(agentName) : cfg.title, shorten(text, 160)));
    return add(node);
  }
  function quickReplies(buttons) {
    const group = el("div", { class: "quick", role: "group", "aria-label": T.quickLabel });
    for (const b of buttons) {
      const title = str(b && b.title);
      if (!title) continue;
      group.append(el("button", {
        type: "button", class: "btn", text: title,
        onclick: () => { focusInside(); send(title, str(b.payload) || null); },
      }));
    }
    if (group.childElementCount) add(group);
  }
  /** The overview: the most fitting items first (the engine's order), the rest behind "Toon meer",
   * each under its group's heading; below it what the person can do with it (documentsBar). */
  function recommendations(m) {
    const box = el("div", { class: "recs" });
    const from = m.agent != null ? agentLabel(m.agent) : cfg.title;
    if (m.agent != null) box.append(el("p", { class: "who", text: from }));
    if (m.text) box.append(el("p", { class: "msg" }, linkify(m.text)));
    const groups = new Map();
    const later = [];
    const items = (Array.isArray(m.items) ? m.items : []).filter((item) => item && typeof item === "object");
    items.forEach((item, index) => {
      const key = T.groups[item.group] ? item.group : "other";
      if (!groups.has(key)) {
        groups.set(key, el("section", { class: "group", "aria-label": T.groups[key] }, [el("h3", { text: T.groups[key] })]));
      }
      const node = groups.get(key).appendChild(card(item));
      if (index >= FIRST_ITEMS) later.push(node);
    });
    for (const node of later) node.hidden = true;
    for (const section of groups.values()) {
      section.hidden = !section.querySelector(".card:not([hidden])");
      box.append(section);
    }
    if (later.length) {
      const more = el("button", { type: "button", class: "btn more", text: T.more(later.length) });
      more.addEventListener("click", () => {
        for (const node of later) node.hidden = false;
        for (const section of groups.values()) section.hidden = false;
        more.remove();
        later[0].setAttribute("tabindex", "-1");
        later[0].focus(); // keyboard and screen-reader users continue at the first new item
      });
      box.append(more);
    }
    box.append(newestDocumentsBar(null));
    announce(T.said(from, T.found(items.length)));
    return add(box);
  }
  function notice(text) {
    announce(shorten(text, 160));
    return add(el("p", { class: "notice" }, linkify(text)));
  }
  /** Show the handoff state (bot, waiting, assigned, closed); a change is also told in the log. */
  function setState(next, text, quiet) {
    if (!T.state[next]) return;
    const changed = next !== state;
    state = next;
    stateLine.hidden = next === "bot";
    stateLine.textContent = next === "bot" ? "" : T.state[next];
    lockInput(next === "closed");
    if (!changed || quiet) return;
    notice(text || T.state[next]);
    if (next === "closed") offerNewChat();
  }
  /** A closed conversation takes no more messages: the input says so and "Nieuw gesprek" is offered. */
  function lockInput(closed) {
    input.disabled = closed;
    input.placeholder = closed ? T.closedInput : T.placeholder;
    sendButton.disabled = closed;
    if (closed) stopTyping();
  }
  function offerNewChat() {
    add(el("div", { class: "quick", role: "group", "aria-label": T.newChat }, [
      el("button", { type: "button", class: "btn", text: T.newChat, onclick: newChat }),
      el("button", { type: "button", class: "btn", text: T.resume.open, onclick: () => askResumeCode() }),
    ]));
  }
  function newChat() {
    forget();
    clearError();
    log.replaceChildren();
    start();
    if (!coarse()) input.focus();
  }
  /** The gateway's transcript and events wrap a contract message in {id, direction, sender, message}. */
  function unwrap(entry) {
    if (!entry || typeof entry !== "object") return null;
    if (!entry.message || typeof entry.message !== "object") return entry;
    return Object.assign({}, entry.message, { id: entry.id, direction: entry.direction, sender: entry.sender });
  }
  const senderOf = (m) => (m.direction === "in" || m.sender === "user" ? "user" : m.sender === "agent" ? "agent" : "bot");
  /** Render one message (a contract message, or a gateway record around one). */
  function render(entry, withButtons) {
    const m = unwrap(entry);
    if (!m) return;
    const from = senderOf(m);
    if (m.id != null) {
      if (seen.has(String(m.id))) return;
      seen.add(String(m.id));
    }
    if (from !== "agent" && m.type === "text" && m.notice === "privacy") {
      privacyNote.textContent = str(m.text); // above the messages, not as a chat bubble
      privacyNote.hidden = false;
      return;
    }
    if (from === "user") {
      bubble(m.text, "user");
      wrote = true;
      resumeButton.hidden = true; // a conversation of its own now: no resuming another one from here
    } else if (m.type === "recommendations") {
      recommendations(m);
    } else if (m.type === "crisis") {
      add(el("div", { class: "crisis", role: "alert" }, linkify(m.text)));
    } else if (m.type === "handoff") {
      const status = m.status || "waiting";
      if (status === "unavailable") {
        notice(str(m.text) || T.state.unavailable);
        setState("bot", "", true);
        if (withButtons && m.leave_question && typeof m.leave_question === "object") offerQuestion(m.leave_question);
      } else {
        // A transfer ("Je gesprek gaat nu verder met Bram …") keeps the state: its text is shown anyway.
        const text = str(m.text);
        const key = status + "\n" + str(m.agent) + "\n" + text;
        const changed = status !== state;
        setState(status, text);
        if (!changed && text && key !== lastHandoff) notice(text);
        lastHandoff = key;
      }
      if (status === "waiting" || status === "assigned") listen();
    } else if (m.text != null) {
      bubble(m.text, from, m.agent);
      if (m.documents) { // the person asked for a document in the chat: the same buttons and forms
        add(newestDocumentsBar(withButtons ? str(m.documents) : null));
      }
      if (withButtons && Array.isArray(m.buttons) && m.buttons.length) quickReplies(m.buttons);
    }
  }
  /** Outside opening hours: a button that opens a small form to leave a question for the desk. */
  function offerQuestion(offer) {
    const group = el("div", { class: "quick" });
    group.append(el("button", {
      type: "button", class: "btn", text: T.ask.open,
      onclick: () => { const form = questionForm(offer); group.replaceWith(form); form.querySelector("textarea").focus(); },
    }));
    add(group);
  }
  function questionForm(offer) {
    const id = "mw-ask-" + uuid().slice(0, 8);
    const question = el("textarea", { id: id + "-text", rows: "3", maxlength: String(MAX_LENGTH) });
    const phone = el("input", { type: "radio", name: id + "-how", value: "phone", checked: true });
    const email = el("input", { type: "radio", name: id + "-how", value: "email" });
    const contactLabel = el("label", { for: id + "-contact", text: T.ask.phone });
    const contact = el("input", { id: id + "-contact", type: "tel", autocomplete: "tel", maxlength: "254" });
    const consent = el("input", { type: "checkbox" });
    const byEmail = () => {
      contactLabel.textContent = email.checked ? T.ask.email : T.ask.phone;
      contact.type = email.checked ? "email" : "tel";
      contact.autocomplete = email.checked ? "email" : "tel";
    };
    phone.addEventListener("change", byEmail);
    email.addEventListener("change", byEmail);
    const form = smallForm(T.ask.title, [
      el("label", { for: id + "-text", text: T.ask.question }), question,
      el("fieldset", {}, [
        el("legend", { text: T.ask.how }),
        el("label", { class: "choice" }, [phone, el("span", { text: T.ask.byPhone })]),
        el("label", { class: "choice" }, [email, el("span", { text: T.ask.byEmail })]),
      ]),
      contactLabel, contact,
      el("label", { class: "choice consent" }, [consent, el("span", { text: str(offer.consent) })]),
    ], T.ask.send, () => { form.remove(); offerQuestion(offer); input.focus(); }, async (refuse) => {
      if (!question.value.trim()) return refuse(T.ask.empty, question);
      if (!contact.value.trim()) return refuse(T.ask.noContact, contact);
      if (!consent.checked) return refuse(T.ask.noConsent, consent);
      try {
        const data = await call("POST", convPath("/questions"), {
          question: question.value, contact_method: email.checked ? "email" : "phone",
          contact_value: contact.value.trim(), consent: true,
        });
        form.remove();
        renderReply(data);
        input.focus();
      } catch (err) {
        refuse(err.message, question);
      }
      return null;
    });
    return add(form);
  }
  // ---- documents: the overview as PDF, mailed, and letters for the employer --------------------
  let docsInfo = null; // {id, promise} of GET …/documents for this conversation
  function documentsInfo() {
    if (!conv) return Promise.resolve(null);
    if (!docsInfo || docsInfo.id !== conv.id) {
      const id = conv.id;
      const promise = call("GET", convPath("/documents")).catch(() => null);
      docsInfo = { id, promise };
      promise.then((info) => { // ask again later while there is no overview yet
        if ((!info || !info.overview) && docsInfo && docsInfo.promise === promise) docsInfo = null;
      });
    }
    return docsInfo.promise;
  }
  /** The document buttons belong under the newest overview (or offer) only. */
  function newestDocumentsBar(want) {
    for (const old of log.querySelectorAll(".docs")) old.remove();
    return documentsBar(want);
  }
  /** The buttons under an overview; `want` ("letter", "mail", "pdf") opens that one at once. */
  function documentsBar(want) {
    const bar = el("div", { class: "docs", role: "group", "aria-label": T.docs.label, hidden: true });
    const slot = el("div", { class: "docs-form" });
    let open = null; // [button, form]
    const toggle = (button, make) => {
      const wasOpen = open && open[0] === button;
      if (open) { open[1].remove(); open[0].setAttribute("aria-expanded", "false"); open = null; }
      if (wasOpen) return;
      const made = make(() => { // closing the form returns focus to its button
        made.remove(); button.setAttribute("aria-expanded", "false"); open = null; button.focus();
      });
      slot.append(made);
      button.setAttribute("aria-expanded", "true");
      open = [button, made];
      const first = made.querySelector("input:checked, input, textarea");
      if (first) first.focus();
    };
    documentsInfo().then((info) => {
      if (!info || !info.overview) return;
      const pdf = el("button", { type: "button", class: "btn", text: T.docs.pdf });
      pdf.addEventListener("click", () => whileBusy(pdf, () => download("GET", convPath("/overview.pdf"), undefined, "mantelwijzer-overzicht.pdf")));
      bar.append(pdf);
      const offered = { pdf };
      if (info.mail) {
        const mail = el("button", { type: "button", class: "btn", text: T.docs.mail, "aria-expanded": "false" });
        mail.addEventListener("click", () => toggle(mail, mailForm));
        bar.append(mail);
        offered.mail = mail;
      }
      const choices = Array.isArray(info.letter_form) ? info.letter_form : [];
      if (choices.length) {
        const letter = el("button", { type: "button", class: "btn", text: T.docs.letter, "aria-expanded": "false" });
        letter.addEventListener("click", () => toggle(letter, (close) => letterForm(choices, close)));
        bar.append(letter);
        offered.letter = letter;
      }
      bar.append(slot);
      bar.hidden = false; // before opening a form: a hidden field cannot take the focus
      if (want === "pdf") pdf.focus();
      else if (Object.hasOwn(offered, want)) offered[want].click(); // opens the form asked for, focus in it
    });
    return bar;
  }
  /** Runs `work` while the button shows it is busy; pressing it again meanwhile does nothing. */
  async function whileBusy(button, work) {
    if (button.getAttribute("aria-disabled") === "true") return null;
    button.setAttribute("aria-disabled", "true");
    try {
      return await work();
    } finally {
      button.removeAttribute("aria-disabled");
    }
  }
  /** Fetch a document and hand it to the browser as a download (the Bearer token rules out a plain
   * link). Returns the error, if any: the overview's button shows it, a form puts it at its field. */
  async function download(method, path, body, fallbackName) {
    status.textContent = T.docs.busy;
    try {
      const response = await request(method, path, body, "application/pdf, application/octet-stream, application/json");
      const named = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
      const url = URL.createObjectURL(await response.blob());
      const link = el("a", { href: url, download: named ? named[1] : fallbackName, hidden: true });
      root.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      status.textContent = T.docs.saved;
      return null;
    } catch (err) {
      status.textContent = "";
      if (err.gone) forget();
      if (!body) showError(err.message, () => download(method, path, body, fallbackName));
      return err;
    }
  }
  /** A small form in the chat: title, fields, an error line, send and cancel. */
  function smallForm(title, fields, sendLabel, close, submit) {
    const error = el("p", { class: "ask-error", role: "alert", hidden: true });
    const button = el("button", { type: "submit", class: "btn primary", text: sendLabel });
    const form = el("form", { class: "ask", novalidate: true, "aria-label": title }, [
      el("h3", { text: title }), ...fields, error,
      el("div", { class: "row" }, [button, el("button", { type: "button", class: "btn", text: T.cancel, onclick: close })]),
    ]);
    const refuse = (text, field) => { error.textContent = text; error.hidden = false; if (field) field.focus(); };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      error.hidden = true;
      whileBusy(button, () => submit(refuse));
    });
    return form;
  }
  function mailForm(close) {
    const id = "mw-mail-" + uuid().slice(0, 8);
    const address = el("input", {
      id, type: "email", autocomplete: "email", maxlength: "320", "aria-describedby": id + "-hint",
    });
    return smallForm(T.docs.mailTitle, [
      el("label", { for: id, text: T.docs.mailAddress }), address,
      el("p", { id: id + "-hint", class: "hint", text: T.docs.mailHint }),
    ], T.docs.mailSend, close, async (refuse) => {
      if (!address.value.trim()) return refuse(T.docs.mailEmpty, address);
      try {
        await call("POST", convPath("/overview/mail"), { email: address.value.trim() });
        address.value = ""; // the address is not kept, not even in the page
        close();
        notice(T.docs.mailed);
      } catch (err) {
        refuse(err.message, address);
      }
      return null;
    });
  }
  function letterForm(choices, close) {
    const id = "mw-letter-" + uuid().slice(0, 8);
    const kinds = choices.map((choice, i) => el("input", { type: "radio", name: id + "-kind", value: str(choice.kind), checked: i === 0 }));
    const inputs = new Map(); // field name -> {row, label, input}
    for (const choice of choices) {
      for (const field of Array.isArray(choice.fields) ? choice.fields : []) {
        const name = str(field.name);
        if (inputs.has(name)) continue;
        const fieldId = id + "-" + name;
        const input = field.input === "textarea"
          ? el("textarea", { id: fieldId, rows: "3", maxlength: "1000" })
          : el("input", {
            id: fieldId, name, maxlength: field.input === "text" ? "150" : null,
            type: field.input === "date" ? "date" : "text", // numbers as text: "4,5" is a number too
            inputmode: field.input === "number" ? "decimal" : null,
            autocomplete: name === "name" ? "name" : name === "employer" ? "organization" : "off",
          });
        const label = el("label", { for: fieldId });
        inputs.set(name, { row: el("div", { class: "field-row" }, [label, input]), label, input });
      }
    }
    const chosen = () => choices[Math.max(0, kinds.findIndex((k) => k.checked))];
    const show = () => {
      const fields = new Map((chosen().fields || []).map((f) => [str(f.name), f]));
      for (const [name, parts] of inputs) {
        parts.row.hidden = !fields.has(name);
        if (fields.has(name)) parts.label.textContent = str(fields.get(name).label);
      }
    };
    kinds.forEach((k) => k.addEventListener("change", show));
    const pdf = el("input", { type: "radio", name: id + "-format", value: "pdf", checked: true });
    const docx = el("input", { type: "radio", name: id + "-format", value: "docx" });
    show();
    return smallForm(T.docs.letterTitle, [
      el("fieldset", {}, [
        el("legend", { text: T.docs.letterKind }),
        ...choices.map((choice, i) => el("label", { class: "choice" }, [kinds[i], el("span", { text: str(choice.title) })])),
      ]),
      el("p", { class: "hint", text: T.docs.letterHint }),
      ...Array.from(inputs.values(), (parts) => parts.row),
      el("fieldset", {}, [
        el("legend", { text: T.docs.format }),
        el("label", { class: "choice" }, [pdf, el("span", { text: T.docs.formatPdf })]),
        el("label", { class: "choice" }, [docx, el("span", { text: T.docs.formatDocx })]),
      ]),
    ], T.docs.letterSend, close, async (refuse) => {
      const choice = chosen();
      const fields = {};
      for (const field of choice.fields || []) {
        const value = inputs.get(str(field.name)).input.value.trim();
        if (value) fields[str(field.name)] = value;
      }
      const format = docx.checked ? "docx" : "pdf";
      const body = { kind: str(choice.kind), format, fields };
      const err = await download("POST", convPath("/letters"), body, "mantelwijzer-" + body.kind + "." + format);
      if (err) {
        const name = err.field && err.field.startsWith("fields.") ? err.field.slice(7) : null;
        refuse(err.message, name && inputs.has(name) ? inputs.get(name).input : null);
      }
      return null;
    });
  }
  /** Render the answer to a POST: its messages, its state, and whether it erased the conversation. */
  function renderReply(data) {
    for (const m of Array.isArray(data.messages) ? data.messages : []) render(m, true);
    if (data.erased) wiped(false);
    else if (data.state) setState(str(data.state), "", true);
  }
  function setPending(value) {
    pending = value;
    typing.hidden = !value;
    status.textContent = value ? T.typing : "";
    sendButton.setAttribute("aria-disabled", String(value));
    if (value) scrollDown();
  }
  function showError(text, action, label) {
    errorText.textContent = text;
    errorButton.hidden = !action;
    errorButton.textContent = label || T.retry;
    errorButton.onclick = action ? () => { clearError(); action(); } : null;
    errorLine.hidden = false;
    scrollDown(); // the error line takes room from the messages: keep the newest in view
  }
  function clearError() {
    errorLine.hidden = true;
    errorText.textContent = "";
  }

  // ---- API -------------------------------------------------------------------------------------
  /** An Error with the HTTP status (0: no connection) and whether the conversation is gone. */
  function apiError(status, body) {
    const err = new Error(errorMessage(status, body));
    err.status = status;
    err.field = body && body.error && typeof body.error.field === "string" ? body.error.field : null;
    err.gone = [401, 404, 410].includes(status);
    return err;
  }
  function errorMessage(status, body) {
    const fromServer = body && body.error && typeof body.error.message === "string" ? body.error.message : "";
    if (status === 0) return T.offline;
    if (body && body.error && body.error.code === "resume_code_unknown" && fromServer) return fromServer;
    if ([401, 404, 410].includes(status)) return T.gone;
    if (status >= 500) return T.server;
    if (status === 429) return fromServer || T.tooMany;
    return fromServer || T.server;
  }
  /** One request to the gateway; a failed one throws apiError with the gateway's Dutch message. */
  async function request(method, path, body, accept, anonymous) {
    const headers = { Accept: accept || "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (conv && !anonymous) headers.Authorization = "Bearer " + conv.token;
    let response;
    try {
      response = await fetch(cfg.api + path, {
        method, headers, cache: "no-store", credentials: "omit",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw apiError(0, null);
    }
    if (!response.ok) throw apiError(response.status, await response.json().catch(() => null));
    return response;
  }
  async function call(method, path, body, anonymous) {
    const response = await request(method, path, body, undefined, anonymous);
    const parsed = response.status === 204 ? null : await response.json().catch(() => null);
    return parsed || {};
  }
  const convPath = (suffix) => "/api/v1/conversations/" + encodeURIComponent(conv.id) + (suffix || "");

  /** Start a conversation, or resume the one saved in this tab. */
  async function start() {
    if (started) return null;
    started = true;
    const resuming = Boolean(conv);
    clearError();
    setPending(true);
    try {
      if (resuming) {
        await loadTranscript();
      } else {
        const data = await startConversation();
        conv = { id: String(data.conversation_id), token: String(data.token) };
        retentionText = str(data.retention_text);
        if (data.tenant) conv.tenant = showTenant(data.tenant);
        saveSession(conv);
        renderReply(data);
      }
      listen();
      saveButton.hidden = false;
      return null;
    } catch (err) {
      started = false;
      if (resuming && err.gone) { // erased elsewhere or expired: start afresh when the panel is open
        forget();
        notice(T.previousGone);
        return isOpen ? await start() : null;
      }
      showError(err.message, () => start());
      return err;
    } finally {
      setPending(false);
    }
  }
  /** POST /api/v1/conversations; on an intranet with the signed tenant_token (a fresh one from the
   * page's function when there is none, or once more when the gateway refused the one we had). */
  async function startConversation() {
    if (!cfg.tenant && !cfg.tenantToken && !cfg.tenantTokenFunction) return call("POST", "/api/v1/conversations", {});
    let token = cfg.tenantToken || await freshTenantToken();
    for (let attempt = 0; ; attempt++) {
      const body = token ? { tenant_token: token } : {};
      if (cfg.tenant) body.tenant = cfg.tenant;
      try {
        return await call("POST", "/api/v1/conversations", body);
      } catch (err) {
        if (err.status !== 403 || attempt > 0 || !cfg.tenantTokenFunction) throw err;
        token = await freshTenantToken();
      }
    }
  }
  async function freshTenantToken() {
    const make = cfg.tenantTokenFunction && window[cfg.tenantTokenFunction];
    if (typeof make !== "function") return null;
    try {
      const token = await make();
      cfg.tenantToken = typeof token === "string" && token ? token : null;
    } catch (e) {
      cfg.tenantToken = null; // the page could not get one: the gateway says what that means
    }
    return cfg.tenantToken;
  }
  /** The tenant's name under the title and its colour (checked for contrast by the gateway's CLI). */
  function showTenant(tenant) {
    const shown = { name: str(tenant.name), colour: /^#[0-9a-f]{6}$/i.test(str(tenant.colour)) ? str(tenant.colour) : "" };
    tenantLine.textContent = shown.name;
    tenantLine.hidden = !shown.name;
    if (shown.colour) host.style.setProperty("--mw-accent", shown.colour);
    else host.style.removeProperty("--mw-accent");
    return shown;
  }
  /** Replace the log by the stored transcript; only the last bot message keeps its buttons. Nothing
   * of it is announced; the log ends scrolled to its end. On a resync (`resync`: the events connection
   * was down) the agent replies this tab had not seen are told in one line and count as unread. */
  async function loadTranscript(resync) {
    const data = await call("GET", convPath("/messages"));
    retentionText = str(data.retention_text);
    const known = new Set(seen);
    const list = Array.isArray(data.messages) ? data.messages : [];
    replaying = true;
    try {
      log.replaceChildren();
      seen.clear();
      state = "bot";
      wrote = false;
      lastHandoff = "";
      list.forEach((m, i) => render(m, i === list.length - 1));
      if (data.state) setState(str(data.state), "", true);
      if (state === "closed") offerNewChat();
    } finally {
      replaying = false;
    }
    firstNew = null;
    scrollDown();
    if (!resync) return;
    // Agent replies always come with an id (events, transcript); the bot's come with the POST answers
    // this tab asked for, without one, so only an agent's reply can be missed.
    const missed = list.map(unwrap).filter((m) => m && m.id != null && !known.has(String(m.id)) && senderOf(m) === "agent");
    for (const m of missed) noteUnread(m, true);
    if (missed.length) announce(T.unread(missed.length));
  }

  async function send(text, payload) {
    text = str(text).trim();
    if (!text || pending) return;
    for (const group of log.querySelectorAll(".quick")) group.remove(); // only the newest answers apply
    const message = { text: text.slice(0, MAX_LENGTH), client_message_id: uuid() };
    resumeButton.hidden = true; // a conversation of its own now: no resuming another one from here
    wrote = true;
    if (payload) message.payload = payload;
    await deliver(message, bubble(message.text, "user"));
  }
  /** Post one message; on failure the retry sends the same client_message_id again. */
  async function deliver(message, node) {
    if (pending) return;
    clearError();
    node.classList.remove("failed");
    const note = node.querySelector(".note");
    if (note) note.remove();
    if (!started) {
      const err = await start();
      if (err) return fail(message, node, err);
    }
    add(node); // after a greeting that a late start() just rendered
    stopTyping();
    setPending(true);
    // Events of this turn (a handoff's state notice) may come before the answer: they are shown
    // after it, in the order the gateway told them (the bot's line first, then the notice).
    held = [];
    try {
      const data = await call("POST", convPath("/messages"), message);
      setPending(false);
      renderReply(data);
    } catch (err) {
      setPending(false);
      fail(message, node, err);
    } finally {
      const later = held || [];
      held = null;
      for (const [event, payload] of later) onEvent(event, payload);
    }
  }
  function fail(message, node, err) {
    node.classList.add("failed");
    node.append(el("span", { class: "note", text: T.notSent }));
    if (err.status === 409) return setState("closed", "", false); // closed meanwhile: said plainly, no error
    if (err.gone) forget();
    if (err.gone) showError(err.message, newChat, T.newChat);
    else showError(err.message, () => deliver(message, node));
  }

  // ---- live events (Server-Sent Events over fetch, because EventSource cannot send a Bearer header) ----
  async function listen() {
    if (!conv || stream) return;
    const controller = new AbortController();
    const mine = conv;
    stream = controller;
    let delay = 1000;
    let first = true;
    while (!controller.signal.aborted && conv === mine) {
      try {
        const response = await fetch(cfg.api + convPath("/events"), {
          headers: { Accept: "text/event-stream", Authorization: "Bearer " + mine.token },
          signal: controller.signal, cache: "no-store", credentials: "omit",
        });
        if ([401, 404, 409, 410].includes(response.status)) break; // gone or closed: nothing will come
        if (!response.ok || !response.body) throw new Error("events " + response.status);
        if (!first) await resync(); // messages may have arrived while the connection was down
        first = false;
        delay = 1000;
        await readEvents(response.body, onEvent);
      } catch (e) {
        if (controller.signal.aborted) break;
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 30000);
    }
    if (stream === controller) stream = null;
  }
  async function readEvents(body, handle) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer = (buffer + value).replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = "message";
        const lines = [];
        for (const line of block.split("\n")) {
          if (!line || line[0] === ":") continue; // comment or heartbeat
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") event = value;
          else if (field === "data") lines.push(value);
        }
        if (!lines.length) continue;
        try {
          handle(event, JSON.parse(lines.join("\n")));
        } catch (e) {
          /* not JSON: ignore this event */
        }
      }
    }
  }
  function onEvent(event, payload) {
    if (!payload || typeof payload !== "object") return;
    if (event === "typing") return agentIsTyping(payload);
    if (held) return void held.push([event, payload]);
    if (event === "message") {
      const m = unwrap(Object.assign({ sender: "agent" }, payload));
      const fresh = m && !(m.id != null && seen.has(String(m.id)));
      showAgentTyping(null);
      render(Object.assign({ sender: "agent" }, payload), true);
      if (fresh && m.sender === "agent") noteUnread(m);
    } else if (event === "state") {
      const said = payload.message && typeof payload.message === "object" ? payload.message : null;
      if (said) render(said, true); // the gateway's own words for this change
      setState(str(payload.state), "", Boolean(said));
    } else if (event === "erased") {
      wiped(false);
    }
  }
  async function resync() {
    try {
      await loadTranscript(true);
    } catch (e) {
      /* the next reconnect tries again */
    }
  }

  // ---- noticed while the panel is closed: count, preview, tab title ------------------------------
  /** Counts an agent's message the person has not seen: the panel is closed, or the tab is hidden
   * (then only the tab title tells). `quiet`: the caller announces it itself. */
  function noteUnread(m, quiet) {
    const hidden = document.visibilityState === "hidden";
    if (isOpen && !hidden) return;
    unread += 1;
    if (pageTitle === null) pageTitle = document.title;
    document.title = T.tabTitle(unread);
    if (isOpen) return;
    badge.dataset.count = String(unread);
    badge.hidden = false;
    launcher.setAttribute("aria-label", T.launcher + ", " + T.unread(unread));
    const who = agentLabel(m.agent);
    const what = m.type === "recommendations" ? str(m.text) || T.found((m.items || []).length) : str(m.text);
    previewText.replaceChildren(el("strong", { text: who + ": " }), shorten(what, 80));
    preview.hidden = false;
    if (!quiet) announce(T.unread(unread) + ". " + T.said(who, shorten(what, 80)));
  }
  function clearUnread() {
    unread = 0;
    badge.hidden = true;
    delete badge.dataset.count;
    launcher.setAttribute("aria-label", T.launcher);
    preview.hidden = true;
    if (pageTitle !== null) document.title = pageTitle;
    pageTitle = null;
  }
  document.addEventListener("visibilitychange", () => {
    if (isOpen && document.visibilityState === "visible") clearUnread();
  });
  function dismissPreview() {
    const hadFocus = preview.contains(root.activeElement);
    preview.hidden = true;
    if (hadFocus) launcher.focus();
  }

  // ---- typing, both ways (while a person of the desk is in the conversation) ----------------------
  const TYPING_EVERY = 3000; // send "typing" at most this often
  const TYPING_GONE = 6000; // hide the other side's indicator after this long without news
  let typingSent = 0; // when active=true was last sent (0: not typing)
  let typingIdle = null;
  let agentTypingTimer = null;
  function agentIsTyping(payload) {
    if (payload.sender !== "agent") return;
    showAgentTyping(payload.active === true ? str(payload.name).trim() || T.agent : null);
  }
  function showAgentTyping(name) {
    clearTimeout(agentTypingTimer);
    agentTyping.hidden = !name;
    agentTypingText.textContent = name ? T.agentTyping(name) : "";
    if (!name) return;
    agentTypingTimer = setTimeout(() => showAgentTyping(null), TYPING_GONE);
    const near = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
    if (near) scrollDown();
  }
  function signalTyping(active) {
    if (!conv) return;
    call("POST", convPath("/typing"), { active }).catch(() => null); // a lost signal does no harm
  }
  function onInputTyping() {
    if (state !== "assigned" && state !== "waiting") return;
    if (!input.value.trim()) return stopTyping();
    clearTimeout(typingIdle);
    typingIdle = setTimeout(stopTyping, TYPING_EVERY);
    if (Date.now() - typingSent < TYPING_EVERY) return;
    typingSent = Date.now();
    signalTyping(true);
  }
  function stopTyping() {
    clearTimeout(typingIdle);
    if (!typingSent) return;
    typingSent = 0;
    signalTyping(false);
  }

  // ---- erasing ---------------------------------------------------------------------------------
  function askErase() {
    confirmBox.hidden = false;
    confirmText.focus();
  }
  function cancelErase(refocus) {
    confirmBox.hidden = true;
    if (refocus) eraseButton.focus();
  }
  /** Forget the conversation in this tab (after erasing, or when the gateway no longer knows it). */
  function forget() {
    if (stream) stream.abort();
    stream = null;
    conv = null;
    started = false;
    saveSession(null);
    seen.clear();
    clearUnread();
    cancelSwitch(false);
    wrote = false;
    lastHandoff = "";
    state = "bot";
    stateLine.hidden = true;
    lockInput(false);
    showAgentTyping(null);
    typingSent = 0;
    saveButton.hidden = true;
    resumeButton.hidden = false;
  }
  async function erase() {
    if (stream) stream.abort(); // this tab knows it is erasing; no need to hear it back
    stream = null;
    if (conv) {
      try {
        await call("DELETE", convPath());
      } catch (err) {
        if (!err.gone) {
          cancelErase(false);
          showError(err.message, () => erase());
          errorButton.focus();
          listen();
          return;
        }
      }
    }
    wiped(true);
  }
  /** The conversation is gone from the gateway: clear this tab and say so. */
  function wiped(moveFocus) {
    forget();
    cancelErase(false);
    clearError();
    log.replaceChildren();
    input.value = "";
    updateCounter();
    const done = notice(T.erased);
    done.setAttribute("tabindex", "-1");
    offerNewChat();
    if (moveFocus) done.focus();
  }

  // ---- opening, closing, typing ----------------------------------------------------------------
  // On a phone, a low screen or a zoomed-in laptop the panel covers the page: then it is a modal
  // dialog (aria-modal, Tab stays inside) sized to the visible part of the screen (visualViewport:
  // the on-screen keyboard must not push the header with "Chat sluiten" out of view).
  const fullScreen = window.matchMedia ? matchMedia("(max-width: 480px), (max-height: 560px)") : null;
  const isFull = () => Boolean(fullScreen && fullScreen.matches);
  /** A touch screen: focusing the input would open the keyboard over the greeting. */
  const coarse = () => Boolean(window.matchMedia && matchMedia("(pointer: coarse)").matches);
  function fit() {
    if (isFull()) panel.setAttribute("aria-modal", "true");
    else panel.removeAttribute("aria-modal");
    const view = window.visualViewport;
    if (isOpen && isFull() && view) {
      panel.style.top = view.offsetTop + "px";
      panel.style.height = view.height + "px";
    } else {
      panel.style.removeProperty("top");
      panel.style.removeProperty("height");
    }
  }
  if (fullScreen) fullScreen.addEventListener("change", fit);
  if (window.visualViewport) {
    visualViewport.addEventListener("resize", fit);
    visualViewport.addEventListener("scroll", fit);
  }
  /** What Tab can reach in the panel now (visible, enabled), in order. */
  function focusables() {
    const all = panel.querySelectorAll("button, a[href], input, textarea, select, summary, [tabindex]:not([tabindex='-1'])");
    return Array.from(all).filter((e) => !e.disabled && e.getClientRects().length > 0);
  }
  function trapFocus(event) {
    if (event.key !== "Tab" || !isFull()) return;
    const list = focusables();
    if (!list.length) return;
    const first = list[0];
    const last = list[list.length - 1];
    const active = root.activeElement;
    if (event.shiftKey && (active === first || active === panel || !panel.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !panel.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }
  function focusInside() {
    if (coarse()) panel.focus({ preventScroll: true }); // the dialog is announced; no keyboard pops up
    else input.focus();
  }
  function openPanel(startNow) {
    if (isOpen) return;
    isOpen = true;
    panel.hidden = false;
    clearUnread();
    launcher.classList.add("open");
    launcher.setAttribute("aria-expanded", "true");
    fit();
    focusInside();
    scrollDown();
    if (startNow !== false) start();
  }
  function closePanel() {
    if (!isOpen) return;
    isOpen = false;
    cancelErase(false);
    panel.hidden = true;
    fit();
    launcher.classList.remove("open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  // ---- keeping the conversation: a resume code and link (shown once) --------------------------------
  const RESUME_FRAGMENT = /^#mw-hervat=([A-Za-z0-9-]{4,64})$/;
  async function saveConversation() {
    if (!conv) return;
    await whileBusy(saveButton, async () => {
      try {
        const data = await call("POST", convPath("/resume-code"), {});
        showResumeCode(str(data.code), str(data.expires_at));
      } catch (err) {
        if (err.gone) forget();
        showError(err.message, err.gone ? newChat : () => saveConversation(), err.gone ? T.newChat : null);
      }
    });
  }
  function dutchDate(iso) {
    const date = new Date(iso);
    if (isNaN(date.getTime())) return "";
    return date.toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" });
  }
  async function copy(field) {
    try {
      await navigator.clipboard.writeText(field.value);
      announce(T.resume.copied);
    } catch (e) { // no clipboard API (a plain-http intranet): select it, so the person can copy it
      field.focus();
      field.select();
      announce(document.execCommand && document.execCommand("copy") ? T.resume.copied : T.resume.copyFailed);
    }
  }
  function showResumeCode(code, expiresAt) {
    const id = "mw-kept-" + uuid().slice(0, 8);
    const link = location.href.split("#")[0] + "#mw-hervat=" + code;
    const copyRow = (label, value, button) => {
      const field = el("input", { id: id + "-" + (value === code ? "code" : "link"), type: "text", readonly: true, value, class: "copyable" });
      return [
        el("label", { for: field.id, text: label }),
        el("div", { class: "copy-row" }, [field, el("button", { type: "button", class: "btn", text: button, onclick: () => copy(field) })]),
      ];
    };
    const title = el("h3", { id: id, text: T.resume.title, tabindex: "-1" });
    const box = el("section", { class: "ask kept", "aria-labelledby": id }, [
      title,
      el("p", { text: T.resume.kept(dutchDate(expiresAt) || "?") }),
      retentionText ? el("p", { text: retentionText }) : null,
      ...copyRow(T.resume.code, code, T.resume.copyCode),
      ...copyRow(T.resume.link, link, T.resume.copyLink),
    ]);
    add(box);
    title.focus();
    return box;
  }
  /** The small form "Verder met een eerder gesprek": a code from "Bewaar dit gesprek". */
  function askResumeCode(problem) {
    for (const old of log.querySelectorAll(".resume-form")) old.remove();
    const id = "mw-resume-" + uuid().slice(0, 8);
    const field = el("input", {
      id, type: "text", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", maxlength: "64",
      "aria-describedby": id + "-hint",
    });
    const form = smallForm(T.resume.formTitle, [
      el("label", { for: id, text: T.resume.codeLabel }), field,
      el("p", { id: id + "-hint", class: "hint", text: T.resume.codeHint }),
    ], T.resume.send, () => { form.remove(); if (!coarse()) input.focus(); }, async (refuse) => {
      const code = field.value.trim().toUpperCase();
      if (!code) return refuse(T.resume.empty, field);
      const err = await resumeWith(code);
      if (err) refuse(err.message, field);
      return null;
    });
    form.classList.add("resume-form");
    add(form);
    if (problem) {
      const line = form.querySelector(".ask-error");
      line.textContent = problem;
      line.hidden = false;
    }
    field.focus();
    return form;
  }
  /** Continue the conversation of a resume code in this tab (with a token of its own). */
  async function resumeWith(code) {
    let data;
    try {
      data = await call("POST", "/api/v1/conversations/resume", { code }, true);
    } catch (err) {
      return err;
    }
    if (stream) stream.abort();
    stream = null;
    conv = { id: String(data.conversation_id), token: String(data.token) };
    saveSession(conv);
    started = false;
    seen.clear();
    clearError();
    log.replaceChildren();
    const err = await start();
    if (err) return err;
    resumeButton.hidden = true;
    notice(T.resume.back).setAttribute("tabindex", "-1");
    log.lastElementChild.focus();
    return null;
  }
  /** Opened with "#mw-hervat=CODE" (on page load only): resume that conversation, and take the code
   * out of the address. When this tab has a conversation in which the person wrote, ask first. */
  async function resumeFromAddress() {
    const match = RESUME_FRAGMENT.exec(location.hash);
    if (!match) return false;
    history.replaceState(history.state, "", location.pathname + location.search);
    const code = match[1].toUpperCase();
    openPanel(false);
    if (conv) await start(); // this tab's own conversation: did the person write in it?
    if (conv && wrote) askSwitch(code);
    else await switchTo(code);
    return true;
  }
  async function switchTo(code) {
    const err = await resumeWith(code);
    if (err) {
      await start(); // a conversation of its own, and the code to try again
      askResumeCode(err.message);
    }
  }
  function askSwitch(code) {
    switchYes.onclick = () => { cancelSwitch(false); switchTo(code); };
    switchNo.onclick = () => cancelSwitch(true);
    switchBox.hidden = false;
    switchText.focus();
  }
  function cancelSwitch(refocus) {
    if (switchBox.hidden) return;
    switchBox.hidden = true;
    switchYes.onclick = null;
    switchNo.onclick = null;
    if (refocus) focusInside();
  }
  function updateCounter() {
    const n = input.value.length;
    const full = n >= MAX_LENGTH;
    if (full && counter.textContent.indexOf(T.atLimit) < 0) status.textContent = T.atLimit;
    counter.hidden = n < COUNTER_FROM;
    counter.textContent = full ? T.counter(n) + ". " + T.atLimit : T.counter(n);
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight + 4, 140) + "px";
  }

  launcher.addEventListener("click", () => (isOpen ? closePanel() : openPanel()));
  panel.addEventListener("keydown", (event) => {
    trapFocus(event);
    if (event.key !== "Escape") return;
    event.preventDefault();
    if (!confirmBox.hidden) cancelErase(true);
    else if (!switchBox.hidden) cancelSwitch(true);
    else closePanel();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (pending || !input.value.trim()) return;
    const text = input.value;
    input.value = "";
    updateCounter();
    send(text, null);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener("input", () => { updateCounter(); onInputTyping(); });

  function mount() {
    document.body.append(host);
    fit();
    if (RESUME_FRAGMENT.test(location.hash)) resumeFromAddress();
    else if (conv) start(); // resume in the background, so agent replies arrive even before the panel opens
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  window.Mantelwijzer = Object.freeze({ open: openPanel, close: closePanel });
})();
