/*
 * The opening hours in the header, live: "Open: ma-vr 09:00-17:00 · nu open tot 17:00" or "· nu
 * gesloten, weer open morgen om 9:00". Computed in the tenant's time zone from the hours themselves
 * (`tenant.opening` of /desk/api/me: [weekday (0 = Monday), opens, closes] in minutes after local
 * midnight, as api/desk/hours.py keeps them), again every minute, so the page never shows the state
 * of the moment the agent signed in.
 */
(function () {
  "use strict";

  const DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
  const SHORT = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
  const T = {
    hours: (spec) => "Open: " + spec,
    always: "nu open, dag en nacht",
    never: "geen openingstijden",
    openUntil: (clock) => "nu open tot " + clock,
    closedUntil: (moment) => "nu gesloten, weer open " + moment,
    closed: "nu gesloten",
    today: (clock) => "vandaag om " + clock,
    tomorrow: (clock) => "morgen om " + clock,
    on: (day, clock) => day + " om " + clock,
    nextWeek: (day, clock) => "volgende " + day + " om " + clock,
    midnight: "middernacht",
  };

  const { $ } = window.MantelwijzerDesk;
  let tenant = null;
  let timer = null;

  /** Weekday (0 = Monday) and minute of the day, now, in the time zone. */
  function local(now, timezone) {
    let parts;
    try {
      parts = new Intl.DateTimeFormat("en-GB", {
        timeZone: timezone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
      }).formatToParts(now);
    } catch (e) { // an unknown zone: the browser's own
      return { day: (now.getDay() + 6) % 7, minute: now.getHours() * 60 + now.getMinutes() };
    }
    const get = (type) => (parts.find((p) => p.type === type) || {}).value;
    return { day: SHORT[get("weekday")], minute: Number(get("hour")) * 60 + Number(get("minute")) };
  }
  const clock = (minutes) => (minutes >= 1440 ? T.midnight : Math.floor(minutes / 60) + ":" + String(minutes % 60).padStart(2, "0"));

  /** The state now, in words (exported for the browser tests as MantelwijzerDesk.hoursNow). */
  function describe(opening, now) {
    const intervals = (opening && Array.isArray(opening.intervals) ? opening.intervals : [])
      .map(([day, opens, closes]) => ({ day, opens, closes }))
      .sort((a, b) => a.day - b.day || a.opens - b.opens);
    if (!intervals.length) return T.never;
    if (intervals.length === 7 && intervals.every((i) => i.opens === 0 && i.closes === 1440)) return T.always;
    const { day, minute } = local(now, opening.timezone);
    const open = intervals.find((i) => i.day === day && i.opens <= minute && minute < i.closes);
    if (open) return T.openUntil(clock(open.closes));
    for (let offset = 0; offset < 8; offset += 1) {
      const d = (day + offset) % 7;
      const next = intervals.find((i) => i.day === d && (offset > 0 || i.opens > minute));
      if (!next) continue;
      const at = clock(next.opens);
      const when = offset === 0 ? T.today(at) : offset === 1 ? T.tomorrow(at) : offset === 7 ? T.nextWeek(DAYS[d], at) : T.on(DAYS[d], at);
      return T.closedUntil(when);
    }
    return T.closed;
  }

  function render() {
    const line = $("hours-now");
    if (!tenant) { line.hidden = true; return; }
    line.textContent = T.hours(String(tenant.hours || "")) + " · " + describe(tenant.opening, new Date());
    line.hidden = false;
  }
  function schedule() {
    clearTimeout(timer);
    if (!tenant) return;
    const now = new Date();
    timer = setTimeout(() => { render(); schedule(); }, 60000 - (now.getSeconds() * 1000 + now.getMilliseconds()) + 50);
  }

  document.addEventListener("desk:signed-in", (event) => {
    tenant = (event.detail && event.detail.tenant) || null;
    render();
    schedule();
  });
  document.addEventListener("desk:signed-out", () => { tenant = null; clearTimeout(timer); render(); });
  document.addEventListener("visibilitychange", () => { if (!document.hidden) render(); });

  window.MantelwijzerDesk.hoursNow = describe;
})();
