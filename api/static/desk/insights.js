/*
 * Inzicht: the tenant's monthly figures for supervisors and admins (GET /desk/api/insights,
 * api/insights). Counts only: never a single conversation, never text. A group of fewer than 10
 * people comes as {"suppressed": true} and is shown as "< 10" (also in the charts' tables; the
 * charts leave such groups out rather than draw a made-up bar). Every chart has a table with the
 * same figures and a text alternative. Charts by Chart.js (vendor/chart.umd.min.js, served from
 * here: the desk's Content-Security-Policy allows no other site). The words of the figures come
 * from the server (labels); this file holds only the section's own words; helpers and the
 * section's showing and hiding are common.js's.
 */
(function () {
  "use strict";

  const API = "/desk/api/insights";
  const COLOUR = "#1d4f91";
  const T = {
    open: "Inzicht",
    loading: "Cijfers laden…",
    loaded: (month) => "Cijfers van " + month + " geladen.",
    month: "Geef de maand als JJJJ-MM, bijvoorbeeld 2026-12.",
    count: "Aantal",
    nothingToDraw: "Geen grafiek: alle groepen hieronder zijn kleiner dan 10 mensen of verborgen.",
    chartAlt: (title, parts) => "Staafdiagram " + title + ": " + parts + ". Dezelfde cijfers staan in de tabel.",
    asTable: (title) => "Tabel: " + title,
  };

  const { $, el, T: SHARED } = window.MantelwijzerDesk;
  const isCount = (value) => typeof value === "number";

  let charts = [];

  /** The last finished month: a running month's figures are not shown (they still change). */
  function lastMonth() {
    const now = new Date();
    const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
    return last.getFullYear() + "-" + String(last.getMonth() + 1).padStart(2, "0");
  }

  // ---- showing and hiding (common.js: in the queue's place, for supervisors and admins) ----------
  MantelwijzerDesk.section("insights", T.open, (agent) => agent.role !== "agent", () => {
    if (!$("insights-month").value) $("insights-month").value = lastMonth();
    load();
  }, destroyCharts);

  // ---- the figures -------------------------------------------------------------------------------
  function showError(text) {
    $("insights-error").textContent = text || "";
    $("insights-error").hidden = !text;
  }
  async function load() {
    const month = $("insights-month").value.trim();
    if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(month)) {
      showError(T.month);
      $("insights-month").focus();
      return;
    }
    showError("");
    $("insights-body").replaceChildren(el("p", { class: "help", text: T.loading }));
    const answer = await MantelwijzerDesk.request(API + "?month=" + encodeURIComponent(month), "GET");
    const data = answer.data;
    if (!answer.ok || !data) {
      $("insights-body").replaceChildren();
      showError(data && data.error && typeof data.error.message === "string" ? data.error.message : SHARED.server);
      return;
    }
    render(data);
  }

  function destroyCharts() {
    for (const chart of charts) chart.destroy();
    charts = [];
  }

  function shown(value, labels) {
    return isCount(value) ? String(value) : labels.suppressed;
  }

  function countTable(caption, rows, labels) {
    return el("table", { class: "figures" }, [
      el("caption", { text: caption }),
      el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "" }), el("th", { scope: "col", text: T.count })])]),
      el("tbody", {}, rows.map(([name, value]) =>
        el("tr", {}, [el("th", { scope: "row", text: name }), el("td", { text: shown(value, labels) })]))),
    ]);
  }

  // One group (burden, needs, kinds): a bar chart of the groups that may be shown, and the table.
  function group(title, names, values, labels) {
    const rows = Object.entries(values).map(([key, value]) => [names[key] || key, value]);
    const drawn = rows.filter(([, value]) => isCount(value));
    const figure = el("figure", { class: "chart-group" });
    const parts = [el("h4", { text: title })];
    if (drawn.length && typeof window.Chart === "function") {
      const alt = T.chartAlt(title, drawn.map(([name, value]) => name + " " + value).join(", "));
      const canvas = el("canvas", { role: "img", "aria-label": alt });
      const box = el("div", { class: "chart" }, [canvas]);
      box.style.height = 40 + drawn.length * 28 + "px"; // CSSOM: allowed by the page's policy
      parts.push(box);
      charts.push(new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: drawn.map(([name]) => name),
          datasets: [{ label: T.count, data: drawn.map(([, value]) => value), backgroundColor: COLOUR }],
        },
        options: {
          indexAxis: "y",
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      }));
    } else {
      parts.push(el("p", { class: "help", text: T.nothingToDraw }));
    }
    // a long table (the kinds of support) folded, under its chart and text alternative
    const table = countTable(title, rows, labels);
    parts.push(rows.length > 10 ? el("details", {}, [el("summary", { text: T.asTable(title) }), table]) : table);
    figure.replaceChildren(...parts);
    return figure;
  }

  function view(data, labels) {
    const rows = labels.rows;
    const yesNo = (values) => Object.entries(values).map(([key, value]) => [labels.yes_no[key] || key, value]);
    const wait = data.median_wait_minutes;
    const summary = el("dl", { class: "meta" }, [
      el("dt", { text: rows.conversations }), el("dd", { text: shown(data.conversations, labels) }),
      el("dt", { text: rows.median_wait_minutes }),
      el("dd", { text: isCount(wait) ? wait + " min" : labels.wait_hidden }),
    ]);
    return el("section", { class: "insight-view", "aria-label": data.title }, [
      el("h3", { text: data.title }),
      summary,
      el("div", { class: "insight-grid" }, [
        group(rows.burden, labels.burden, data.burden, labels),
        group(rows.needs, labels.needs, data.needs, labels),
        group(rows.kinds, labels.kinds, data.kinds, labels),
        el("div", { class: "chart-group" }, [countTable(rows.asked_for_person, yesNo(data.asked_for_person), labels)]),
      ]),
    ]);
  }

  function render(data) {
    destroyCharts();
    const labels = data.labels;
    $("insights-body").replaceChildren(
      el("p", { class: "note", text: labels.legend }),
      ...data.views.map((one) => view(one, labels)),
    );
    const announce = $("announce");
    if (announce) announce.textContent = T.loaded(data.month_name);
  }

  // ---- wiring ------------------------------------------------------------------------------------
  function wire() {
    $("insights-form").addEventListener("submit", (event) => { event.preventDefault(); load(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
