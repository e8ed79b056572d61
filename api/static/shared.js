/*
 * Shared by the widget and the desk: the small DOM helpers, addresses and phone numbers in texts as
 * links, and a catalogue card as the person sees it, with its words. One home: the desk's preview of
 * a card and of an employer's arrangements shows the very card the widget shows.
 *
 * The gateway serves it inside /widget.js (api/routes/web.py, `widget_script`), in one block with
 * the widget, so that the widget stays one script tag adding one global (`Mantelwijzer`); the desk
 * loads it as /static/shared.js before its own scripts.
 */
const MantelwijzerShared = (function () {
  "use strict";

  const T = {
    why: "Waarom dit bij je past",
    amount: "Bedrag: ",
    firstStep: "Eerste stap: ",
    check: "Let op: ",
    moreInfo: "Meer informatie",
    newWindow: " (opent in een nieuw venster)",
    call: "Bel ",
  };

  /** An element; `text` is set as text (never HTML), `on…` as listeners. */
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
  const str = (value) => (typeof value === "string" ? value : value == null ? "" : String(value));

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
    const digits = str(text).replace(/[^\d+]/g, "");
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

  /**
   * A catalogue item as the person sees it: title, the reasons folded, amount, first step, the
   * check note, and its links. `preview: true` (the desk) shows the links as plain text, so that
   * nothing in a preview is followed by mistake.
   */
  function card(item, options) {
    const preview = Boolean(options && options.preview);
    const words = (value) => (preview ? [str(value)] : linkify(value));
    const c = el("article", { class: "card" }, [el("h4", { text: str(item.title) })]);
    const reasons = Array.isArray(item.reasons) ? item.reasons.map(str).filter(Boolean) : [];
    if (reasons.length) { // folded: the card stays short, the reasons one tap away
      c.append(el("details", { class: "why" }, [
        el("summary", { text: T.why }), el("ul", {}, reasons.map((r) => el("li", {}, words(r)))),
      ]));
    }
    if (item.amount) c.append(el("p", {}, [el("strong", { text: T.amount }), ...words(item.amount)]));
    const steps = Array.isArray(item.how_to) ? item.how_to : [];
    if (steps.length) c.append(el("p", {}, [el("strong", { text: T.firstStep }), ...words(steps[0])]));
    if (item.check) c.append(el("p", { class: "check" }, [el("strong", { text: T.check }), ...words(item.check)]));
    const contact = item.contact || {};
    const url = safeUrl(contact.url);
    const phone = telNumber(contact.phone) || str(contact.phone).replace(/[^\d+]/g, "");
    const links = el("p", { class: "links" });
    if (preview) {
      if (contact.url) links.append(el("span", { class: "fake-link", text: T.moreInfo + " (" + str(contact.url) + ")" }));
      if (phone) links.append(el("span", { class: "fake-link", text: T.call + str(contact.phone) }));
    } else {
      if (url) links.append(el("a", { href: url, target: "_blank", rel: "noopener noreferrer" },
        [T.moreInfo, el("span", { class: "sr", text: T.newWindow })]));
      if (phone) links.append(el("a", { href: "tel:" + phone, class: "tel", text: T.call + str(contact.phone) }));
    }
    if (links.childElementCount) c.append(links);
    return c;
  }

  return { T, el, str, safeUrl, telNumber, linkify, linkTo, card };
})();
