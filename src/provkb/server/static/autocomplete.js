// provkb: suggestions for entity fields (input[data-autocomplete][list]) from /search's JSON.
// Each suggestion's value is the entity's IRI, its label the name; without JavaScript the
// server reads a typed name through the same search index.
(function () {
  "use strict";
  document.querySelectorAll("input[data-autocomplete][list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || /^https?:\/\//.test(text)) { return; }
      timer = setTimeout(function () {
        var url = input.dataset.autocomplete + "?q=" + encodeURIComponent(text);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { entities: [] }; })
          .then(function (found) {
            list.replaceChildren();
            found.entities.slice(0, 10).forEach(function (hit) {
              var option = document.createElement("option");
              option.value = hit.iri;
              // An entity the drafter proposed says so, as on its page.
              option.label = hit.label + " (" + hit.kind + (hit.draft ? ", draft — not reviewed" : "") + ")";
              list.appendChild(option);
            });
          })
          .catch(function () { list.replaceChildren(); });
      }, 150);
    });
  });
})();
