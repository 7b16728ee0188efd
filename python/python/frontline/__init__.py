"""frontline for Python: pure, deterministic automation for the customer-support
front line (business time, SLAs, rules, routing, FAQ matching).

Every operation of frontline's versioned JSON contract is one call::

    import frontline
    s = frontline.Session()
    s.call({"op": "calendar.build", "name": "office",
            "calendar": {"time_zone": "Europe/Amsterdam", "hours": {"mon": [["09:00", "17:00"]]}}})
    s.call({"op": "calendar.add", "calendar": "office",
            "start": "2026-03-02T16:00:00Z", "seconds": 7200})
    # {'instant': '2026-03-09T10:00:00Z'}

``call`` returns the operation's result and raises a :class:`frontline.Error`
subclass (with the stable ``code``, the ``message`` and, for a list item,
its ``index``) when frontline answers with an error. The costly objects have
typed helpers that build once and are reused: :class:`Calendar`,
:class:`PolicySet`, :class:`RuleSet`, :class:`FaqIndex`. frontline's work runs
with the GIL released, so other threads keep running; FAQ searches on one
index run in parallel.

The operations, their fields and results are listed by
``frontline.operations()`` and documented in the Rust crate's ``api`` module.
"""

from __future__ import annotations

import datetime as _dt
import itertools as _itertools
import json as _json
import math as _math
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

from . import _native

__all__ = [
    "Session",
    "Calendar",
    "PolicySet",
    "RuleSet",
    "FaqIndex",
    "Triager",
    "Flow",
    "Templates",
    "render",
    "compute_kpis",
    "merge_kpis",
    "check_goals",
    "check_roster",
    "suggest_trends",
    "Error",
    "RequestError",
    "TimeError",
    "TicketError",
    "CalendarError",
    "SlaError",
    "RoutingError",
    "RulesError",
    "TextError",
    "FaqError",
    "TriageError",
    "FlowError",
    "ReplyError",
    "EscalationError",
    "StaffingError",
    "MetricsError",
    "TrendsError",
    "InternalError",
    "operations",
    "SCHEMA_VERSION",
    "FRONTLINE_VERSION",
]

SCHEMA_VERSION: int = _native.SCHEMA_VERSION
"""The version of the JSON contract this package speaks."""

FRONTLINE_VERSION: str = _native.FRONTLINE_VERSION
"""The version of the frontline crate inside."""

Instant = Union[str, _dt.datetime]
"""An instant: RFC 3339 text, or a timezone-aware ``datetime``."""


class Error(Exception):
    """An error answer from frontline: ``code`` is stable (``calendar.overlap``,
    ``request.invalid``, ...), ``message`` names the offending value, and
    ``index`` is the position of the failing item in a list, if any."""

    code: str
    message: str
    index: Optional[int]

    def __init__(self, code: str, message: str, index: Optional[int] = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.index = index


class RequestError(Error):
    """The request itself: not JSON, a missing or misspelt field, an unknown op or name."""


class TimeError(Error):
    """A malformed instant, date, time or time zone."""


class TicketError(Error):
    """Tickets, events, customers and identities."""


class CalendarError(Error):
    """Business calendars."""


class SlaError(Error):
    """SLA policies."""


class RoutingError(Error):
    """Routing."""


class RulesError(Error):
    """Rules, conditions and rule imports."""


class TextError(Error):
    """Text analysis."""


class FaqError(Error):
    """FAQ indexes and searches."""


class TriageError(Error):
    """Triage of messages."""


class FlowError(Error):
    """Guided flows."""


class ReplyError(Error):
    """Reply templates."""


class EscalationError(Error):
    """Escalation summaries."""


class StaffingError(Error):
    """Erlang C and A, agents required, roster coverage."""


class MetricsError(Error):
    """KPI accumulators, their stored state, and goals."""


class TrendsError(Error):
    """Contact-reason trends."""


class InternalError(Error):
    """A bug in frontline (code ``internal``): please report it with the request."""


_BY_AREA = {
    "request": RequestError,
    "time": TimeError,
    "ticket": TicketError,
    "identity": TicketError,
    "calendar": CalendarError,
    "sla": SlaError,
    "routing": RoutingError,
    "rules": RulesError,
    "text": TextError,
    "faq": FaqError,
    "triage": TriageError,
    "flow": FlowError,
    "reply": ReplyError,
    "escalation": EscalationError,
    "staffing": StaffingError,
    "metrics": MetricsError,
    "trends": TrendsError,
    "internal": InternalError,
}


def _raise(error: Mapping[str, Any]) -> None:
    code = str(error.get("code", "internal"))
    cls = _BY_AREA.get(code.split(".", 1)[0], Error)
    raise cls(code, str(error.get("message", "")), error.get("index"))


def _vector(values: Iterable[float], whose: str) -> List[float]:
    """A vector as a JSON list (from a list, tuple or NumPy array); NaN and
    infinities are refused here, as the core refuses them."""
    out = [float(x) for x in values]
    for i, x in enumerate(out):
        if not _math.isfinite(x):
            raise FaqError("faq.invalid_vector",
                           f"invalid vector of {whose}: value {i} is not a finite number", None)
    return out


def _entry(entry: Mapping[str, Any]) -> Dict[str, Any]:
    out = dict(entry)
    if "vectors" in out:
        whose = f"entry `{out.get('id')}`"
        out["vectors"] = [_vector(v, whose) for v in out["vectors"]]
    return out


def operations() -> List[str]:
    """The names of every operation of the JSON contract."""
    return list(_native.operations())


def _instant(value: Instant) -> str:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"a naive datetime is ambiguous: {value!r}; give it a tzinfo")
        return value.isoformat()
    return value


class Session:
    """A sequence of requests that share named objects (``calendar.build``,
    ``sla.build``, ``rules.build``, ``faq.build``). Calls on one session take
    turns; use one session per thread, or the typed helpers, for parallel work."""

    def __init__(self) -> None:
        self._native = _native.NativeSession()
        self._names = _itertools.count(1)

    def call(self, request: Mapping[str, Any]) -> Any:
        """Runs one request (a dict; ``schema_version`` is added when absent)
        and returns its result. Raises an :class:`Error` subclass on an error
        answer."""
        body = dict(request)
        body.setdefault("schema_version", SCHEMA_VERSION)
        answer = _json.loads(self.call_json(_json.dumps(body)))
        if not answer.get("ok"):
            _raise(answer.get("error", {}))
        return answer.get("result")

    def call_json(self, request: str) -> str:
        """Runs one request given as JSON text and returns the answer's JSON
        text (envelope included), without raising on error answers."""
        return self._native.call(request)

    def _name(self, kind: str) -> str:
        return f"_{kind}_{next(self._names)}"


class _Built:
    """A named object built once in a session."""

    session: Session
    name: str

    def __init__(self, session: Optional[Session], kind: str) -> None:
        self.session = session if session is not None else Session()
        self.name = self.session._name(kind)


class Calendar(_Built):
    """A business calendar, compiled once (``calendar.build``). Pass the same
    ``session`` to :class:`PolicySet`, :class:`RuleSet` or routing requests to
    name it there."""

    summary: Dict[str, Any]

    def __init__(self, spec: Mapping[str, Any], session: Optional[Session] = None,
                 name: Optional[str] = None) -> None:
        super().__init__(session, "calendar")
        if name is not None:
            self.name = name
        self.summary = self.session.call(
            {"op": "calendar.build", "name": self.name, "calendar": dict(spec)})

    def _instant(self, op: str, **fields: Any) -> str:
        return self.session.call({"op": op, "calendar": self.name, **fields})["instant"]

    def add(self, start: Instant, seconds: int) -> str:
        """The instant ``seconds`` of business time after ``start``."""
        return self._instant("calendar.add", start=_instant(start), seconds=seconds)

    def sub(self, end: Instant, seconds: int) -> str:
        """The instant ``seconds`` of business time before ``end``."""
        return self._instant("calendar.sub", end=_instant(end), seconds=seconds)

    def between(self, start: Instant, end: Instant) -> int:
        """Business seconds from ``start`` to ``end``."""
        return self.session.call({"op": "calendar.between", "calendar": self.name,
                                  "from": _instant(start), "to": _instant(end)})["seconds"]

    def is_open(self, at: Instant) -> bool:
        """Whether the calendar is open at ``at``."""
        return self.session.call({"op": "calendar.is_open", "calendar": self.name,
                                  "at": _instant(at)})["open"]

    def next_open(self, at: Instant) -> str:
        """The first open instant at or after ``at``."""
        return self._instant("calendar.next_open", at=_instant(at))

    def next_close(self, at: Instant) -> str:
        """The first closing instant at or after ``at``."""
        return self._instant("calendar.next_close", at=_instant(at))

    def open_intervals(self, start: Instant, end: Instant) -> List[List[str]]:
        """The open periods between ``start`` and ``end``, as ``[start, end]`` pairs."""
        return self.session.call({"op": "calendar.open_intervals", "calendar": self.name,
                                  "from": _instant(start), "to": _instant(end)})["intervals"]


class PolicySet(_Built):
    """SLA policies, checked and compiled once (``sla.build``)."""

    def __init__(self, spec: Mapping[str, Any], session: Optional[Session] = None) -> None:
        super().__init__(session, "policies")
        self.session.call({"op": "sla.build", "name": self.name, "policies": dict(spec)})

    def evaluate(self, ticket: Mapping[str, Any], now: Instant,
                 customer: Optional[Mapping[str, Any]] = None,
                 options: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        """The SLA report of ``ticket`` at ``now``: ``report``, ``reply_by``,
        ``reply_due`` and ``next_change_at``."""
        request: Dict[str, Any] = {"op": "sla.evaluate", "policies": self.name,
                                   "ticket": dict(ticket), "now": _instant(now)}
        if customer is not None:
            request["customer"] = dict(customer)
        if options is not None:
            request["options"] = dict(options)
        return self.session.call(request)


class RuleSet(_Built):
    """Triggers, automations and lifecycle rules, compiled once (``rules.build``)."""

    count: int

    def __init__(self, spec: Mapping[str, Any], session: Optional[Session] = None) -> None:
        super().__init__(session, "rules")
        self.count = self.session.call(
            {"op": "rules.build", "name": self.name, "rules": dict(spec)})["rules"]

    def _request(self, op: str, now: Instant, ticket: Optional[Mapping[str, Any]],
                 customer: Optional[Mapping[str, Any]], run: Optional[str],
                 once_keys: Optional[Iterable[str]],
                 options: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        request: Dict[str, Any] = {"op": op, "rules": self.name, "now": _instant(now)}
        if options is not None:
            request["options"] = dict(options)
        if ticket is not None:
            request["ticket"] = dict(ticket)
        if customer is not None:
            request["customer"] = dict(customer)
        if run is not None:
            request["run"] = run
        if once_keys is not None:
            request["once_keys"] = list(once_keys)
        return request

    def evaluate(self, now: Instant, ticket: Optional[Mapping[str, Any]] = None,
                 customer: Optional[Mapping[str, Any]] = None, run: Optional[str] = None,
                 once_keys: Optional[Iterable[str]] = None,
                 options: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
        """What the rules do at ``now``: fired actions, once keys and a trace
        (``options={"trace": False}`` leaves the trace out)."""
        return self.session.call(self._request("rules.evaluate", now, ticket, customer, run,
                                               once_keys, options))

    def next_due_at(self, now: Instant, ticket: Optional[Mapping[str, Any]] = None,
                    customer: Optional[Mapping[str, Any]] = None, run: Optional[str] = None,
                    once_keys: Optional[Iterable[str]] = None) -> Optional[str]:
        """When to evaluate again (``None``: nothing is due later)."""
        return self.session.call(self._request("rules.next_due_at", now, ticket, customer, run,
                                               once_keys))["next_due_at"]


class FaqIndex(_Built):
    """An FAQ index, learnt once (``faq.build``; the GIL is released while it
    learns). Searches run in parallel on several threads."""

    entries: int
    langs: List[str]

    def __init__(self, entries: Iterable[Mapping[str, Any]],
                 config: Optional[Mapping[str, Any]] = None,
                 session: Optional[Session] = None) -> None:
        super().__init__(session, "faq")
        request: Dict[str, Any] = {"op": "faq.build", "name": self.name,
                                   "entries": [_entry(e) for e in entries]}
        if config is not None:
            request["config"] = dict(config)
        built = self.session.call(request)
        self.entries = built["entries"]
        self.langs = built["langs"]
        # Searches run on copies that share the built index, so they never
        # wait for each other.
        self._reader = self.session._native.snapshot()

    def _read(self, request: Dict[str, Any]) -> Any:
        request.setdefault("schema_version", SCHEMA_VERSION)
        answer = _json.loads(self._reader.call_shared(_json.dumps(request)))
        if not answer.get("ok"):
            _raise(answer.get("error", {}))
        return answer.get("result")

    def search(self, query: str, k: int = 3,
               context: Optional[Mapping[str, Any]] = None,
               vector: Optional[Iterable[float]] = None) -> Dict[str, Any]:
        """The best ``k`` entries for ``query`` with the decision (answer,
        suggest, escalate) and the confidence. ``vector`` is the query's
        sentence vector (a list or a NumPy array) for an index whose entries
        carry ``vectors`` from the same encoder: the scores are fused."""
        request: Dict[str, Any] = {"op": "faq.search", "faq": self.name, "query": query, "k": k}
        if context is not None:
            request["context"] = dict(context)
        if vector is not None:
            request["vector"] = _vector(vector, "the query")
        return self._read(request)

    def related(self, entry: str, k: int = 3) -> List[Dict[str, Any]]:
        """The entries most related to ``entry``."""
        return self._read({"op": "faq.related", "faq": self.name, "entry": entry,
                           "k": k})["related"]


class Triager(_Built):
    """A triage configuration, compiled once (``triage.build``): tone, anger,
    urgency, categories, priority and repeat contact of incoming messages."""

    def __init__(self, config: Optional[Mapping[str, Any]] = None,
                 session: Optional[Session] = None) -> None:
        super().__init__(session, "triage")
        request: Dict[str, Any] = {"op": "triage.build", "name": self.name}
        if config is not None:
            request["config"] = dict(config)
        self.session.call(request)

    def analyze(self, text: str, subject: Optional[str] = None, channel: Optional[str] = None,
                customer: Optional[Mapping[str, Any]] = None,
                recent_tickets: Optional[Iterable[Mapping[str, Any]]] = None,
                reach: Optional[Mapping[str, Any]] = None,
                sla: Optional[Mapping[str, Any]] = None,
                now: Optional[Instant] = None) -> Dict[str, Any]:
        """The triage of one message; ``now`` is needed with ``recent_tickets``
        or ``sla``."""
        message: Dict[str, Any] = {"text": text}
        if subject is not None:
            message["subject"] = subject
        if channel is not None:
            message["channel"] = channel
        request: Dict[str, Any] = {"op": "triage.analyze", "config": self.name,
                                   "message": message}
        for key, value in (("customer", customer), ("reach", reach), ("sla", sla)):
            if value is not None:
                request[key] = dict(value)
        if recent_tickets is not None:
            request["recent_tickets"] = [dict(t) for t in recent_tickets]
        if now is not None:
            request["now"] = _instant(now)
        return self.session.call(request)


class Flow(_Built):
    """A guided flow, checked once (``flow.build``). Conversations run on it
    step by step: :meth:`start` begins one, :meth:`step` moves its state by
    one input (``{"type": "answer", "text": ...}``, ``back``, ``restart``,
    ``resume``, ``tick``). Store the returned ``state`` between messages."""

    def __init__(self, spec: Mapping[str, Any], session: Optional[Session] = None) -> None:
        super().__init__(session, "flow")
        self.session.call({"op": "flow.build", "name": self.name, "flow": dict(spec)})

    def _request(self, now: Instant, customer: Optional[Mapping[str, Any]],
                 ticket: Optional[Mapping[str, Any]], faq: Optional["FaqIndex"],
                 locale: Optional[str], message: Optional[str]) -> Dict[str, Any]:
        request: Dict[str, Any] = {"op": "flow.step", "flow": self.name, "now": _instant(now)}
        if customer is not None:
            request["customer"] = dict(customer)
        if ticket is not None:
            request["ticket"] = dict(ticket)
        if faq is not None:
            request["faq"] = faq.name
        if locale is not None:
            request["locale"] = locale
        if message is not None:
            request["message"] = message
        return request

    def start(self, now: Instant, customer: Optional[Mapping[str, Any]] = None,
              ticket: Optional[Mapping[str, Any]] = None, faq: Optional["FaqIndex"] = None,
              locale: Optional[str] = None, message: Optional[str] = None) -> Dict[str, Any]:
        """Starts a conversation: the step with the first prompts and the state."""
        return self.session.call(self._request(now, customer, ticket, faq, locale, message))

    def step(self, state: Mapping[str, Any], input: Mapping[str, Any], now: Instant,
             customer: Optional[Mapping[str, Any]] = None,
             ticket: Optional[Mapping[str, Any]] = None,
             faq: Optional["FaqIndex"] = None) -> Dict[str, Any]:
        """Moves a conversation by one input (an answer: ``{"type": "answer",
        "text": "ja"}``)."""
        request = self._request(now, customer, ticket, faq, None, None)
        request["state"] = dict(state)
        request["input"] = dict(input)
        return self.session.call(request)


class Templates(_Built):
    """Reply templates by name and locale, checked once (``reply.build``):
    Liquid with Zendesk's placeholders (``{{ticket.requester.first_name}}``)
    and frontline's (``{{reply_by}}``, ``{{next_open}}``)."""

    def __init__(self, spec: Mapping[str, Any], session: Optional[Session] = None) -> None:
        super().__init__(session, "reply")
        self.session.call({"op": "reply.build", "name": self.name, "templates": dict(spec)})

    def render(self, name: str, now: Instant, data: Optional[Mapping[str, Any]] = None,
               calendar: Optional[Any] = None) -> str:
        """The template ``name`` in the data's locale, rendered at ``now``."""
        request: Dict[str, Any] = {"op": "reply.render", "set": self.name, "template": name,
                                   "now": _instant(now)}
        if data is not None:
            request["data"] = dict(data)
        if calendar is not None:
            request["calendar"] = calendar.name if isinstance(calendar, Calendar) else calendar
        return self.session.call(request)["text"]

    def acknowledge(self, now: Instant, data: Optional[Mapping[str, Any]] = None,
                    sla: Optional[Mapping[str, Any]] = None,
                    calendar: Optional[Any] = None) -> Dict[str, Any]:
        """The first answer to a message, with this set's ``acknowledge``
        template (the built-in one when the set has none)."""
        request: Dict[str, Any] = {"op": "reply.acknowledge", "now": _instant(now),
                                   "set": self.name}
        if data is not None:
            request["data"] = dict(data)
        if sla is not None:
            request["sla"] = dict(sla)
        if calendar is not None:
            request["calendar"] = calendar.name if isinstance(calendar, Calendar) else calendar
        return self.session.call(request)


def render(template: str, now: Instant, data: Optional[Mapping[str, Any]] = None,
           calendar: Optional[Any] = None, session: Optional[Session] = None) -> str:
    """Renders one template's text (``reply.render``) without building a set."""
    request: Dict[str, Any] = {"op": "reply.render", "template": template, "now": _instant(now)}
    if data is not None:
        request["data"] = dict(data)
    if calendar is not None:
        request["calendar"] = calendar.name if isinstance(calendar, Calendar) else calendar
    return (session or Session()).call(request)["text"]


def compute_kpis(config: Mapping[str, Any], tickets: Iterable[Mapping[str, Any]],
                 policies: Optional[Any] = None, return_state: bool = False,
                 session: Optional[Session] = None) -> Dict[str, Any]:
    """The KPI table of ``tickets`` (whole tickets, or ``{"id", "events"}``
    histories) over the period and grouping of ``config``
    (``metrics.compute``). With ``policies`` (a spec, or a
    :class:`PolicySet`), SLA attainment too; with ``return_state``, the
    accumulator's state for :func:`merge_kpis` and :func:`check_goals`."""
    request: Dict[str, Any] = {"op": "metrics.compute", "config": dict(config),
                               "tickets": [dict(t) for t in tickets], "return_state": return_state}
    if policies is not None:
        request["policies"] = policies.name if isinstance(policies, PolicySet) else dict(policies)
        session = session or (policies.session if isinstance(policies, PolicySet) else None)
    return (session or Session()).call(request)


def merge_kpis(states: Iterable[Mapping[str, Any]], session: Optional[Session] = None) -> Dict[str, Any]:
    """Merges accumulator states of the same configuration (``metrics.merge``):
    ``{"table", "state"}``, as one pass over all their tickets."""
    return (session or Session()).call({"op": "metrics.merge", "states": [dict(s) for s in states]})


def check_goals(state: Mapping[str, Any], goals: Iterable[Mapping[str, Any]],
                session: Optional[Session] = None) -> List[Dict[str, Any]]:
    """Evaluates KPI goals (``{"metric": "csat", "min": 0.85}``) against a state
    (``metrics.check_goals``): met or not, the value, the gap, the tickets
    behind it."""
    return (session or Session()).call({"op": "metrics.check_goals", "state": dict(state),
                                        "goals": [dict(g) for g in goals]})["results"]


def check_roster(forecast: Mapping[str, Any], roster: Mapping[str, Any], week_of: str,
                 session: Optional[Session] = None) -> Dict[str, Any]:
    """Checks a roster of shifts against a weekly forecast for the week
    starting on Monday ``week_of`` (``staffing.check_roster``)."""
    return (session or Session()).call({"op": "staffing.check_roster", "forecast": dict(forecast),
                                        "roster": dict(roster), "week_of": week_of})


def suggest_trends(records: Iterable[Mapping[str, Any]], config: Optional[Mapping[str, Any]] = None,
                   session: Optional[Session] = None) -> Dict[str, Any]:
    """Tenure trends and repetitive work in contact records, with the rules,
    FAQ entries and automations to propose (``trends.suggest``)."""
    request: Dict[str, Any] = {"op": "trends.suggest", "records": [dict(r) for r in records]}
    if config is not None:
        request["config"] = dict(config)
    return (session or Session()).call(request)
