// Draws the actor network of /network with Cytoscape.js from /network.json (same filters as
// the page); a click on a node opens its page, on a link one of the quotes behind it.
(function () {
  "use strict";
  const box = document.getElementById("network-graph");
  if (!box || typeof cytoscape === "undefined") return;
  const colours = { person: "#1f3a5a", org: "#8a4b00", collective: "#5b2a86", place: "#0d6b3d", event: "#0d6b3d" };
  function local(iri) {
    try { return new URL(iri).pathname; } catch (e) { return iri; }
  }
  fetch(box.dataset.source, { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((data) => {
      const elements = [];
      data.nodes.forEach((n) => elements.push({ data: { id: n.id, label: n.name, type: n.type, href: local(n.id) } }));
      data.edges.forEach((e) => elements.push({
        data: { id: e.id, source: e.source, target: e.target, kind: e.kind, weight: e.weight, href: local(e.assertions[0]) },
      }));
      const cy = cytoscape({
        container: box,
        elements: elements,
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: {
            "background-color": (n) => colours[n.data("type")] || "#4f5b6b",
            label: "data(label)", "font-size": 11, color: "#1d2430", "text-valign": "bottom",
            "text-margin-y": 3, width: 16, height: 16, "text-wrap": "ellipsis", "text-max-width": 140 } },
          { selector: "edge", style: {
            width: (e) => Math.min(1 + e.data("weight"), 6), "curve-style": "bezier",
            "target-arrow-shape": "triangle", "line-color": "#9aa3ad", "target-arrow-color": "#9aa3ad", opacity: 0.8 } },
          { selector: "edge[kind = 'relay']", style: { "line-color": "#0b5394", "target-arrow-color": "#0b5394", "line-style": "dashed" } },
          { selector: "edge[kind = 'corroborates']", style: { "line-color": "#0d6b3d", "target-arrow-color": "#0d6b3d", width: 4 } },
          { selector: "edge[kind = 'contradicts']", style: { "line-color": "#a4262c", "target-arrow-color": "#a4262c", "line-style": "dotted", width: 4 } },
        ],
        layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90 },
      });
      cy.on("tap", "node, edge", (event) => { window.location.href = event.target.data("href"); });
      box.dataset.ready = String(cy.nodes().length);
    });
})();
