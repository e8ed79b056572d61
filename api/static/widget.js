/*
 * Mantelwijzer chat widget. One script tag adds a chat button and panel to any page:
 *
 *   <script src="https://…/widget.js" data-api="https://…" data-tenant="…" data-title="…"
 *           data-retention-days="30" defer></script>
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
    retentionDays: parseInt(data.retentionDays || "", 10) || null,
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
    unread: "nieuw bericht",
    privacy: "Over je privacy: we bewaren wat je in dit gesprek typt, zodat we je kunnen helpen. " +
      (cfg.retentionDays ? "We bewaren het " + cfg.retentionDays + " dagen en wissen het daarna. "
        : "We bewaren het niet langer dan nodig en wissen het daarna. ") +
      "Met de knop ‘Gesprek wissen’ haal je alles meteen weg. Noem liever geen namen, adressen of je BSN.",
    erase: "Gesprek wissen",
    close: "Chat sluiten",
    inputLabel: "Typ je bericht",
    placeholder: "Typ je bericht…",
    send: "Versturen",
    you: "Jij: ",
    bot: cfg.title + ": ",
    agent: "Medewerker",
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
    why: "Waarom dit bij je past",
    amount: "Bedrag: ",
    firstStep: "Eerste stap: ",
    check: "Let op: ",
    moreInfo: "Meer informatie",
    newWindow: " (opent in een nieuw venster)",
    call: "Bel ",
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
  /** Create an element. attrs: "text" sets textContent, "class" the class, "on…" a listener. */
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16)); // plain-http intranets have no randomUUID
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function safeUrl(value) {
    try {
      // an employer's item may link to a page of its intranet by path ("/personeel/verlof"):
      // resolved against the page the widget is on (the intranet)
      const text = String(value);
      const path = /^\/(?![\/\\])[^\s\\]*$/.test(text); // never "//x" or "/\x": another site
      const url = path ? new URL(text, location.href) : new URL(text);
      if (path && url.origin !== location.origin) return null;
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }
  const str = (value) => (typeof value === "string" ? value : value == null ? "" : String(value));
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const reducedMotion = () => window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;

  // Web addresses, e-mail addresses and Dutch phone numbers in a text become links: tappable on a
  // phone, in every message (crisis texts included), and never broken across lines.
  const LINKABLE = new RegExp([
    /https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)]/.source, // a full address
    /[\w.+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,}/.source, // an e-mail address
    /\b(?:[a-z0-9-]+\.)+(?:nl|org|com|eu|net|info)\b(?:\/[^\s<>"']*[^\s<>"'.,;:!?)])?/.source, // 113.nl
    /(?:\+31[\s-]?|\b0)\d(?:[\s-]?\d){6,10}\b/.source, // 030 760 60 55, 0800-0113
    /\b11[23]\b/.source, // 112, 113
  ].join("|"), "gi");
  /** The tel: number for a Dutch phone number as written, or null when it is no phone number. */
  function telNumber(text) {
    const digits = text.replace(/[^\d+]/g, "");
    if (digits === "112" || digits === "113") return digits;
    if (/^\+31\d{9}$/.test(digits) || /^0[1-9]\d{8}$/.test(digits) || /^0[89]00\d{4,7}$/.test(digits)) return digits;
    return null;
  }
  /** A text as nodes: plain text, with its addresses and phone numbers as links. */
  function linkify(text) {
    const value = str(text);
    const nodes = [];
    let last = 0;
    let match;
    LINKABLE.lastIndex = 0;
    while ((match = LINKABLE.exec(value))) {
      let found = match[0];
      let link = null;
      if (/^https?:/i.test(found)) link = linkTo(safeUrl(found), found, true);
      else if (found.includes("@")) link = linkTo("mailto:" + found, found, false);
      else if (/[a-z]/i.test(found)) link = linkTo(safeUrl("https://" + found), found, true);
      else { // a phone number may be followed by other digits: its longest valid beginning
        let tel = telNumber(found);
        while (!tel && /[\s-]\d+$/.test(found)) {
          found = found.replace(/[\s-]\d+$/, "");
          tel = telNumber(found);
        }
        if (tel) link = el("a", { href: "tel:" + tel, class: "tel", text: found });
        LINKABLE.lastIndex = match.index + (tel ? found.length : match[0].length);
      }
      if (!link) continue;
      if (match.index > last) nodes.push(value.slice(last, match.index));
      nodes.push(link);
      last = match.index + found.length;
    }
    if (last < value.length) nodes.push(value.slice(last));
    return nodes;
  }
  function linkTo(href, text, newWindow) {
    if (!href) return null;
    if (!newWindow) return el("a", { href, class: "link", text });
    return el("a", { href, class: "link", target: "_blank", rel: "noopener noreferrer" },
      [text, el("span", { class: "sr", text: T.newWindow })]);
  }

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
  const badge = el("span", { class: "badge", hidden: true, "aria-hidden": "true" });
  const launcher = el("button", {
    type: "button", class: "launcher", "aria-label": T.launcher, "aria-expanded": "false",
    "aria-controls": "mw-panel",
  }, [icon(), el("span", { text: T.launcher }), badge]);

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
  const log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "Berichten" });
  const typing = el("div", { class: "typing", hidden: true }, [
    el("i", { "aria-hidden": "true" }), el("i", { "aria-hidden": "true" }), el("i", { "aria-hidden": "true" }),
    el("span", { class: "sr", text: T.typing }),
  ]);
  const status = el("div", { class: "sr", role: "status" }); // short announcements for screen readers
  const scroller = el("div", { class: "scroll" }, [el("p", { class: "privacy", text: T.privacy }), log, typing, status]);
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
  const panel = el("div", { id: "mw-panel", class: "panel", role: "dialog", "aria-label": cfg.title, hidden: true }, [
    el("div", { class: "head" }, [el("div", { class: "titles" }, [el("h2", { text: cfg.title }), tenantLine]), eraseButton, closeButton]),
    stateLine, confirmBox, scroller, errorLine, form,
  ]);
  // The stylesheet lives beside the script (a <link>, so pages with a strict Content-Security-Policy
  // need only allow the gateway's origin); the widget stays hidden until it has loaded.
  const sheet = el("link", { rel: "stylesheet", href: cfg.css });
  host.style.display = "none";
  const reveal = () => host.style.removeProperty("display");
  sheet.addEventListener("load", reveal);
  sheet.addEventListener("error", reveal);
  root.append(sheet, el("div", { class: "mw" }, [launcher, panel]));

  // ---- state -----------------------------------------------------------------------------------
  let conv = loadSession();
  if (conv && conv.tenant) showTenant(conv.tenant);
  let isOpen = false;
  let started = false; // transcript loaded or conversation created in this page
  let pending = false;
  let stream = null; // AbortController of the events connection
  let state = "bot";
  let overview = null; // the newest recommendations, to scroll to
  const seen = new Set(); // ids of rendered messages, so an event and the transcript do not double up

  // ---- rendering -------------------------------------------------------------------------------
  function scrollDown() {
    scroller.scrollTo({ top: scroller.scrollHeight, behavior: reducedMotion() ? "auto" : "smooth" });
  }
  function add(node) {
    log.append(node);
    if (!isOpen && node.classList.contains("msg") && !node.classList.contains("user")) {
      badge.hidden = false;
      launcher.setAttribute("aria-label", T.launcher + ", " + T.unread);
    }
    scrollDown();
    return node;
  }
  function bubble(text, who) {
    const node = el("div", { class: "msg " + who });
    if (who === "agent") node.append(el("span", { class: "who", text: T.agent }));
    else node.append(el("span", { class: "sr", text: who === "user" ? T.you : T.bot }));
    node.append(el("span", { class: "body" }, who === "user" ? [str(text)] : linkify(text)));
    return add(node);
  }
  function quickReplies(buttons) {
    const group = el("div", { class: "quick" });
    for (const b of buttons) {
      const title = str(b && b.title);
      if (!title) continue;
      group.append(el("button", {
        type: "button", class: "btn", text: title,
        onclick: () => { input.focus(); send(title, str(b.payload) || null); },
      }));
    }
    if (group.childElementCount) add(group);
  }
  function card(item) {
    const c = el("article", { class: "card" }, [el("h4", { text: str(item.title) })]);
    const reasons = Array.isArray(item.reasons) ? item.reasons.map(str).filter(Boolean) : [];
    if (reasons.length) { // folded: the card stays short, the reasons one tap away
      c.append(el("details", { class: "why" }, [
        el("summary", { text: T.why }), el("ul", {}, reasons.map((r) => el("li", {}, linkify(r)))),
      ]));
    }
    if (item.amount) c.append(el("p", {}, [el("strong", { text: T.amount }), ...linkify(item.amount)]));
    const steps = Array.isArray(item.how_to) ? item.how_to : [];
    if (steps.length) c.append(el("p", {}, [el("strong", { text: T.firstStep }), ...linkify(steps[0])]));
    if (item.check) c.append(el("p", { class: "check" }, [el("strong", { text: T.check }), ...linkify(item.check)]));
    const contact = item.contact || {};
    const url = safeUrl(contact.url);
    const links = el("p", {});
    if (url) links.append(el("a", { href: url, target: "_blank", rel: "noopener noreferrer" },
      [T.moreInfo, el("span", { class: "sr", text: T.newWindow })]));
    const phone = str(contact.phone).replace(/[^\d+]/g, "");
    if (phone) links.append(el("a", { href: "tel:" + phone, class: "tel", text: T.call + str(contact.phone) }));
    if (links.childElementCount) c.append(links);
    return c;
  }
  /** The overview: the most fitting items first (the engine's order), the rest behind "Toon meer",
   * each under its group's heading; below it what the person can do with it (documentsBar). */
  function recommendations(m) {
    const box = el("div", { class: "recs" });
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
    overview = add(box);
  }
  function notice(text) {
    return add(el("p", { class: "notice" }, linkify(text)));
  }
  /** Show the handoff state (bot, waiting, assigned, closed); a change is also told in the log. */
  function setState(next, text, quiet) {
    if (!T.state[next]) return;
    const changed = next !== state;
    state = next;
    stateLine.hidden = next === "bot";
    stateLine.textContent = next === "bot" ? "" : T.state[next];
    if (!changed || quiet) return;
    notice(text || T.state[next]);
    if (next === "closed") offerNewChat();
  }
  function offerNewChat() {
    add(el("div", { class: "quick" }, [el("button", { type: "button", class: "btn", text: T.newChat, onclick: newChat })]));
  }
  function newChat() {
    forget();
    clearError();
    log.replaceChildren();
    input.focus();
    start();
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
    if (from === "user") {
      bubble(m.text, "user");
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
        setState(status, str(m.text));
      }
      if (status === "waiting" || status === "assigned") listen();
    } else if (m.text != null) {
      bubble(m.text, from);
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
    overview = null;
    for (const m of Array.isArray(data.messages) ? data.messages : []) render(m, true);
    if (overview) { // a new overview: show its start rather than the end of its last card
      const top = overview.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
      scroller.scrollTo({ top: scroller.scrollTop + top - 8, behavior: reducedMotion() ? "auto" : "smooth" });
    }
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
    if ([401, 404, 410].includes(status)) return T.gone;
    if (status >= 500) return T.server;
    if (status === 429) return fromServer || T.tooMany;
    return fromServer || T.server;
  }
  /** One request to the gateway; a failed one throws apiError with the gateway's Dutch message. */
  async function request(method, path, body, accept) {
    const headers = { Accept: accept || "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (conv) headers.Authorization = "Bearer " + conv.token;
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
  async function call(method, path, body) {
    const response = await request(method, path, body);
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
        if (data.tenant) conv.tenant = showTenant(data.tenant);
        saveSession(conv);
        renderReply(data);
      }
      listen();
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
  /** Replace the log by the stored transcript; only the last bot message keeps its buttons. */
  async function loadTranscript() {
    const data = await call("GET", convPath("/messages"));
    log.replaceChildren();
    seen.clear();
    state = "bot";
    const list = Array.isArray(data.messages) ? data.messages : [];
    list.forEach((m, i) => render(m, i === list.length - 1));
    if (data.state) setState(str(data.state), "", true);
    if (state === "closed") offerNewChat();
  }

  async function send(text, payload) {
    text = str(text).trim();
    if (!text || pending) return;
    for (const group of log.querySelectorAll(".quick")) group.remove(); // only the newest answers apply
    const message = { text: text.slice(0, MAX_LENGTH), client_message_id: uuid() };
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
    log.append(node); // after a greeting that a late start() just rendered
    setPending(true);
    try {
      const data = await call("POST", convPath("/messages"), message);
      setPending(false);
      renderReply(data);
    } catch (err) {
      setPending(false);
      fail(message, node, err);
    }
  }
  function fail(message, node, err) {
    node.classList.add("failed");
    node.append(el("span", { class: "note", text: T.notSent }));
    if (err.gone) forget();
    if (err.gone || err.status === 409) showError(err.message, newChat, T.newChat); // 409: closed
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
    if (event === "message") {
      render(Object.assign({ sender: "agent" }, payload), true);
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
      await loadTranscript();
    } catch (e) {
      /* the next reconnect tries again */
    }
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
    state = "bot";
    stateLine.hidden = true;
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
  function openPanel() {
    if (isOpen) return;
    isOpen = true;
    panel.hidden = false;
    badge.hidden = true;
    launcher.setAttribute("aria-label", T.launcher);
    launcher.classList.add("open");
    launcher.setAttribute("aria-expanded", "true");
    input.focus();
    scrollDown();
    start();
  }
  function closePanel() {
    if (!isOpen) return;
    isOpen = false;
    cancelErase(false);
    panel.hidden = true;
    launcher.classList.remove("open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
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
    if (event.key !== "Escape") return;
    event.preventDefault();
    if (!confirmBox.hidden) cancelErase(true);
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
  input.addEventListener("input", updateCounter);

  function mount() {
    document.body.append(host);
    if (conv) start(); // resume in the background, so agent replies arrive even before the panel opens
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  window.Mantelwijzer = Object.freeze({ open: openPanel, close: closePanel });
})();
