// The reader's selection panel: a click (or Enter) on a quote opens its details beside the text
// instead of leaving the page; "n" and "p" move to the next and previous quote. Without this
// script every quote is still a link to its own page and the panel lists every quote.
(function () {
  "use strict";
  const text = document.getElementById("reader-text");
  if (!text) return;
  const badges = Array.from(text.querySelectorAll("a.qbadge"));
  let selected = null;

  function select(index, focusPanel) {
    const item = document.querySelector(`.quote-item[data-a="${index}"]`);
    if (!item) return;
    if (selected !== null) {
      document.querySelectorAll(".selected").forEach((el) => el.classList.remove("selected"));
    }
    selected = index;
    text.querySelectorAll(`mark.q[data-a="${index}"]`).forEach((m) => m.classList.add("selected"));
    item.classList.add("selected");
    const details = item.querySelector("details");
    details.open = true;
    // Scroll the panel only (not the window, which would carry the text away from the quote).
    const panel = item.closest(".reader-panel");
    const heading = panel.querySelector("h2");
    panel.scrollTo({ top: item.offsetTop - heading.offsetHeight - 8 });
    if (focusPanel) details.querySelector("summary").focus();
  }

  text.addEventListener("click", (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    const badge = event.target.closest("a.qbadge");
    if (badge) {
      event.preventDefault();
      select(Number(badge.dataset.a), false);
      return;
    }
    // A click on a quote's words (not on a name's link) selects the innermost quote there.
    const mark = event.target.closest("a") ? null : event.target.closest("mark.q[data-a]");
    if (mark) select(Number(mark.dataset.a), false);
  });

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    if (event.key !== "n" && event.key !== "p") return;
    if (!badges.length) return;
    const current = badges.indexOf(document.activeElement);
    let next;
    if (current === -1) next = event.key === "n" ? 0 : badges.length - 1;
    else next = (current + (event.key === "n" ? 1 : badges.length - 1)) % badges.length;
    badges[next].focus();
    select(Number(badges[next].dataset.a), false);
    event.preventDefault();
  });

  if (location.hash.startsWith("#q-")) {
    const badge = document.getElementById(location.hash.slice(1));
    if (badge) select(Number(badge.dataset.a), false);
  }
})();
