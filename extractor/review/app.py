"""The review web app (Starlette + Jinja2): a queue, an article view with highlights, a record view, and a small
JSON API the pages call with fetch() so that a decision never reloads the page.

Routes
    GET  /                      queue: filters, progress, records to review
    GET  /article/{article_id}  the article, every record highlighted by type, the records beside it
    GET  /record/{record_id}    one record: evidence sentence, every field, corrections, history
    GET  /api/record/{id}       the record as JSON, with the edit form's fields
    POST /api/decide            {"record_id", "action": accept|reject|correct, "corrections"?, "filters"?}
    POST /api/undo              {"filters"?}: undo this reviewer's last decision

Example:
    >>> app = create_app(ReviewSettings(db="newsfacts.db"))        # doctest: +SKIP
    >>> uvicorn.run(app, host="127.0.0.1", port=8765)              # doctest: +SKIP
"""
from __future__ import annotations

import json
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Optional
from urllib.parse import parse_qsl, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from extractor.review import security
from extractor.review.highlight import LEGEND, evidence, segments
from extractor.review.records import (
    EDITABLE, PROVENANCE_FIELDS, CorrectionError, RecordNotFound, field_spec,
)
from extractor.review.storage import QueueFilters, ReviewStore

HERE = Path(__file__).parent
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class ReviewSettings(BaseModel):
    """One review server's settings; the CLI builds it from its options.

    Example:
        >>> ReviewSettings(db="newsfacts.db").host
        '127.0.0.1'
    """

    model_config = ConfigDict(extra="forbid")

    db: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    reviewer: Optional[str] = None
    read_only: bool = False
    token: Optional[str] = None


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["fmt"] = _fmt
    return env


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:,.0f}" if v.is_integer() and abs(v) >= 1000 else f"{v:g}"
    return str(v)


def summary(kind: str, rec) -> str:
    """One line saying what a record states, for lists."""
    if kind == "figure":
        who = " → ".join(x for x in (rec.reporter, rec.partner) if x)
        bits = [f"{_fmt(rec.value)} {rec.unit}", rec.metric, rec.kind, rec.direction, who, rec.period, rec.basis,
                "forecast" if rec.forecast else None, "record" if rec.record else None]
        return " · ".join(b for b in bits if b)
    if kind == "quote":
        return " · ".join(b for b in (rec.speaker, rec.title, rec.organization, rec.kind, rec.cue) if b)
    return f"{rec.code} · {rec.name} · {rec.kind}"


def status_of(review: Optional[dict]) -> str:
    """The word the pages use for a review state."""
    if not review or not review.get("status"):
        return "todo"
    if review.get("stale"):
        return "stale"
    if review["status"] == "accepted" and review.get("corrections"):
        return "corrected"
    return review["status"]


def progress_text(p: dict[str, int]) -> str:
    pct = f" ({100 * p['reviewed'] / p['total']:.0f}%)" if p["total"] else ""
    return (f"Reviewed {p['reviewed']} of {p['total']}{pct} · {p['accepted']} accepted · {p['corrected']} corrected"
            f" · {p['rejected']} rejected · {p['stale']} stale · {p['todo']} to do")


def _filters_from(query: str) -> QueueFilters:
    return QueueFilters.model_validate(dict(parse_qsl(query.lstrip("?"))))


def _record_json(rec: dict[str, Any]) -> dict[str, Any]:
    model, corrected, review = rec["model"], rec["corrected"], rec["review"]
    fields = []
    for name in EDITABLE[rec["type"]]:
        spec = field_spec(rec["type"], name)
        fields.append({**spec, "extracted": getattr(model, name), "value": getattr(corrected, name)})
    return {"record_id": rec["id"], "type": rec["type"], "article_id": rec["article_id"],
            "record": model.model_dump(), "corrected": corrected.model_dump(), "review": review,
            "status": status_of(review), "summary": summary(rec["type"], corrected), "editable": fields}


def create_app(settings: ReviewSettings, *, allowed_hosts: Optional[tuple[str, ...]] = None) -> Starlette:
    """The review app over `settings.db`. `allowed_hosts` defaults to loopback names on a loopback bind."""
    store = ReviewStore(settings.db)
    store.refresh_stale(force=True)
    env = _templates()
    csrf = security.new_csrf_token()
    reviewer = settings.reviewer

    def page(name: str, request: Request, **context) -> HTMLResponse:
        html = env.get_template(name).render(
            request=request, csrf=csrf, read_only=settings.read_only, reviewer=reviewer or "anonymous",
            legend=LEGEND, status_of=status_of, summary=summary, fmt=_fmt, urlencode=urlencode, **context)
        return HTMLResponse(html, status_code=context.get("status_code", 200))

    def error(message: str, status: int = 400) -> JSONResponse:
        return JSONResponse({"ok": False, "error": message}, status_code=status)

    async def queue(request: Request) -> Response:
        try:
            filters = _filters_from(request.url.query)
            problem = None
        except ValidationError as err:
            filters, problem = QueueFilters(), "; ".join(e["msg"] for e in err.errors())
        try:
            size = min(MAX_PAGE_SIZE, max(1, int(request.query_params.get("n", PAGE_SIZE))))
            offset = max(0, int(request.query_params.get("offset", 0)))
        except ValueError:
            size, offset, problem = PAGE_SIZE, 0, "n and offset must be whole numbers"
        store.refresh_stale()
        rows = store.queue(filters, limit=size + 1, offset=offset)
        more = len(rows) > size
        # decided records leave a to-do list, so its next batch starts where this one did
        moving = filters.status in ("todo", "unreviewed", "stale")
        next_batch = ("/?" + urlencode({**filters.query(), "n": size, "offset": offset if moving else offset + size})
                      if more else None)
        return page("queue.html", request, filters=filters, options=store.filter_options(), rows=rows[:size],
                    progress=progress_text(store.progress(filters)), problem=problem, offset=offset, size=size,
                    next_batch=next_batch, filter_query=urlencode(filters.query()), orphans=len(store.orphans()),
                    status_code=400 if problem else 200)

    async def article(request: Request) -> Response:
        article_id = request.path_params["article_id"]
        art = store.article(article_id)
        if art is None:
            return page("missing.html", request, what=f"article {article_id!r}", status_code=404)
        store.refresh_stale()
        records = store.article_records(article_id)
        marks = [{"id": r["id"], "type": r["type"], "start": r["model"].start, "end": r["model"].end,
                  "status": status_of(r["review"]), "label": _label(r)} for r in records]
        filters = QueueFilters(article=article_id, status="all")
        return page("article.html", request, article=art, records=records,
                    segments=segments(art["text"], marks), safe_url=_safe_url(art["url"]),
                    progress=progress_text(store.progress(filters)), filter_query=urlencode(filters.query()))

    async def record(request: Request) -> Response:
        record_id = request.path_params["record_id"]
        try:
            rec = store.record(record_id)
        except RecordNotFound as err:
            return page("missing.html", request, what=str(err), status_code=404)
        store.refresh_stale()
        rec = store.record(record_id)
        art = store.article(rec["article_id"])
        model = rec["model"]
        ids = [r["id"] for r in store.article_records(rec["article_id"])]
        i = ids.index(record_id)
        corrections = (rec["review"] or {}).get("corrections") or {}
        # (field, extracted, corrected?, corrected value): a field corrected to empty is still a correction
        fields = [(name, getattr(model, name), name in corrections, corrections.get(name))
                  for name in type(model).model_fields if name not in PROVENANCE_FIELDS]
        filters = QueueFilters(article=rec["article_id"], status="all")
        return page("record.html", request, rec=rec, article=art, fields=fields,
                    provenance=[(n, getattr(model, n)) for n in sorted(PROVENANCE_FIELDS)],
                    evidence=evidence(art["text"], model.start, model.end, getattr(model, "sentence", None)),
                    history=store.history(record_id), prev_id=ids[i - 1] if i > 0 else None,
                    next_id=ids[i + 1] if i + 1 < len(ids) else None, record_json=_record_json(rec),
                    progress=progress_text(store.progress(filters)), filter_query=urlencode(filters.query()))

    async def api_record(request: Request) -> Response:
        try:
            return JSONResponse(_record_json(store.record(request.path_params["record_id"])))
        except RecordNotFound as err:
            return error(str(err), 404)

    async def guarded_body(request: Request) -> dict[str, Any] | JSONResponse:
        # refuse before reading anything: a read-only server changes nothing, a forged request gets nowhere
        if settings.read_only:
            return error("read-only: this review server was started with --read-only, so decisions are refused", 403)
        if not security.same_secret(request.headers.get(security.CSRF_HEADER), csrf):
            return error("missing or wrong CSRF token (X-CSRF-Token): reload the review page and try again", 403)
        origin = request.headers.get("origin")
        if origin and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
            return error(f"cross-origin request from {origin} refused", 403)
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return error("send the request body as JSON (Content-Type: application/json)", 415)
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            return error("the request body is not valid JSON")
        return body if isinstance(body, dict) else error("the request body must be a JSON object")

    def progress_for(body: dict[str, Any]) -> str:
        try:
            return progress_text(store.progress(_filters_from(str(body.get("filters") or ""))))
        except ValidationError:
            return progress_text(store.progress(QueueFilters()))

    async def api_decide(request: Request) -> Response:
        body = await guarded_body(request)
        if isinstance(body, Response):
            return body
        record_id, action = body.get("record_id"), body.get("action")
        if not isinstance(record_id, str) or action not in ("accept", "reject", "correct"):
            return error("send record_id and action (accept, reject or correct)")
        try:
            review = store.decide(record_id, action, reviewer, body.get("corrections"))
        except RecordNotFound as err:
            return error(str(err), 404)
        except CorrectionError as err:
            return error(f"not saved: {err}", 422)
        rec = _record_json(store.record(record_id))
        return JSONResponse({"ok": True, "record_id": record_id, "review": review, "status": rec["status"],
                             "summary": rec["summary"], "progress": progress_for(body)})

    async def api_undo(request: Request) -> Response:
        body = await guarded_body(request)
        if isinstance(body, Response):
            return body
        undone = store.undo(reviewer)
        if undone is None:
            return JSONResponse({"ok": True, "record_id": None, "message": "nothing to undo",
                                 "progress": progress_for(body)})
        rec = _record_json(store.record(undone["record_id"]))
        return JSONResponse({"ok": True, "record_id": undone["record_id"], "review": undone["review"],
                             "status": rec["status"], "summary": rec["summary"], "progress": progress_for(body)})

    if allowed_hosts is None and security.is_local_host(settings.host):
        allowed_hosts = security.LOCAL_HOSTS

    @asynccontextmanager
    async def lifespan(app):
        yield
        store.close()

    app = Starlette(
        routes=[
            Route("/", queue),
            Route("/article/{article_id:path}", article),
            Route("/record/{record_id:path}", record),
            Route("/api/record/{record_id:path}", api_record),
            Route("/api/decide", api_decide, methods=["POST"]),
            Route("/api/undo", api_undo, methods=["POST"]),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[Middleware(security.AccessMiddleware, token=settings.token, allowed_hosts=allowed_hosts)],
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.csrf = csrf
    app.state.settings = settings
    return app


def _label(rec: dict[str, Any]) -> str:
    m = rec["corrected"]
    if rec["type"] == "figure":
        return m.metric
    if rec["type"] == "quote":
        return m.speaker
    return m.code


def _safe_url(url: Optional[str]) -> Optional[str]:
    # escaping keeps a URL inside its attribute, but only the scheme keeps `javascript:` out of a link
    return url if url and url.lower().startswith(("http://", "https://")) else None
