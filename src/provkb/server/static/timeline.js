// Draws /timeline.json with vis-timeline, one row per event (its name on the left) and one bar
// per document that dates it: a date known to the year spans the year, to the month the month
// (the build computed each bar's first day and the day after its last). A drafted event's bar is
// dashed amber and its title says "draft — not reviewed".
(function () {
  "use strict";
  const box = document.getElementById("timeline");
  if (!box || typeof vis === "undefined") return;
  const draftText = box.dataset.draftText;
  function local(iri) {
    try { return new URL(iri).pathname; } catch (e) { return iri; }
  }
  function stated(e) {
    return e.date ? e.date.value : `${e.start ? e.start.value : "?"} – ${e.end ? e.end.value : "?"}`;
  }
  fetch(box.dataset.source, { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((data) => {
      const groups = [];
      const seen = new Map();
      const items = [];
      data.events.forEach((e, i) => {
        if (!e.from || !e.to) return;
        if (!seen.has(e.event.iri)) {
          const link = document.createElement("a");
          link.href = local(e.event.iri);
          link.textContent = e.event.name;
          seen.set(e.event.iri, groups.length);
          groups.push({ id: groups.length, content: link, order: groups.length });
        }
        const precision = (e.date || e.start || e.end).precision;
        const title = `${e.event.name}: ${stated(e)}, dated to the ${precision}, in ${e.doc.name}`;
        // An event the drafting program proposed: a dashed amber bar that says so.
        items.push({
          id: i, group: seen.get(e.event.iri), content: stated(e), start: e.from, end: e.to,
          type: "range", className: `precision-${precision}${e.draft ? " draft" : ""}`,
          title: e.draft ? `${title} — ${draftText}` : title,
        });
      });
      // The first window shows every bar, with a little room at both ends (no animated fit).
      const first = Math.min(...items.map((i) => Date.parse(i.start)));
      const last = Math.max(...items.map((i) => Date.parse(i.end)));
      const room = Math.max((last - first) * 0.03, 86400000 * 30);
      const timeline = new vis.Timeline(box, new vis.DataSet(items), new vis.DataSet(groups), {
        stack: false, zoomable: true, horizontalScroll: true, verticalScroll: true, zoomKey: "ctrlKey",
        orientation: "top", maxHeight: 640, margin: { item: 4 }, groupOrder: "order",
        start: new Date(first - room), end: new Date(last + room),
      });
      // Ready once drawn (vis-timeline draws on the next frames, not in its constructor).
      timeline.once("changed", () => { box.dataset.ready = String(items.length); });
    });
})();
