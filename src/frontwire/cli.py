"""frontwire command line (Typer). Bad input ends with one line on stderr and exit code 2."""

from __future__ import annotations

import json
import os
import sys

import typer
from rich.console import Console
from rich.table import Table

from .model import InputError
from .settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Conflict news reports in, geocoded, source-attributed event dataset out.",
)
gazetteer_app = typer.Typer(no_args_is_help=True, help="Manage the gazetteer.")
app.add_typer(gazetteer_app, name="gazetteer")
# a pipe or file gets full-width rows instead of columns wrapped at 80 characters
console = Console(width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True)

DB_OPT = typer.Option("frontwire.db", "--db", help="SQLite file or SQLAlchemy URL (postgresql+psycopg://...)")


def _store(db: str, must_exist: bool = True):
    from .store import Store

    if must_exist and "://" not in db and not os.path.exists(db):
        raise InputError(db, "no such database (run `frontwire run INPUT --db PATH` first)")
    store = Store(db)
    _opened.append(store)  # closed (and its WAL checkpointed) when the command ends
    return store


_opened: list = []


@app.command()
def run(
    inputs: list[str] = typer.Argument(..., help="files, directories, JSONL/CSV/RSS files, meta.jsonl manifests, URLs"),
    db: str = DB_OPT,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="processes (or Ray actors) coding articles"),
    engine: str = typer.Option("local", "--engine", help="local | pool | ray (Ray Data; RAY_ADDRESS for a cluster)"),
    strict: bool = typer.Option(False, "--strict", help="refuse the whole input if any record is bad"),
    rejects: str | None = typer.Option(
        None, "--rejects", help="where to write bad records (default: DB.rejects.jsonl)"
    ),
    batch: int = typer.Option(200, "--batch", min=1, help="articles stored per transaction"),
    coder: str | None = typer.Option(None, "--coder", help="rules | learned | hybrid | a plug-in's name"),
    model: str | None = typer.Option(None, "--model", help="the learned coder's model file"),
    recode: bool = typer.Option(
        False, "--recode", help="code stored articles again though unchanged (after changing the coder or model)"
    ),
):
    """Ingest, extract, geocode, merge and store events.

    Bad records are skipped and reported (exit code 3 after every good record is stored).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from . import registry
    from .pipeline import EXIT_REJECTS
    from .pipeline import run as run_pipeline

    settings = Settings.default()
    if coder:
        if coder not in registry.names("classifier"):
            raise InputError(
                "--coder", f"unknown coder {coder!r} (expected {' or '.join(registry.names('classifier'))})"
            )
        settings = settings.replace(coder=coder)
    if model:
        if not os.path.isfile(model):
            raise InputError(model, "no such model file (build one with `frontwire train`)")
        settings = settings.replace(model_path=model, coder=coder or "hybrid")
    if engine not in registry.names("engine"):
        raise InputError("--engine", f"unknown engine {engine!r} (expected {' or '.join(registry.names('engine'))})")
    if engine == "ray":
        from .engine_ray import require_ray

        require_ray()
    with Progress(
        TextColumn("[bold]coding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("articles"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    ) as progress:
        task = progress.add_task("coding", total=None)
        stats = run_pipeline(
            list(inputs),
            db,
            on_article=lambda a: progress.advance(task),
            on_reject=lambda r: _warn(str(r)),
            workers=workers,
            engine=engine,
            strict=strict,
            rejects_file=rejects,
            batch_articles=batch,
            settings=settings,
            recode=recode,
        )
    report = stats["report"]
    for lang, n in sorted(report.skipped_languages.items()):
        _warn(f"{n} articles skipped: language {lang} has no pipeline (kept; coded once one is configured)")
    for aid, error in report.failures:
        _warn(f"article {aid}: coding failed ({error}); kept as failed, re-tried on the next run")
    for c in report.unanchored:
        _warn(
            f"correction {c['id']} ({c['action']} of event {c['event_id']}, "
            f"articles {', '.join(c['articles']) or '?'}) matches no event any more: "
            "kept, listed as unanchored in the review queue"
        )
    console.print(
        f"{stats['articles_seen']} articles read, {stats['articles_coded']} coded, "
        f"{stats['mentions']} event mentions; {stats['events_total']} events in {db}"
    )
    if report.rejects or report.failures:
        _warn(
            f"{len(report.rejects)} records rejected, {len(report.failures)} articles failed; "
            f"written to {report.rejects_file}"
        )
        sys.exit(EXIT_REJECTS)


def _warn(message: str) -> None:
    """One plain line on stderr."""
    print("frontwire: " + " ".join(message.split()), file=sys.stderr)


@app.command("events")
def list_events(db: str = DB_OPT, limit: int = typer.Option(200, help="rows to show")):
    """A readable table of the stored events."""
    events = _store(db).events(limit=limit)
    t = Table(show_lines=False)
    for col in ("id", "date", "type / sub-type", "actor1", "actor2", "location", "prec", "fatal.", "sources", "!"):
        t.add_column(col, overflow="fold", no_wrap=col == "id")
    for e in events:
        t.add_row(
            e.event_id,
            e.event_date or "?",
            f"{e.event_type}\n{e.sub_event_type}",
            e.actor1 or "",
            e.actor2 or "",
            f"{e.location}" + (f" ({e.admin1})" if e.admin1 else ""),
            str(e.geo_precision or "-"),
            "" if e.fatalities is None else str(e.fatalities),
            ", ".join(e.sources),
            "C" if e.contradictions else ("R" if e.needs_review else ""),
        )
    console.print(t)
    console.print(
        f"{len(events)} events (C = sources contradict, R = place needs review; `frontwire event ID` shows one)"
    )


@app.command()
def event(event_id: str, db: str = DB_OPT):
    """One event with its sources, claims and contradictions side by side."""
    e = _store(db).event(event_id)
    if e is None:
        raise InputError(db, f"no event with id {event_id}")
    console.print(f"[bold]{e.event_id}[/] {e.event_date} {e.event_type} / {e.sub_event_type}")
    console.print(
        f"{e.actor1} vs {e.actor2 or '-'} at {e.location} "
        f"({e.latitude}, {e.longitude}; precision {e.geo_precision}) {e.admin1 or ''}"
    )
    console.print(
        f"fatalities best {e.fatalities} (low {e.fatalities_low}, high {e.fatalities_high}); injured {e.injured}"
    )
    t = Table(title="claims by source")
    for col in ("outlet", "claimant", "field", "value", "evidence"):
        t.add_column(col, overflow="fold")
    for c in e.claims:
        t.add_row(
            c.outlet or "",
            c.claimant or "(outlet)",
            c.field,
            f"{c.kind + ' ' if c.kind else ''}{c.value}",
            c.evidence.sentence if c.evidence else "",
        )
    console.print(t)
    for c in e.contradictions:
        console.print(f"[red]contradiction[/] ({c.field}): {c.explanation}")
        for cl in c.claims:  # the claims set against each other, side by side
            console.print(
                f"    {cl.outlet or cl.article_id}: {cl.claimant or '?'} - {cl.field} {cl.kind or ''} {cl.value}"
            )
    for r in e.merge_reasons:
        console.print(f"[green]merged[/] because {r}", markup=True, highlight=False)
    if e.notes:
        console.print(e.notes)


@app.command()
def sources(db: str = DB_OPT):
    """Outlets with article counts and stance."""
    t = Table()
    for col in ("outlet", "articles", "events", "stance", "confidence", "terms"):
        t.add_column(col, overflow="fold")
    for o in _store(db).outlets():
        f = o.get("framing") or {}
        terms = "; ".join(
            f"{side}: " + ", ".join(f"{t['term']} x{t['count']}" for t in found[:4])
            for side, found in (f.get("terms") or {}).items()
            if found and side.startswith("pro-")
        )
        t.add_row(
            o["name"],
            str(o.get("articles", 0)),
            str(o.get("events", 0)),
            f.get("stance", ""),
            f"{f.get('confidence', '')}",
            terms,
        )
    console.print(t)


@app.command()
def export(
    format: str = typer.Option(..., "--format", "-f", help="acled-csv | geojson | jsonl | gold"),
    output: str = typer.Option(..., "-o", "--output", help="file to write"),
    db: str = DB_OPT,
):
    """Write the stored events as ACLED-compatible CSV, GeoJSON or JSONL; `gold`: the reviewed events."""
    from .export import export_events

    _refuse_database_path(output, db)
    store = _store(db)
    gold = format.strip().lower() == "gold"
    n = export_events(store.reviewed_events() if gold else store.events(), format, output)
    console.print(f"{n} events written to {output}")


@app.command()
def evaluate(
    gold: str | None = typer.Option(None, "--gold", help="gold events, JSONL in the event-record shape"),
    acled: str | None = typer.Option(None, "--acled", help="an ACLED export CSV: code its notes, compare"),
    db: str = DB_OPT,
    as_json: bool = typer.Option(False, "--json", help="print one JSON object"),
    details: bool = typer.Option(False, "--details", help="also list each missed gold event and false positive"),
):
    """Score the stored events against a gold file, or frontwire against an ACLED export's coding."""
    if acled:
        from .learn.acled import score_acled

        result = score_acled(acled)
        title = f"frontwire vs the coding of {acled}"
    elif gold:
        from .evaluate import evaluate as score

        result = score(_store(db).events(), gold, details=details)
        title = f"frontwire vs {gold}"
    else:
        raise InputError("evaluate", "name a --gold file or an --acled export")
    if as_json:
        print(json.dumps(result))
        return
    t = Table(title=title)
    t.add_column("measure")
    t.add_column("value", justify="right")
    for k, v in result.items():
        if k not in ("per_label", "details"):
            t.add_row(k, str(v))
    console.print(t)
    if "details" in result:
        _print_details(result["details"])


def _print_details(found: dict) -> None:
    """The missed gold events and the false positives, each with the nearest event on the other side."""
    for key, title, other in (
        ("missed", "missed gold events", "nearest prediction"),
        ("false_positives", "false positives", "nearest missed gold"),
    ):
        t = Table(title=f"{len(found[key])} {title}")
        for col in ("article", "date", "place", "sub-type", other, "what differed"):
            t.add_column(col, overflow="fold")
        for d in found[key]:
            near = d.get("near") or {}
            place = (d.get("location") or "?") + (f" ({d['admin1']})" if d.get("admin1") else "")
            t.add_row(
                d["article"],
                d.get("event_date") or "?",
                place,
                d.get("sub_event_type") or "?",
                " ".join(x for x in (near.get("event_id"), near.get("event_date"), near.get("location")) if x) or "-",
                "; ".join(near.get("differs") or []) or ("-" if not near else "nothing"),
            )
        console.print(t)


@app.command()
def train(
    corpus: bool = typer.Option(False, "--corpus", help="frontwire's own corpus (its train split)"),
    acled: list[str] = typer.Option([], "--acled", help="an ACLED export CSV from your own account"),
    gold: list[str] = typer.Option([], "--gold", help="a gold JSONL in the event-record shape"),
    from_corrections: list[str] = typer.Option(
        [], "--from-corrections", help="a database: the events its analysts reviewed, with their sub-types"
    ),
    model: str = typer.Option(..., "--model", help="where to save the trained model"),
    folds: int = typer.Option(5, "--folds", min=0, help="cross-validation folds (0: skip)"),
):
    """Train the learned coder on your own coding (and/or frontwire's corpus); print its scores."""
    from .learn.examples import read_acled_csv, read_corpus, read_corrections, read_gold
    from .learn.model import MIN_PER_CLASS, SubtypeModel, cross_validate

    examples = [e for e in read_corpus() if e.split == "train"] if corpus else []
    for path in acled:
        examples += read_acled_csv(path)
    for path in gold:
        examples += read_gold(path)
    for path in from_corrections:
        examples += read_corrections(_store(path))
    if not examples:
        raise InputError("--corpus/--acled/--gold/--from-corrections", "nothing to train on: name at least one source")
    try:
        cv = cross_validate(examples, folds=folds) if folds else None
    except InputError as exc:  # a handful of corrections can still teach the model
        _warn(f"{exc.problem}: trained without it")
        cv = None
    if cv is not None:
        t = Table(title=f"{cv['folds']}-fold cross-validation: weighted F1 {cv['weighted_f1']}")
        for col in ("sub-event type", "precision", "recall", "F1", "examples"):
            t.add_column(col)
        for label, m in cv["per_label"].items():
            t.add_row(label, str(m["precision"]), str(m["recall"]), str(m["f1"]), str(m["support"]))
        console.print(t)
        for label in cv["too_few"]:
            _warn(f"only a few examples of {label!r} (under {MIN_PER_CLASS}): its figures are unreliable")
    trained = SubtypeModel.train(examples)
    trained.save(model)
    console.print(f"{len(examples)} examples, {len(trained.labels)} labels; model saved to {model}")


@app.command()
def demo(outdir: str = typer.Option("frontwire-demo", "--out", help="directory for the demo outputs")):
    """Code the bundled sample corpus; write a database, ACLED CSV, GeoJSON and map.html."""
    from .demo import run_demo

    files = run_demo(outdir)
    with _store(files["db"]) as store:
        console.print(f"{store.count_events()} events from the bundled sample reports (illustrative, not real news)")
    for kind, path in files.items():
        console.print(f"{kind:>8}: {path}")


@app.command()
def serve(
    db: str = DB_OPT,
    host: str = "127.0.0.1",
    port: int = 8000,
    token_file: str | None = typer.Option(
        None,
        "--token-file",
        help="file holding the token that enables POST /api/articles "
        "(or set FRONTWIRE_TOKEN; a token on the command line "
        "would show in the process list)",
    ),
):
    """Serve the REST API and the web page."""
    import uvicorn

    from .serve import create_app

    token = os.environ.get("FRONTWIRE_TOKEN") or None
    if token_file:
        try:
            token = open(token_file, encoding="utf-8").read().strip()
        except OSError as exc:
            raise InputError(token_file, f"cannot read the token file ({exc.strerror})") from None
        if not token:
            raise InputError(token_file, "the token file is empty")
    checked = _store(db)  # fails early, in one line, on a missing or foreign database
    _opened.remove(checked)
    checked.close()  # the app opens its own, for its whole life
    uvicorn.run(create_app(db, token=token), host=host, port=port)


@gazetteer_app.command("add")
def gazetteer_add(file: str = typer.Argument(..., help="a GeoNames country dump (XX.txt, tab-separated)")):
    """Merge a full GeoNames country dump into your local gazetteer overlay."""
    from .geo import add_geonames_dump

    result = add_geonames_dump(file)
    console.print(f"gazetteer: {result}")


@gazetteer_app.command("coverage")
def gazetteer_coverage(
    country: str | None = typer.Option(
        None, "--country", help="one country (ISO2 code or name), with its admin1 names"
    ),
    all_countries: bool = typer.Option(False, "--all", help="every country, not the 40 largest"),
    as_json: bool = typer.Option(False, "--json", help="the report as JSON"),
):
    """Entries per country (shipped and added by you), admin1 units, places with admin2 names."""
    from .geo.coverage import coverage_lines, gazetteer_coverage

    report = gazetteer_coverage(country)
    if country and not report["countries"]:
        raise InputError("--country", f"unknown country {country!r} (an ISO 3166 code such as KE, or its name)")
    if as_json:
        console.print_json(json.dumps(report))
        return
    print("\n".join(coverage_lines(report, limit=10**6 if all_countries else 40)))


@gazetteer_app.command("score")
def gazetteer_score(file: str | None = typer.Argument(None, help="toponym test set (TSV)")):
    """Accuracy of the resolver on a toponym variant set."""
    from .geo import score_toponyms

    result = score_toponyms(file) if file else score_toponyms()
    console.print_json(json.dumps(result))


def _refuse_database_path(output: str, db: str) -> None:
    """An export must never overwrite the database it reads (nor its WAL/SHM files)."""
    if "://" in db:
        return
    out = os.path.realpath(output)
    if out in {os.path.realpath(db + suffix) for suffix in ("", "-wal", "-shm", "-journal")}:
        raise InputError(output, "refusing to overwrite the database (or its WAL/SHM file) with an export")


def _fail(message: str, code: int) -> None:
    """One plain line on stderr (no wrapping, no markup), then exit."""
    print("frontwire: error: " + " ".join(message.split()), file=sys.stderr)
    sys.exit(code)


def main() -> None:
    """Entry point: one-line errors for bad input (exit 2), never a traceback."""
    try:
        try:
            app(standalone_mode=False)
        finally:
            while _opened:
                _opened.pop().close()
    except InputError as e:
        _fail(str(e), 2)
    except (typer.Abort, KeyboardInterrupt):
        err.print("frontwire: interrupted")
        sys.exit(130)
    except Exception as e:  # click usage errors and unexpected failures: one line, no traceback
        if hasattr(e, "format_message") and hasattr(e, "exit_code"):  # click/typer usage errors
            _fail(e.format_message(), e.exit_code)
        if os.environ.get("FRONTWIRE_DEBUG"):
            raise
        _fail(f"{type(e).__name__}: {e} (set FRONTWIRE_DEBUG=1 for details)", 1)


if __name__ == "__main__":
    main()
