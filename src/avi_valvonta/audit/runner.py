"""Run every selected check on a case bundle, propose a measure, and (unless told not to) store the run.

Order of work: resolve KUNTA → read bundle.toml and check it against the command and the law (period, competence)
→ load and validate the whole bundle (all problems in one pass; nothing stored on failure) → run checks (one shared
pass over clients and access-log rows for streaming checks; a crashing check becomes ``error`` and the run goes on)
→ proposal → report → database.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avi_valvonta import __version__
from avi_valvonta.audit.baseline import Baseline, check_baseline, mark_followup
from avi_valvonta.audit.proposal import PriorOrder, proposal_config, propose
from avi_valvonta.audit.report import AuditReport
from avi_valvonta.audit.waivers import Waiver, apply_waivers
from avi_valvonta.bundle import Bundle, load_bundle, read_meta
from avi_valvonta.bundle.csvread import Problems
from avi_valvonta.checks import NotApplicable, Outcome, Result, Severity, StreamingCheck, matches
from avi_valvonta.context import AuditContext
from avi_valvonta.errors import InvalidInput, UsageError
from avi_valvonta.i18n import Text
from avi_valvonta.identity import mask_identity_codes
from avi_valvonta.law import EXPERIMENT_START, Law, law
from avi_valvonta.plugins import Plugins, RegisteredCheck, load_plugins
from avi_valvonta.reference import SupervisedUnit, reference, slug

log = logging.getLogger(__name__)
Progress = Callable[[str, int], None]


@dataclass
class AuditOptions:
    case_dir: Path | None = None
    as_of: dt.date | None = None
    checks: tuple[str, ...] = ()
    skip_checks: tuple[str, ...] = ()
    disabled_plugins: tuple[str, ...] = ()
    lang: str | None = None
    store: bool = True
    db_url: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    run_date: dt.date | None = None  # "today" for the proposal's deadline (tests pin it)
    prior_orders: tuple[PriorOrder, ...] = ()
    waivers: tuple[Waiver, ...] = ()  # --waivers, already read and validated (audit.waivers.load_waivers)
    waivers_sha256: str | None = None
    baseline: Baseline | None = None  # --baseline, already loaded (audit.baseline.load_baseline)

    def recorded(self) -> dict[str, Any]:
        """What the stored run says about how it was made."""
        out: dict[str, Any] = {
            "as_of_override": self.as_of.isoformat() if self.as_of else None,
            "checks": list(self.checks),
            "skip_checks": list(self.skip_checks),
            "disabled_plugins": list(self.disabled_plugins),
            "lang": self.lang,
        }
        if self.waivers or self.waivers_sha256:
            out["waivers"] = [w.to_dict() for w in self.waivers]
            out["waivers_sha256"] = self.waivers_sha256
        if self.baseline is not None:
            out["baseline"] = self.baseline.to_dict()
        return out


def default_case_dir(kunta: str, unit: SupervisedUnit, base: Path | None = None) -> Path:
    """``./cases/<slug-of-KUNTA>/``; also tries the Finnish and Swedish names of what KUNTA resolved to."""
    base = base or Path("cases")
    candidates = [slug(kunta), slug(unit.name_fi), slug(unit.name_sv)]
    for c in candidates:
        if (base / c).is_dir():
            return base / c
    return base / candidates[0]


def preflight(
    kunta_unit: SupervisedUnit, bundle_path: Path, problems: Problems, as_of: dt.date | None, the_law: Law
) -> Any:
    """bundle.toml against the command and the law. Problems are collected, not raised."""
    meta = read_meta(bundle_path, problems, as_of)
    if meta is None:
        return None
    ref = reference()
    line = meta.lines.get  # where each key is in bundle.toml, for the messages
    try:
        bundle_unit = ref.resolve_unit(meta.municipality)
    except UsageError as e:
        problems.add("bundle.toml", str(e), line("municipality"), "municipality")
        return meta
    if bundle_unit.code != kunta_unit.code:
        problems.add(
            "bundle.toml",
            f"the bundle is for {bundle_unit.name_fi} ({bundle_unit.code}) but the command names "
            f"{kunta_unit.name_fi} ({kunta_unit.code})",
            line("municipality"),
            "municipality",
        )
    if meta.period_start < EXPERIMENT_START:
        problems.add(
            "bundle.toml",
            f"period_start {meta.period_start} is before 1.3.2021: the supervisor had no competence before the "
            "experiment law 1269/2020 (checks.md)",
            line("period_start"),
            "period_start",
        )
    else:
        ok, reason = the_law.unit_supervised_on(kunta_unit, meta.period_start)
        if not ok:
            problems.add(
                "bundle.toml",
                f"{kunta_unit.name_fi} was not supervised on {meta.period_start}: {reason.fi}",
                line("period_start"),
                "period_start",
            )
    return meta


def select_checks(plugins: Plugins, include: Iterable[str], exclude: Iterable[str]) -> list[RegisteredCheck]:
    """The catalogue filtered by ``--check``/``--skip-check``, plus what the selected checks require."""
    include, exclude = list(include), list(exclude)
    catalogue = plugins.checks
    if include:
        unknown = [p for p in include if not any(matches(cid, [p]) for cid in catalogue)]
        if unknown:
            raise UsageError(f"no check matches {', '.join(unknown)} (see `valvonta checks`)")
    chosen = [cid for cid in catalogue if (not include or matches(cid, include)) and not matches(cid, exclude)]
    needed = set(chosen)
    stack = list(chosen)
    while stack:
        for dep in catalogue[stack.pop()].meta.requires:
            if dep in catalogue and dep not in needed:
                needed.add(dep)
                stack.append(dep)
    return [catalogue[cid] for cid in catalogue if cid in needed]


def _topological(checks: list[RegisteredCheck]) -> list[RegisteredCheck]:
    by_id = {c.meta.id: c for c in checks}
    done: dict[str, RegisteredCheck] = {}

    def visit(c: RegisteredCheck, path: tuple[str, ...]) -> None:
        if c.meta.id in done or c.meta.id in path:
            return
        for dep in c.meta.requires:
            if dep in by_id:
                visit(by_id[dep], (*path, c.meta.id))
        done[c.meta.id] = c

    for c in checks:
        visit(c, ())
    return list(done.values())


def _error_result(check_id: str, exc: BaseException) -> Result:
    # The log gets the traceback without the exception's message (which could quote client data).
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("check %s crashed with %s\n%s", check_id, type(exc).__name__, frames)
    return Result(
        check_id,
        Outcome.ERROR,
        reason=Text(
            f"tarkastus kaatui ({type(exc).__name__}); ajo jatkui, tulos puuttuu",
            f"granskningen avbröts ({type(exc).__name__}); körningen fortsatte, resultatet saknas",
        ),
    )


def _normalise(result: Any, reg: RegisteredCheck) -> Result:
    meta = reg.meta
    if not isinstance(result, Result):
        return _error_result(meta.id, TypeError(f"{meta.id} returned {type(result).__name__}, not Result"))
    if result.outcome in (Outcome.FAIL, Outcome.MANUAL, Outcome.PASS) and (
        result.population is None or result.affected is None
    ):
        return _error_result(meta.id, ValueError(f"{meta.id}: a {result.outcome} result needs population and affected"))
    result.check_id = meta.id
    result.area = meta.area
    result.title = meta.title
    result.legal_basis = result.legal_basis or meta.legal_basis
    result.unit = meta.unit
    if result.outcome is Outcome.FAIL and result.severity is None:
        result.severity = meta.severity
    if result.outcome is not Outcome.FAIL:
        result.severity = result.severity if result.outcome is Outcome.MANUAL else None
    return result


def _run_one(ctx: AuditContext, reg: RegisteredCheck, instances: dict[str, StreamingCheck]) -> Result:
    cid = reg.meta.id
    try:
        result = instances[cid].finish() if reg.streaming else reg.implementation(ctx)
    except NotApplicable as na:
        return Result(cid, Outcome.NOT_APPLICABLE, reason=na.reason)
    except Exception as e:
        return _error_result(cid, e)
    return result  # type: ignore[no-any-return]


# Bundles with fewer CSV rows than this run every check in one process.
ASIDE_MIN_ROWS = 200_000


class _FunctionsAside:
    """Function checks run in a forked process, concurrently with the shared pass (see run_checks).

    The working store is in WAL mode by then, so the other process may read it, and create the indexes its checks
    ask for, while this one reads. Anything that goes wrong over there is not lost: the checks whose results did
    not come back run here afterwards.
    """

    def __init__(self, proc: Any, recv: Any, ids: list[str]) -> None:
        self.proc, self.recv, self.ids = proc, recv, ids

    @classmethod
    def start(cls, ctx: AuditContext, regs: list[RegisteredCheck], instances: dict[str, Any]) -> _FunctionsAside | None:
        import multiprocessing

        from avi_valvonta.bundle.loader import _can_fork

        if not regs or not instances or not _can_fork() or not ctx.bundle.store.concurrent_reads:
            return None
        if sum(ctx.csv_rows.values()) < ASIDE_MIN_ROWS:
            return None  # a small bundle: a second process costs more than it saves
        ctx.bundle.store.conn.commit()
        mp = multiprocessing.get_context("fork")
        recv, send = mp.Pipe(duplex=False)
        proc = mp.Process(target=cls._child, args=(ctx, regs, send))
        proc.start()
        send.close()
        return cls(proc, recv, [r.meta.id for r in regs])

    @staticmethod
    def _child(ctx: AuditContext, regs: list[RegisteredCheck], send: Any) -> None:
        try:
            ctx.bundle.store.reopen()  # never share a SQLite connection across a fork
            before = len(ctx.warnings)
            out = []
            for reg in regs:
                started = time.perf_counter()
                result = _run_one(ctx, reg, {})
                result.internal.setdefault("seconds", round(time.perf_counter() - started, 4))
                out.append((reg.meta.id, result))
            send.send((out, ctx.warnings[before:]))
        except BaseException:
            send.send(None)
            raise
        finally:
            send.close()

    def collect(self) -> tuple[dict[str, Result], list[Text]]:
        try:
            got = self.recv.recv()
        except (EOFError, OSError):
            got = None
        self.proc.join()
        if got is None:
            log.warning("checks run aside did not come back (exit %s); running them here", self.proc.exitcode)
            return {}, []
        out, warnings = got
        return dict(out), list(warnings)


def run_checks(ctx: AuditContext, selected: list[RegisteredCheck], progress: Progress | None = None) -> list[Result]:
    """Run the checks: streaming ones share one pass over clients and one over the access log."""
    results: dict[str, Result] = {}
    instances: dict[str, StreamingCheck] = {}
    for reg in selected:
        if not reg.streaming:
            continue
        try:
            instances[reg.meta.id] = reg.implementation(ctx)
        except NotApplicable as na:
            results[reg.meta.id] = Result(reg.meta.id, Outcome.NOT_APPLICABLE, reason=na.reason)
        except Exception as e:
            results[reg.meta.id] = _error_result(reg.meta.id, e)

    def shared_pass(kind: str, rows: Iterable[Any], method: str) -> None:
        visitors = {cid: inst for cid, inst in instances.items() if getattr(type(inst), f"wants_{kind}")()}
        if not visitors:
            return
        calls = [(cid, getattr(inst, method)) for cid, inst in visitors.items()]
        n = 0
        for row in rows:
            for cid, call in calls:
                try:
                    call(row)
                except NotApplicable as na:
                    results[cid] = Result(cid, Outcome.NOT_APPLICABLE, reason=na.reason)
                    calls = [c for c in calls if c[0] != cid]
                    instances.pop(cid, None)
                except Exception as e:
                    results[cid] = _error_result(cid, e)
                    calls = [c for c in calls if c[0] != cid]
                    instances.pop(cid, None)
            n += 1
            if progress and n % 10_000 == 0:
                progress(kind, n)
        if progress:
            progress(kind, n)

    # Checks that need no other result (the SQL access checks, the document checks) run in a second process
    # while this one makes the shared pass over the clients: on two cores that hides their time.
    aside = _FunctionsAside.start(ctx, [r for r in selected if not r.streaming and not r.meta.requires], instances)

    shared_pass("clients", ctx.histories(), "visit_client")
    shared_pass("access", ctx.access_log(), "visit_access")

    if aside is not None:
        done, warnings = aside.collect()
        results.update(done)
        for w in warnings:
            ctx.warn(w)

    for reg in _topological(selected):
        cid = reg.meta.id
        started = time.perf_counter()
        if cid not in results:
            results[cid] = _run_one(ctx, reg, instances)
        results[cid] = _normalise(results[cid], reg)
        results[cid].internal.setdefault("seconds", round(time.perf_counter() - started, 4))
        ctx.results[cid] = results[cid]
        if progress:
            progress("check", 1)
    return [results[reg.meta.id] for reg in selected]


def default_language(unit: SupervisedUnit) -> str:
    """The report's language per the language law: the municipality's (majority) language; Finnish otherwise."""
    return unit.majority if unit.majority in ("fi", "sv") else "fi"


def _regime_dict(the_law: Law, start: dt.date, end: dt.date) -> dict[str, Any]:
    regimes = the_law.regimes_between(start, end)
    supervisor = the_law.supervisor_on(end)
    rule_sets = []
    for rif in the_law.rule_sets_between(start, end):
        if rif.rule_set.applies_by == "due_date":
            continue  # covid-2020 never decides an audit (checks.md)
        if rif.id not in rule_sets:
            rule_sets.append(rif.id)
    return {
        "law": ", ".join(r.law for r in regimes),
        "regimes": [r.id for r in regimes],
        "supervisor": supervisor.name.fi,
        "supervisor_sv": supervisor.name.sv,
        "supervisor_id": supervisor.id,
        "rule_sets": rule_sets,
    }


def new_run_id(now: dt.datetime) -> str:
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def run_audit(
    kunta: str,
    options: AuditOptions | None = None,
    *,
    progress: Progress | None = None,
    plugins: Plugins | None = None,
    store: Callable[[AuditReport], None] | None = None,
) -> AuditReport:
    """The whole audit. Raises :class:`InvalidInput` / :class:`UsageError` for the user's mistakes (exit 2)."""
    options = options or AuditOptions()
    the_law = law()
    unit = reference().resolve_unit(kunta)
    case_dir = Path(options.case_dir) if options.case_dir else default_case_dir(kunta, unit)
    if not case_dir.is_dir():
        raise UsageError(f"case bundle folder not found: {case_dir} (give --case DIR)")
    if options.lang not in (None, "fi", "sv"):
        raise UsageError(f"--lang must be fi or sv, not {options.lang!r}")
    proposal_config(options.config.get("proposal"))  # a bad threshold fails before the bundle is read
    if options.baseline is not None:
        check_baseline(options.baseline, unit.code, unit.name_fi)
    plugins = plugins or load_plugins(options.disabled_plugins)
    selected = select_checks(plugins, options.checks, options.skip_checks)

    problems = Problems()
    meta = preflight(unit, case_dir, problems, options.as_of, the_law)
    if meta is None or problems.has_errors():
        raise InvalidInput(problems.items, f"invalid case bundle {case_dir}", problems.omitted)
    if options.baseline is not None:
        check_baseline(options.baseline, unit.code, unit.name_fi, meta.as_of)
    bundle: Bundle = load_bundle(
        case_dir,
        as_of=options.as_of,
        members=unit.member_codes,
        progress=progress,
        problems=problems,
        meta=meta,
    )
    try:
        warnings: list[Text] = [p.bilingual() for p in bundle.warnings]
        warnings += plugins.problems()
        warnings += the_law.unverified_between(meta.period_start, meta.period_end)
        ctx = AuditContext(
            unit=unit,
            period_start=meta.period_start,
            period_end=meta.period_end,
            as_of=meta.as_of,
            law=the_law,
            bundle=bundle,
            config=options.config.get("checks", {}),
        )
        results = run_checks(ctx, selected, progress)
        warnings += ctx.warnings
        now = dt.datetime.now(dt.UTC)
        run_date = options.run_date or dt.date.today()
        # Waivers before the proposal (a muted result never counts), the follow-up diff after them.
        warnings += apply_waivers(results, options.waivers, run_date)
        if options.baseline is not None:
            warnings += mark_followup(results, options.baseline)
        regime = the_law.regime_on(min(meta.period_end, meta.as_of)) or the_law.regime_on(meta.period_start)
        proposal = propose(
            results,
            regime,
            run_date,
            the_law,
            config=options.config.get("proposal"),
            prior_orders=options.prior_orders,
            as_of=meta.as_of,
            period_end=meta.period_end,
        )
        report = AuditReport(
            run_id=new_run_id(now),
            created_at=now,
            tool_version=__version__,
            plugins=plugins.versions(),
            municipality=unit.to_dict(),
            period_start=meta.period_start,
            period_end=meta.period_end,
            as_of=meta.as_of,
            regime=_regime_dict(the_law, meta.period_start, meta.period_end),
            results=results,
            proposal=proposal,
            warnings=[Text(mask_identity_codes(w.fi), mask_identity_codes(w.sv)) for w in warnings],
            inputs={
                "bundle": str(case_dir.resolve()),
                "files": dict(sorted(bundle.files.items())),
                "rows": dict(bundle.rows),
                "source": meta.source,
                "area": meta.area,
            },
            options=options.recorded(),
            lang=options.lang or default_language(unit),
        )
    finally:
        bundle.close()
    if store is not None:
        store(report)
        report.stored = True
    return report


def worst_severity(results: Iterable[Result]) -> Severity | None:
    fails = [r.severity for r in results if r.outcome is Outcome.FAIL and r.severity]
    return max(fails, key=lambda s: s.rank) if fails else None
