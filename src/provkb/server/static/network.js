// Draws the actor network of /network with Cytoscape.js from /network.json (same filters as
// the page); a click on a node opens its page, on a link one of the quotes behind it. A name the
// drafting program proposed, and a link that rests only on its unreviewed quotes, are drawn with
// a dashed amber line and say "draft — not reviewed" in the line under the drawing on hover.
(function () {
  "use strict";
  const box = document.getElementById("network-graph");
  if (!box || typeof cytoscape === "undefined") return;
  const info = document.getElementById("network-info");
  const draftText = box.dataset.draftText;
  const edgeKinds = JSON.parse(box.dataset.edgeKinds || "{}");
  // The reader's amber for drafts, as the stylesheet defines it (one colour everywhere).
  const amber = getComputedStyle(document.documentElement).getPropertyValue("--draft-line").trim() || "#d98c00";
  const colours = { person: "#1f3a5a", org: "#8a4b00", collective: "#5b2a86", place: "#0d6b3d", event: "#0d6b3d" };
  function local(iri) {
    try { return new URL(iri).pathname; } catch (e) { return iri; }
  }
  fetch(box.dataset.source, { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((data) => {
      const elements = [];
      const names = new Map(data.nodes.map((n) => [n.id, n.name]));
      data.nodes.forEach((n) => elements.push({
        data: { id: n.id, label: n.name, type: n.type, href: local(n.id),
          title: n.draft ? `${n.name} — ${draftText}` : n.name },
        classes: n.draft ? "draft" : "",
      }));
      data.edges.forEach((e) => {
        // Drafted only when every quote behind the link is an unreviewed draft.
        const drafted = e.drafts > 0 && e.drafts === e.weight;
        const quotes = `${e.weight} quote${e.weight === 1 ? "" : "s"}`;
        const said = `${names.get(e.source)} ${edgeKinds[e.kind] || e.kind} ${names.get(e.target)} (${quotes})`;
        elements.push({
          data: { id: e.id, source: e.source, target: e.target, kind: e.kind, weight: e.weight,
            href: local(e.assertions[0]), title: drafted ? `${said} — ${draftText}` : said },
          classes: drafted ? "draft" : "",
        });
      });
      const cy = cytoscape({
        container: box,
        elements: elements,
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: {
            "background-color": (n) => colours[n.data("type")] || "#4f5b6b",
            label: "data(label)", "font-size": 13, color: "#1d2430", "text-valign": "bottom",
            "text-margin-y": 4, width: 24, height: 24, "text-wrap": "ellipsis", "text-max-width": 200 } },
          { selector: "edge", style: {
            width: (e) => Math.min(1 + e.data("weight"), 6), "curve-style": "bezier",
            "target-arrow-shape": "triangle", "line-color": "#9aa3ad", "target-arrow-color": "#9aa3ad", opacity: 0.8 } },
          { selector: "edge[kind = 'relay']", style: { "line-color": "#0b5394", "target-arrow-color": "#0b5394", "line-style": "dashed" } },
          { selector: "edge[kind = 'corroborates']", style: { "line-color": "#0d6b3d", "target-arrow-color": "#0d6b3d", width: 4 } },
          { selector: "edge[kind = 'contradicts']", style: { "line-color": "#a4262c", "target-arrow-color": "#a4262c", "line-style": "dotted", width: 4 } },
          { selector: "node.draft", style: { "border-width": 4, "border-style": "dashed", "border-color": amber } },
          { selector: "edge.draft", style: { "line-color": amber, "target-arrow-color": amber, "line-style": "dashed", opacity: 1 } },
        ],
        // A small network in rings by degree (the most connected names in the middle), which
        // fills the wide drawing area; a large one by force-directed placement, which pulls
        // each speaker's neighbourhood together.
        layout: data.nodes.length <= 60
          ? { name: "concentric", concentric: (n) => n.degree(), levelWidth: () => 2,
              minNodeSpacing: 16, avoidOverlap: true, nodeDimensionsIncludeLabels: true, padding: 10 }
          : { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 30000,
              idealEdgeLength: () => 60, gravity: 0.8, numIter: 1500, padding: 10 },
      });
      cy.on("tap", "node, edge", (event) => { window.location.href = event.target.data("href"); });
      // Labels keep one size on screen whatever the zoom; in a large drawing only the most
      // connected names carry one (the others show theirs on hover and in the table).
      const labelled = cy.nodes().sort((a, b) => b.degree() - a.degree()).slice(0, 30);
      cy.nodes().not(labelled).addClass("quiet");
      cy.nodes().on("mouseover", (event) => event.target.removeClass("quiet"));
      // What the pointer is on, in words (a drawing has no tooltips of its own).
      cy.on("mouseover", "node, edge", (event) => {
        info.textContent = event.target.data("title");
        info.classList.toggle("is-draft", event.target.hasClass("draft"));
      });
      cy.on("mouseout", "node, edge", () => { info.textContent = info.dataset.idle; info.classList.remove("is-draft"); });
      // For the page's tests and for scripts: the drawing's graph, on its own element.
      box.cy = cy;
      const resize = () => cy.style().selector("node")
        .style({ "font-size": 13 / cy.zoom(), "text-max-width": 170 / cy.zoom() })
        .selector("node.quiet").style("label", "").update();
      resize();
      cy.on("zoom", resize);
      box.dataset.ready = String(cy.nodes().length);
    });
})();
