"""The SPARQL editor at ``/query`` and the API documentation at ``/docs``.

Both are served from files vendored into ``static/`` (YASGUI from the npm package
``@zazuko/yasgui``, Swagger UI from ``swagger-ui-dist``, with their licences): no CDN and no npm at
run time, so both work on a machine without Internet access. YASGUI opens with every canned query
as an example tab.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from provkb import layout
from provkb.namespaces import sparql_prologue
from provkb.query.catalogue import CannedQuery, ParameterError
from provkb.server.html import page
from provkb.server.routing import add_get

STATIC_DIR = Path(__file__).parent / "static"

_DEFAULT_QUERY = sparql_prologue() + (
    "SELECT ?assertion ?speaker ?quote WHERE {\n"
    "  ?assertion a pkb:Assertion ; pkb:speaker ?speaker ; pkb:span/oa:exact ?quote .\n"
    "} LIMIT 20\n"
)


def _tabs(catalogue: list[CannedQuery]) -> list[dict[str, str]]:
    tabs = []
    for query in catalogue:
        try:
            text = query.example_text()
        except ParameterError:
            # An example that no longer fits its type: show the unbound text rather than nothing.
            text = query.text
        tabs.append({"name": query.title, "query": text})
    return tabs or [{"name": "Assertions", "query": _DEFAULT_QUERY}]


def _script(tabs: list[dict[str, str]], id_prefix: str) -> str:
    # json.dumps output is safe in a <script> once "</" cannot close the element.
    config = json.dumps(tabs, ensure_ascii=False).replace("</", "<\\/")
    prefix = json.dumps(id_prefix).replace("</", "<\\/")
    local = json.dumps(urlsplit(id_prefix).path)
    return f"""<script>
const tabs = {config};
// The results link the KB's IRIs to their pages on this site, not to where the IRIs point.
const idPrefix = {prefix}, localPrefix = {local};
new MutationObserver(() => {{
  document.querySelectorAll("#yasgui a[href^='" + idPrefix + "']").forEach((a) => {{
    a.href = localPrefix + a.getAttribute("href").slice(idPrefix.length);
    a.removeAttribute("target");
  }});
}}).observe(document.getElementById("yasgui"), {{ childList: true, subtree: true }});
const endpoint = new URL("/sparql", window.location.href).href;
const yasgui = new Yasgui(document.getElementById("yasgui"), {{
  requestConfig: {{ endpoint: endpoint, method: "POST" }},
  copyEndpointOnNewTab: false,
  persistenceId: null,
  autoAddOnInit: false,
  populateFromUrl: false,
  // The prefix and class/property completers call prefix.cc and LOV: nothing leaves this site.
  yasqe: {{ autocompleters: ["variables"] }},
}});
tabs.forEach((tab, i) =>
  yasgui.addTab(i === 0, {{ name: tab.name, yasqe: {{ value: tab.query }} }}));
window.provkbYasgui = yasgui;
</script>"""


def make_router(catalogue: list[CannedQuery], openapi_url: str, id_prefix: str) -> APIRouter:
    """The ``/query`` and ``/docs`` routes; the KB's IRIs (under ``id_prefix``) in YASGUI's
    results link to their pages on this site."""
    router = APIRouter(tags=["UI"])
    tabs = _tabs(catalogue)

    async def ui(request: Request) -> HTMLResponse:
        """The query page."""
        links = (
            '<p class="muted">Every canned query is a tab below. '
            f'<a href="{escape(request.app.url_path_for("dump", name=layout.TRIG))}">'
            f"{layout.TRIG}</a> · "
            f'<a href="/dumps/">all dumps</a> · <a href="/queries">canned queries</a> · '
            '<a href="/docs">API documentation</a> · endpoint <code>/sparql</code></p>'
        )
        head = '<link rel="stylesheet" href="/static/yasgui.min.css">'
        body = (
            f'<h1>Query the knowledge base</h1>{links}<div id="yasgui"></div>'
            '<script src="/static/yasgui.min.js"></script>' + _script(tabs, id_prefix)
        )
        return HTMLResponse(page("SPARQL", body, full_width=True, head=head, active="sparql"))

    async def docs() -> HTMLResponse:
        """Swagger UI over this server's OpenAPI description."""
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title="provkb API",
            swagger_js_url="/static/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui.css",
            swagger_favicon_url="/static/favicon-32x32.png",
            # Swagger UI's default validator badge is an image from validator.swagger.io.
            swagger_ui_parameters={"validatorUrl": None},
        )

    add_get(router, "/docs", docs, include_in_schema=False)
    add_get(
        router,
        "/query",
        ui,
        name="ui",
        summary="Query UI (YASGUI)",
        response_class=HTMLResponse,
    )
    return router
