/*
 * Mantelwijzer support desk (/desk). Plain JavaScript, no dependencies, no requests to anyone but
 * the gateway. Speaks the desk API (api/routes/desk.py): a session cookie (HttpOnly, SameSite=Strict)
 * plus the X-CSRF-Token header on every change, and one Server-Sent Events stream per signed-in tab
 * for the live queue and messages (api/desk/feed.py). Everything from the network is rendered with
 * textContent, never as HTML.
 */
(function () {
  "use strict";

  const API = "/desk/api";
  const MAX_LENGTH = 2000;

  const T = {
    state: { waiting: "Wacht", assigned: "Opgepakt", bot: "Terug bij Mantelwijzer", closed: "Afgesloten" },
    reason: {
      user_request: "Vroeg om een medewerker",
      fallback: "Mantelwijzer begreep het niet",
      burden: "Zware belasting",
      crisis: "Crisis",
    },
    channel: { web: "website", intranet: "intranet", whatsapp: "WhatsApp", telegram: "Telegram" },
    delivery: (d) =>
      [
        d.pending ? d.pending + " nog onderweg" : "",
        d.held ? d.held + " wacht tot de persoon weer schrijft (WhatsApp: na 24 uur alleen een sjabloon)" : "",
        d.failed ? d.failed + " niet afgeleverd" : "",
      ].filter(Boolean).join(", ") || "alles afgeleverd",
    sender: { user: "Persoon", bot: "Mantelwijzer", system: "Mantelwijzer (systeem)", agent: "Medewerker" },
    contact: { phone: "Bellen", email: "Mailen" },
    urgent: "Crisis",
    // where the crisis flag came from (issue 16): the gateway's word check, or the bot
    crisisSource: { keywords: "signaalwoorden", bot: "gezien door Mantelwijzer" },
    unread: "nieuw bericht",
    waitedFor: (minutes) => (minutes < 1 ? "net binnen" : "wacht " + minutes + " min"),
    since: (minutes) => (minutes < 1 ? "minder dan een minuut" : minutes + " min"),
    connected: "Live verbonden.",
    reconnecting: "Verbinding weg. We proberen het opnieuw…",
    expired: "Je sessie is verlopen. Log opnieuw in.",
    loggedOut: "Je bent uitgelogd.",
    offline: window.MantelwijzerDesk.T.offline,
    server: window.MantelwijzerDesk.T.server,
    newInQueue: "Nieuw gesprek in de wachtrij.",
    newUrgent: "Nieuw gesprek met crisis in de wachtrij.",
    newQuestion: "Nieuwe achtergelaten vraag.",
    claimed: "Je hebt het gesprek opgepakt. Je kunt nu antwoorden.",
    handedBack: "Het gesprek is terug bij Mantelwijzer.",
    closed: "Het gesprek is afgesloten.",
    sent: "Verstuurd.",
    noteSaved: "Notitie opgeslagen.",
    cardSent: "Kaart verstuurd.",
    questionDone: "De vraag is afgehandeld en de gegevens zijn gewist.",
    noResults: "Niets gevonden. Probeer een ander woord.",
    sendCard: "Stuur als kaart",
    previewCard: "Bekijk kaart",
    previewShown: "Hieronder zie je hoe de persoon de kaart ziet. Kies Versturen of Annuleren.",
    previewFrom: (name) => "Kaart van " + name,
    // warnings before steps that leave the person without an answer or cannot be undone
    askHandback: "De persoon wacht nog op antwoord op het laatste bericht. Wil je het gesprek toch teruggeven aan Mantelwijzer?",
    yesHandback: "Toch teruggeven",
    askClose: "De persoon wacht nog op antwoord op het laatste bericht. Wil je het gesprek toch afsluiten?",
    yesClose: "Toch afsluiten",
    askQuestionDone: "Heb je contact gehad met de persoon? Na Afgehandeld worden de vraag en de contactgegevens gewist. Dat kan niet ongedaan worden.",
    yesQuestionDone: "Ja, afgehandeld en wissen",
    // transfer to a colleague
    chooseColleague: "Kies een collega",
    noColleagues: "Er is geen andere collega actief.",
    transferred: (name) => "Het gesprek is overgedragen aan " + name + ".",
    transferredToMe: "Een collega heeft een gesprek aan je overgedragen. Het staat bij ‘Bij mij’.",
    // typing
    personTyping: "De persoon typt…",
    card: "Kaart: ",
    note: "Notitie van ",
    unknown: "onbekend",
    nobody: "nog niemand",
    yes: "ja",
    no: "nee",
    counter: (n) => n + " van " + MAX_LENGTH + " tekens",
    meta: {
      state: "Status",
      channel: "Kanaal",
      tenant: "Organisatie",
      reason: "Reden",
      waiting: "Wachttijd",
      assignee: "Medewerker",
      delivery: "Berichten",
      created: "Gestart",
      contact: "Contact",
      left: "Achtergelaten",
    },
    gone: "Dit gesprek is er niet meer (gewist door de persoon, of van een andere organisatie).",
  };

  // The rows of the bot's situation profile (shared/design/architecture.md). Value labels of the
  // enum fields come with /me (`profile_labels`, from bot/vocabulary.yml); "bool" and "place" are
  // shown as yes/no and a municipality name.
  const PROFILE = [
    ["relationship", "Zorgt voor", "labels"],
    ["condition", "Aandoening", "labels"],
    ["care_hours_per_week", "Zorguren per week", null],
    ["lives_together", "Woont samen", "bool"],
    ["recipient_municipality", "Gemeente van de naaste", "place"],
    ["caregiver_municipality", "Eigen gemeente", "place"],
    ["employment", "Werk", "labels"],
    ["work_hours_per_week", "Werkuren per week", null],
    ["employer_size", "Werkgever", "labels"],
    ["wlz_indication", "Wlz-indicatie", "labels"],
    ["needs", "Wil hulp bij", "labels"],
    ["burden", "Belasting", "labels"],
  ];

  // ---- small helpers -----------------------------------------------------------------------------
  const { $, el, str, confirmStep } = window.MantelwijzerDesk; // common.js
  const minutesSince = (iso) => Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60000));
  const clock = (iso) => {
    const d = new Date(iso);
    return isNaN(d) ? "" : d.toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" });
  };
  function announce(text) {
    const region = $("announce");
    region.textContent = "";
    setTimeout(() => { region.textContent = text; }, 30);
  }

  // ---- state -------------------------------------------------------------------------------------
  let me = null; // {agent, tenant, csrf_token}
  let stream = null; // EventSource
  let streamOpened = false;
  const items = new Map(); // conversation_id -> queue item
  const questions = new Map(); // id -> question summary
  const unread = new Set(); // conversation ids with messages not yet seen
  let current = null; // {kind: "conversation"|"question", id, data}
  const shown = new Set(); // message ids in the open transcript

  // ---- API ---------------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }
  /** The desk's API (common.js `request`): the answer's data, or an ApiError (401 signs out). */
  async function call(method, path, body) {
    const answer = await MantelwijzerDesk.request(API + path, method, body, me && me.csrf_token);
    if (answer.ok) return answer.data;
    const error = (answer.data && answer.data.error) || {};
    const code = answer.status === 0 ? "offline" : str(error.code);
    const err = new ApiError(answer.status, code, str(error.message) || T.server);
    if (answer.status === 401) signedOut(code === "session_expired" ? T.expired : err.message);
    throw err;
  }

  // ---- signing in and out ------------------------------------------------------------------------
  function showLogin(note) {
    me = null;
    if (stream) stream.close();
    stream = null;
    $("desk-view").hidden = true;
    $("who").hidden = true;
    $("logout").hidden = true;
    $("login-view").hidden = false;
    $("login-note").hidden = !note;
    $("login-note").textContent = note || "";
    $("password").value = "";
    $("email").focus();
    document.dispatchEvent(new CustomEvent("desk:signed-out")); // insights.js hides its section
  }
  function signedOut(note) {
    if (me) showLogin(note);
  }
  function showDesk(who) {
    me = who;
    $("login-view").hidden = true;
    $("desk-view").hidden = false;
    $("who").hidden = false;
    $("who").textContent = who.agent.name + " · " + who.tenant.name; // the hours: hours.js, live
    $("logout").hidden = false;
    connect();
    document.dispatchEvent(new CustomEvent("desk:signed-in", { detail: who })); // insights.js
  }
  async function login(event) {
    event.preventDefault();
    const errorLine = $("login-error");
    errorLine.hidden = true;
    const email = $("email").value.trim();
    const password = $("password").value;
    if (!email || !password) {
      errorLine.textContent = "Vul je e-mailadres en je wachtwoord in.";
      errorLine.hidden = false;
      (email ? $("password") : $("email")).focus();
      return;
    }
    try {
      showDesk(await call("POST", "/login", { email, password }));
      $("queue-title").focus();
    } catch (err) {
      errorLine.textContent = err.message;
      errorLine.hidden = false;
      $("password").focus();
    }
  }
  async function logout() {
    try {
      await call("POST", "/logout");
    } catch (e) {
      /* the session may be gone already */
    }
    showLogin(T.loggedOut);
  }

  // ---- the live stream ---------------------------------------------------------------------------
  function connect() {
    if (stream) stream.close();
    streamOpened = false;
    stream = new EventSource(API + "/stream");
    stream.addEventListener("open", () => { $("connection").textContent = T.connected; });
    stream.addEventListener("error", onStreamError);
    const on = (name, handle) => stream.addEventListener(name, (e) => {
      let data;
      try { data = JSON.parse(e.data); } catch (err) { return; }
      handle(data);
    });
    on("queue", onSnapshot);
    on("conversation", onConversation);
    on("removed", onRemoved);
    on("message", onMessage);
    on("question", onQuestion);
    on("question_removed", (d) => { questions.delete(Number(d.id)); renderQueue(); });
    on("typing", onTyping);
    on("expired", () => { stream.close(); showLogin(T.expired); });
  }
  async function onStreamError() {
    $("connection").textContent = T.reconnecting;
    if (!stream || stream.readyState !== EventSource.CLOSED) return; // the browser retries by itself
    try {
      await call("GET", "/me"); // 401 shows the login form
      setTimeout(() => { if (me) connect(); }, 3000);
    } catch (e) {
      if (me) setTimeout(() => { if (me) connect(); }, 5000);
    }
  }
  function onSnapshot(data) {
    items.clear();
    questions.clear();
    for (const item of data.conversations || []) items.set(item.conversation_id, item);
    for (const q of data.questions || []) questions.set(Number(q.id), q);
    renderQueue();
    if (streamOpened && current) reopen(); // reconnected: catch up on what the open view missed
    streamOpened = true;
  }
  function onConversation(data) {
    const item = data.item;
    if (!item) return;
    const before = items.get(item.conversation_id);
    const isNew = !before;
    items.set(item.conversation_id, item);
    renderQueue();
    if (isNew && item.state === "waiting") announce(item.urgent ? T.newUrgent : T.newInQueue);
    const mineNow = item.state === "assigned" && item.assignee && me && item.assignee.id === me.agent.id;
    const mineBefore = before && before.state === "assigned" && before.assignee && before.assignee.id === me.agent.id;
    if (mineNow && before && before.state === "assigned" && !mineBefore) announce(T.transferredToMe);
    if (current && current.kind === "conversation" && current.id === item.conversation_id) {
      Object.assign(current.data, {
        state: item.state, assignee: item.assignee, urgent: item.urgent, reason: item.reason,
        crisis_source: item.crisis_source,
        waiting_since: item.waiting_since,
      });
      if (data.notice) addLine({ sender: "system", direction: "out", message: data.notice, created_at: new Date().toISOString() });
      renderConversationHead();
    }
  }
  function onRemoved(data) {
    const id = str(data.conversation_id);
    items.delete(id);
    unread.delete(id);
    renderQueue();
    if (current && current.kind === "conversation" && current.id === id) {
      if (data.state === "erased") {
        showError(T.gone);
        closeView();
      } else {
        current.data.state = data.state;
        current.data.assignee = null;
        renderConversationHead();
      }
    }
  }
  function onMessage(data) {
    const id = str(data.conversation_id);
    const item = items.get(id);
    if (item && data.sender === "user" && data.message && data.message.text) {
      const text = str(data.message.text).replace(/\s+/g, " ");
      item.preview = text.length > 80 ? text.slice(0, 79) + "…" : text;
    }
    if (current && current.kind === "conversation" && current.id === id) {
      noteAnswered(data);
      if (data.sender === "user") showTyping(false);
      addLine(data);
    } else if (data.sender === "user" && item) {
      unread.add(id);
    }
    if (item) refreshItem(item);
  }
  function onQuestion(data) {
    const isNew = !questions.has(Number(data.id));
    questions.set(Number(data.id), data);
    renderQueue();
    if (isNew) announce(T.newQuestion);
  }

  // ---- the queue ---------------------------------------------------------------------------------
  /** "intranet" for a web conversation of a tenant (only an intranet's signed tenant_token gives a
   * web conversation a tenant); messaging channels keep their own names. */
  function channelLabel(d) {
    const channel = d.channel === "web" && d.tenant ? "intranet" : d.channel;
    return T.channel[channel] || str(channel);
  }
  function crisisSourceTag(source) {
    // "signaalwoorden": the crisis flag came from the gateway's word check, not from the bot
    return el("span", { class: "tag crisis-source crisis-" + source, text: T.crisisSource[source] });
  }
  function queueButton(item) {
    const parts = [];
    if (item.urgent) parts.push(el("span", { class: "tag urgent", text: T.urgent }));
    if (item.urgent && T.crisisSource[item.crisis_source]) parts.push(crisisSourceTag(item.crisis_source));
    const state = item.state === "waiting" ? T.waitedFor(minutesSince(item.waiting_since)) : T.state[item.state];
    parts.push(el("span", { class: "line", text: state + " · " + channelLabel(item) }));
    parts.push(el("span", { class: "line small", text: T.reason[item.reason] || str(item.reason || "") }));
    if (item.preview) parts.push(el("span", { class: "line preview", text: "“" + str(item.preview) + "”" }));
    if (item.assignee && item.state === "assigned") {
      parts.push(el("span", { class: "line small", text: T.meta.assignee + ": " + str(item.assignee.name) }));
    }
    if (unread.has(item.conversation_id)) parts.push(el("span", { class: "tag unread", text: T.unread }));
    const selected = current && current.kind === "conversation" && current.id === item.conversation_id;
    return el("li", {}, [el("button", {
      type: "button", class: "item" + (item.urgent ? " is-urgent" : ""), "data-id": item.conversation_id,
      "aria-current": selected ? "true" : null,
      onclick: () => openConversation(item.conversation_id),
    }, parts)]);
  }
  function questionButton(q) {
    const parts = [
      el("span", { class: "line", text: T.contact[q.contact_method] + " · " + T.since(minutesSince(q.created_at)) }),
      el("span", { class: "line small", text: q.assignee ? T.meta.assignee + ": " + str(q.assignee.name) : T.nobody }),
    ];
    const selected = current && current.kind === "question" && current.id === Number(q.id);
    return el("li", {}, [el("button", {
      type: "button", class: "item", "data-question": String(q.id), "aria-current": selected ? "true" : null,
      onclick: () => openQuestion(Number(q.id)),
    }, parts)]);
  }
  /** Redraws one queue entry in place (a new message); the whole queue only when it moved. */
  function refreshItem(item) {
    const button = document.querySelector('#queue button[data-id="' + CSS.escape(item.conversation_id) + '"]');
    if (button) button.parentElement.replaceWith(queueButton(item));
    else renderQueue();
  }
  function fill(listId, countId, nodes) {
    $(listId).replaceChildren(...nodes);
    $(countId).textContent = String(nodes.length);
  }
  function renderQueue() {
    const all = [...items.values()];
    const mine = me ? me.agent.id : "";
    fill("waiting-list", "waiting-count", all.filter((i) => i.state === "waiting").map(queueButton));
    fill("mine-list", "mine-count",
      all.filter((i) => i.state === "assigned" && i.assignee && i.assignee.id === mine).map(queueButton));
    fill("others-list", "others-count",
      all.filter((i) => i.state === "assigned" && (!i.assignee || i.assignee.id !== mine)).map(queueButton));
    fill("questions-list", "questions-count", [...questions.values()].map(questionButton));
    document.title = "(" + all.filter((i) => i.state === "waiting").length + ") Servicedesk – Mantelwijzer";
  }
  setInterval(() => { if (me) renderQueue(); if (current && current.kind === "conversation") renderMeta(); }, 30000);

  // ---- one conversation --------------------------------------------------------------------------
  function showError(text) {
    $("detail-error").textContent = text;
    $("detail-error").hidden = !text;
  }
  function closeView() {
    current = null;
    showTyping(false);
    hidePreview();
    $("conversation").hidden = true;
    $("question").hidden = true;
    $("empty").hidden = false;
    renderQueue();
  }
  /** Opens (or, with keep, refreshes) a conversation; keep leaves focus and error line alone. */
  async function openConversation(id, keep) {
    if (!keep) showError("");
    if (!keep && current && current.id !== id) stopTyping();
    try {
      const data = await call("GET", "/conversations/" + encodeURIComponent(id));
      current = { kind: "conversation", id, data };
      unread.delete(id);
      $("question").hidden = true;
      $("empty").hidden = true;
      $("conversation").hidden = false;
      renderConversation();
      renderQueue();
      if (!keep) { $("results").replaceChildren(); hidePreview(); showTyping(false); stopTyping(); }
      if (!keep) $("conversation-title").focus();
    } catch (err) {
      if (err.status === 404) { items.delete(id); renderQueue(); closeView(); }
      showError(err.message);
    }
  }
  function reopen() {
    if (!current) return;
    if (current.kind === "conversation") openConversation(current.id, true);
    else openQuestion(current.id, true);
  }
  function renderConversation() {
    renderConversationHead();
    renderProfile($("profile"), current.data.profile || {}, current.data.places || {});
    shown.clear();
    $("transcript").replaceChildren();
    for (const m of current.data.messages || []) addLine(m);
  }
  function renderConversationHead() {
    const d = current.data;
    const badges = [el("span", { class: "tag state-" + d.state, text: T.state[d.state] || str(d.state) })];
    if (d.urgent && T.crisisSource[d.crisis_source]) badges.unshift(crisisSourceTag(d.crisis_source));
    if (d.urgent) badges.unshift(el("span", { class: "tag urgent", text: T.urgent }));
    $("badges").replaceChildren(...badges);
    renderMeta();
    const mine = d.state === "assigned" && d.assignee && d.assignee.id === me.agent.id;
    const supervises = me.agent.role !== "agent";
    const onDesk = d.state === "waiting" || d.state === "assigned";
    $("claim").hidden = d.state !== "waiting";
    $("handback").hidden = !(onDesk && (d.state === "waiting" || mine || supervises));
    $("close").hidden = !(onDesk && (d.state === "waiting" || mine || supervises));
    $("reply-form").hidden = !mine;
    $("note-form").hidden = d.state === "closed";
    const mayTransfer = d.state === "assigned" && (mine || supervises);
    if (mayTransfer && $("transfer-form").hidden) loadColleagues();
    $("transfer-form").hidden = !mayTransfer;
    $("card-send").disabled = !mine;
  }
  function renderMeta() {
    if (!current || current.kind !== "conversation") return;
    const d = current.data;
    const rows = [
      [T.meta.state, T.state[d.state] || str(d.state)],
      [T.meta.channel, channelLabel(d)],
      [T.meta.tenant, !d.tenant || d.tenant === me.tenant.id ? me.tenant.name : str(d.tenant)],
      [T.meta.reason, T.reason[d.reason] || str(d.reason || T.unknown)],
      [T.meta.waiting, d.waiting_since ? T.since(minutesSince(d.waiting_since)) + " (sinds " + clock(d.waiting_since) + ")" : "–"],
      [T.meta.assignee, d.assignee ? str(d.assignee.name) : T.nobody],
    ];
    if (d.delivery) rows.push([T.meta.delivery, T.delivery(d.delivery)]);
    $("meta").replaceChildren(...rows.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]));
  }
  function renderProfile(target, profile, places) {
    const rows = [];
    for (const [key, label, kind] of PROFILE) {
      const value = profile[key];
      const values = kind === "labels" ? (me && me.profile_labels && me.profile_labels[key]) || {} : kind;
      let text;
      if (value === null || value === undefined || (Array.isArray(value) && !value.length)) text = T.unknown;
      else if (values === "bool") text = value ? T.yes : T.no;
      else if (values === "place") text = places[value] ? places[value] + " (" + value + ")" : str(value);
      else if (Array.isArray(value)) text = value.map((v) => (values && values[v]) || str(v)).join(", ");
      else text = (values && values[value]) || str(value);
      rows.push(el("dt", { text: label }), el("dd", { text, class: text === T.unknown ? "unknown" : null }));
    }
    target.replaceChildren(...rows);
  }
  function addLine(entry) {
    if (!current || current.kind !== "conversation" || !entry) return;
    if (entry.id != null) {
      if (shown.has(String(entry.id))) return;
      shown.add(String(entry.id));
    }
    const m = entry.message || {};
    const note = entry.direction === "note";
    let who = T.sender[entry.sender] || str(entry.sender);
    if (entry.sender === "agent" && m.agent) who = str(m.agent);
    if (note) who = T.note + (m.agent ? str(m.agent) : T.sender.agent);
    const body = el("div", { class: "body" });
    if (m.type === "recommendations") {
      if (m.text) body.append(el("p", { text: str(m.text) }));
      const list = el("ul", { class: "cards" });
      for (const item of Array.isArray(m.items) ? m.items : []) list.append(el("li", { text: T.card + str(item.title) }));
      body.append(list);
    } else {
      body.append(el("p", { text: str(m.text) }));
      if (Array.isArray(m.buttons) && m.buttons.length) {
        body.append(el("p", { class: "small", text: "Knoppen: " + m.buttons.map((b) => str(b && b.title)).join(" · ") }));
      }
    }
    const kind = note ? "note" : m.type === "crisis" ? "crisis" : entry.sender;
    const line = el("li", { class: "line-" + kind }, [
      el("p", { class: "from" }, [el("strong", { text: who }), el("span", { class: "time", text: " " + clock(entry.created_at) })]),
      body,
    ]);
    $("transcript").append(line);
    const box = $("transcript-box");
    box.scrollTop = box.scrollHeight; // the log scrolls, not the page
  }

  /** Handback and close: asks first while the person's last message has no answer. */
  async function endConversation(path, done, question, yes) {
    if (current && current.data.unanswered && !(await confirmStep(question, yes))) return;
    stopTyping();
    await act(path, done, $("queue-title"));
  }
  async function act(path, done, focusAfter, body) {
    showError("");
    try {
      const data = await call("POST", "/conversations/" + encodeURIComponent(current.id) + path, body);
      current.data = data;
      renderConversation();
      announce(done);
      if (focusAfter) focusAfter.focus();
    } catch (err) {
      showError(err.message);
      if (err.status === 409) reopen();
    }
  }
  async function send(form, textarea, path, done) {
    const text = textarea.value;
    if (!text.trim()) { showError("Typ eerst een bericht."); textarea.focus(); return; }
    showError("");
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const entry = await call("POST", "/conversations/" + encodeURIComponent(current.id) + path, { text });
      textarea.value = "";
      updateCounter();
      if (path === "/messages") stopTyping();
      noteAnswered(entry);
      addLine(entry);
      announce(done);
    } catch (err) {
      showError(err.message);
    } finally {
      button.disabled = false;
      textarea.focus();
    }
  }
  function updateCounter() {
    const n = $("reply").value.length;
    $("reply-count").hidden = n < MAX_LENGTH - 200;
    $("reply-count").textContent = T.counter(n);
  }

  // ---- catalogue ---------------------------------------------------------------------------------
  async function search(event) {
    event.preventDefault();
    const q = $("search").value.trim();
    if (!q || !current) return;
    showError("");
    try {
      const params = new URLSearchParams({ q, conversation_id: current.id });
      const data = await call("GET", "/catalogue?" + params.toString());
      hidePreview();
      const results = (data.items || []).map((item) => el("li", { class: "result" }, [
        el("h4", { text: str(item.title) }),
        el("p", { class: "small", text: str(item.summary) }),
        el("button", {
          type: "button", class: "btn small", text: T.previewCard, "aria-label": T.previewCard + ": " + str(item.title),
          onclick: () => showPreview(item),
        }),
      ]));
      $("results").replaceChildren(...(results.length ? results : [el("li", { class: "small", text: T.noResults })]));
    } catch (err) {
      showError(err.message);
    }
  }
  async function sendCard(itemId) {
    showError("");
    try {
      const entry = await call("POST", "/conversations/" + encodeURIComponent(current.id) + "/cards", { item_id: itemId });
      noteAnswered(entry);
      addLine(entry);
      hidePreview();
      announce(T.cardSent);
      $("search").focus();
    } catch (err) {
      showError(err.message);
    }
  }
  // ---- card preview: the card as the person's widget shows it (api/static/shared.js, card()) -------
  let previewed = null; // the catalogue item in the preview
  function previewCard(item) {
    const shown = MantelwijzerShared.card(item, { preview: true });
    return el("div", { class: "preview-bubble" }, [el("p", { class: "from small", text: T.previewFrom(me.agent.name) }), shown]);
  }
  function showPreview(item) {
    previewed = item;
    $("card-preview-body").replaceChildren(previewCard(item));
    $("card-preview").hidden = false;
    renderConversationHead(); // "Versturen" only for the agent who has the conversation
    $("card-preview-title").focus();
    announce(T.previewShown);
  }
  function hidePreview() {
    previewed = null;
    $("card-preview").hidden = true;
    $("card-preview-body").replaceChildren();
  }

  // ---- whether the person's last message has an answer (the server's `unanswered`, kept live) ------
  function noteAnswered(entry) {
    if (!current || current.kind !== "conversation" || !entry || entry.direction === "note") return;
    if (entry.sender === "user") current.data.unanswered = true;
    else if (entry.sender === "agent" || entry.sender === "bot") current.data.unanswered = false;
  }

  // ---- typing, both ways (the desk stream's `typing`; POST …/typing, a 404 is ignored) -------------
  let typingHide = null;
  function showTyping(active) {
    clearTimeout(typingHide);
    $("typing").textContent = active ? T.personTyping : "";
    if (active) typingHide = setTimeout(() => { $("typing").textContent = ""; }, 6000);
  }
  function onTyping(data) {
    if (!current || current.kind !== "conversation" || current.id !== str(data.conversation_id)) return;
    if (data.sender === "user") showTyping(Boolean(data.active));
  }
  let typingSentAt = 0; // when active=true went last (0: not typing)
  let typingFor = null; // the conversation it went to
  let typingIdle = null;
  function postTyping(conversationId, active) {
    if (!me || !conversationId) return;
    fetch(API + "/conversations/" + encodeURIComponent(conversationId) + "/typing", {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": me.csrf_token },
      body: JSON.stringify({ active }),
    }).catch(() => {}); // a hint only: errors (a 404 before the endpoint exists) change nothing
  }
  function agentTyped() {
    if (!current || current.kind !== "conversation" || $("reply-form").hidden) return;
    clearTimeout(typingIdle);
    if (!$("reply").value.trim()) { stopTyping(); return; }
    const now = Date.now();
    if (!typingSentAt || typingFor !== current.id || now - typingSentAt >= 3000) {
      typingSentAt = now;
      typingFor = current.id;
      postTyping(current.id, true);
    }
    typingIdle = setTimeout(stopTyping, 4000); // stopped typing
  }
  function stopTyping() {
    clearTimeout(typingIdle);
    if (typingSentAt && typingFor) postTyping(typingFor, false);
    typingSentAt = 0;
    typingFor = null;
  }

  // ---- transfer to a colleague ---------------------------------------------------------------------
  async function loadColleagues() {
    const select = $("transfer-to");
    try {
      const data = await call("GET", "/colleagues");
      const assignee = current && current.data.assignee ? current.data.assignee.id : "";
      const others = (data.colleagues || []).filter((c) => c.id !== assignee);
      select.replaceChildren(
        el("option", { value: "", text: others.length ? T.chooseColleague : T.noColleagues }),
        ...others.map((c) => el("option", { value: str(c.id), text: str(c.name) })),
      );
    } catch (err) {
      /* the form stays with what it had; the error line shows a failure to transfer */
    }
  }
  async function transfer(event) {
    event.preventDefault();
    const select = $("transfer-to");
    const chosen = select.value;
    if (!chosen) { select.focus(); return; }
    const name = select.options[select.selectedIndex].textContent;
    stopTyping();
    await act("/transfer", T.transferred(name), $("queue-title"), { agent_id: chosen });
    loadColleagues();
  }

  // ---- questions left outside opening hours ------------------------------------------------------
  async function openQuestion(id, keep) {
    if (!keep) showError("");
    try {
      const data = await call("GET", "/questions/" + id);
      current = { kind: "question", id, data };
      renderQuestion();
      if (!keep) $("question-title").focus();
    } catch (err) {
      if (err.status === 404) { questions.delete(id); closeView(); }
      showError(err.message);
    }
  }
  function renderQuestion() {
    const q = current.data;
    $("conversation").hidden = true;
    $("empty").hidden = true;
    $("question").hidden = false;
    const value = str(q.contact_value);
    const phone = q.contact_method === "phone" ? value.replace(/[^\d+]/g, "") : "";
    const contact = el("dd", {}, [
      document.createTextNode((T.contact[q.contact_method] || "") + ": "),
      phone ? el("a", { href: "tel:" + phone, text: value }) : document.createTextNode(value),
    ]);
    const rows = [
      [T.meta.left, clock(q.created_at) + " (" + T.since(minutesSince(q.created_at)) + " geleden)"],
      [T.meta.contact, contact],
      [T.meta.assignee, q.assignee ? str(q.assignee.name) : T.nobody],
    ];
    $("question-meta").replaceChildren(
      ...rows.flatMap(([k, v]) => [el("dt", { text: k }), typeof v === "string" ? el("dd", { text: v }) : v]),
    );
    $("question-text").textContent = str(q.question);
    $("question-consent").textContent = "“" + str(q.consent_text) + "” (gegeven om " + clock(q.consent_at) + ")";
    renderProfile($("question-profile"), q.profile || {}, q.places || {});
    const mine = q.assignee && q.assignee.id === me.agent.id;
    $("question-claim").hidden = q.state !== "open";
    $("question-done").hidden = !(q.state === "claimed" && (mine || me.agent.role !== "agent"));
    renderQueue();
  }
  async function questionAction(path) {
    if (path === "/done" && !(await confirmStep(T.askQuestionDone, T.yesQuestionDone))) return;
    showError("");
    try {
      const data = await call("POST", "/questions/" + current.id + path);
      if (data) {
        current.data = data;
        renderQuestion();
        $("question-done").focus();
      } else {
        questions.delete(current.id);
        closeView();
        announce(T.questionDone);
        $("queue-title").focus();
      }
    } catch (err) {
      showError(err.message);
    }
  }

  // ---- wiring ------------------------------------------------------------------------------------
  function wire() {
    $("login-form").addEventListener("submit", login);
    $("logout").addEventListener("click", logout);
    $("claim").addEventListener("click", () => act("/claim", T.claimed, $("reply")));
    $("handback").addEventListener("click", () => endConversation("/handback", T.handedBack, T.askHandback, T.yesHandback));
    $("close").addEventListener("click", () => endConversation("/close", T.closed, T.askClose, T.yesClose));
    $("transfer-form").addEventListener("submit", transfer);
    $("card-send").addEventListener("click", () => { if (previewed) sendCard(previewed.id); });
    $("card-cancel").addEventListener("click", () => { hidePreview(); $("search").focus(); });
    $("reply").addEventListener("input", agentTyped);
    $("reply").addEventListener("blur", () => { if (!$("reply").value.trim()) stopTyping(); });
    $("reply-form").addEventListener("submit", (e) => { e.preventDefault(); send($("reply-form"), $("reply"), "/messages", T.sent); });
    $("note-form").addEventListener("submit", (e) => { e.preventDefault(); send($("note-form"), $("note"), "/notes", T.noteSaved); });
    $("reply").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); $("reply-form").requestSubmit(); }
    });
    $("reply").addEventListener("input", updateCounter);
    $("search-form").addEventListener("submit", search);
    $("question-claim").addEventListener("click", () => questionAction("/claim"));
    $("question-done").addEventListener("click", () => questionAction("/done"));
    document.addEventListener("keydown", (e) => {
      if (!e.altKey || !me) return;
      const target = { 1: $("queue-title"), 2: $("reply"), 3: $("search") }[e.key];
      if (target && !target.closest("[hidden]")) { e.preventDefault(); target.focus(); }
    });
  }

  async function start() {
    wire();
    try {
      const response = await fetch(API + "/me", { credentials: "same-origin", cache: "no-store" });
      if (response.ok) showDesk(await response.json());
      else showLogin(null);
    } catch (e) {
      showLogin(T.offline);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
