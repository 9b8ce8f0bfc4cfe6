// Draws /timeline.json with vis-timeline: a date known to the year spans the year, to the month
// the month (the build computed each item's first day and the day after its last).
(function () {
  "use strict";
  const box = document.getElementById("timeline");
  if (!box || typeof vis === "undefined") return;
  function local(iri) {
    try { return new URL(iri).pathname; } catch (e) { return iri; }
  }
  fetch(box.dataset.source, { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((events) => {
      const items = [];
      events.forEach((e, i) => {
        if (!e.from || !e.to) return;
        const stated = e.date ? e.date.value : `${e.start ? e.start.value : "?"} – ${e.end ? e.end.value : "?"}`;
        const precision = (e.date || e.start || e.end).precision;
        const link = document.createElement("a");
        link.href = local(e.event.iri);
        link.textContent = `${e.event.name} (${stated})`;
        items.push({
          id: i, content: link, start: e.from, end: e.to, type: "range",
          className: `precision-${precision}`,
          title: `${e.event.name}: ${stated}, dated to the ${precision}, in ${e.doc.name}`,
        });
      });
      const timeline = new vis.Timeline(box, new vis.DataSet(items), {
        stack: true, zoomable: true, horizontalScroll: true, zoomKey: "ctrlKey", margin: { item: 6 },
        orientation: "top", maxHeight: 640,
      });
      box.dataset.ready = String(items.length);
      return timeline;
    });
})();
