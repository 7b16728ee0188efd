# Generated from __init__.py by tests/test_frontline.py: do not edit.
from __future__ import annotations
import datetime as _dt
import itertools as _itertools
import json as _json
import math as _math
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union
from . import _native
__all__ = ['Session', 'Calendar', 'PolicySet', 'RuleSet', 'FaqIndex', 'Triager', 'Flow', 'Templates', 'render', 'compute_kpis', 'merge_kpis', 'check_goals', 'check_roster', 'suggest_trends', 'Error', 'RequestError', 'TimeError', 'TicketError', 'CalendarError', 'SlaError', 'RoutingError', 'RulesError', 'TextError', 'FaqError', 'TriageError', 'FlowError', 'ReplyError', 'EscalationError', 'StaffingError', 'MetricsError', 'TrendsError', 'InternalError', 'operations', 'SCHEMA_VERSION', 'FRONTLINE_VERSION']
SCHEMA_VERSION: int = ...
FRONTLINE_VERSION: str = ...
Instant = Union[str, _dt.datetime]

class Error(Exception):
    code: str
    message: str
    index: Optional[int]

    def __init__(self, code: str, message: str, index: Optional[int]=None) -> None:
        ...

class RequestError(Error):
    ...

class TimeError(Error):
    ...

class TicketError(Error):
    ...

class CalendarError(Error):
    ...

class SlaError(Error):
    ...

class RoutingError(Error):
    ...

class RulesError(Error):
    ...

class TextError(Error):
    ...

class FaqError(Error):
    ...

class TriageError(Error):
    ...

class FlowError(Error):
    ...

class ReplyError(Error):
    ...

class EscalationError(Error):
    ...

class StaffingError(Error):
    ...

class MetricsError(Error):
    ...

class TrendsError(Error):
    ...

class InternalError(Error):
    ...

def operations() -> List[str]:
    ...

class Session:

    def __init__(self) -> None:
        ...

    def call(self, request: Mapping[str, Any]) -> Any:
        ...

    def call_json(self, request: str) -> str:
        ...

class _Built:
    session: Session
    name: str

    def __init__(self, session: Optional[Session], kind: str) -> None:
        ...

class Calendar(_Built):
    summary: Dict[str, Any]

    def __init__(self, spec: Mapping[str, Any], session: Optional[Session]=None, name: Optional[str]=None) -> None:
        ...

    def add(self, start: Instant, seconds: int) -> str:
        ...

    def sub(self, end: Instant, seconds: int) -> str:
        ...

    def between(self, start: Instant, end: Instant) -> int:
        ...

    def is_open(self, at: Instant) -> bool:
        ...

    def next_open(self, at: Instant) -> str:
        ...

    def next_close(self, at: Instant) -> str:
        ...

    def open_intervals(self, start: Instant, end: Instant) -> List[List[str]]:
        ...

class PolicySet(_Built):

    def __init__(self, spec: Mapping[str, Any], session: Optional[Session]=None) -> None:
        ...

    def evaluate(self, ticket: Mapping[str, Any], now: Instant, customer: Optional[Mapping[str, Any]]=None, options: Optional[Mapping[str, Any]]=None) -> Dict[str, Any]:
        ...

class RuleSet(_Built):
    count: int

    def __init__(self, spec: Mapping[str, Any], session: Optional[Session]=None) -> None:
        ...

    def evaluate(self, now: Instant, ticket: Optional[Mapping[str, Any]]=None, customer: Optional[Mapping[str, Any]]=None, run: Optional[str]=None, once_keys: Optional[Iterable[str]]=None, options: Optional[Mapping[str, Any]]=None) -> Dict[str, Any]:
        ...

    def next_due_at(self, now: Instant, ticket: Optional[Mapping[str, Any]]=None, customer: Optional[Mapping[str, Any]]=None, run: Optional[str]=None, once_keys: Optional[Iterable[str]]=None) -> Optional[str]:
        ...

class FaqIndex(_Built):
    entries: int
    langs: List[str]

    def __init__(self, entries: Iterable[Mapping[str, Any]], config: Optional[Mapping[str, Any]]=None, session: Optional[Session]=None) -> None:
        ...

    def search(self, query: str, k: int=3, context: Optional[Mapping[str, Any]]=None, vector: Optional[Iterable[float]]=None) -> Dict[str, Any]:
        ...

    def related(self, entry: str, k: int=3) -> List[Dict[str, Any]]:
        ...

class Triager(_Built):

    def __init__(self, config: Optional[Mapping[str, Any]]=None, session: Optional[Session]=None) -> None:
        ...

    def analyze(self, text: str, subject: Optional[str]=None, channel: Optional[str]=None, customer: Optional[Mapping[str, Any]]=None, recent_tickets: Optional[Iterable[Mapping[str, Any]]]=None, reach: Optional[Mapping[str, Any]]=None, sla: Optional[Mapping[str, Any]]=None, now: Optional[Instant]=None) -> Dict[str, Any]:
        ...

class Flow(_Built):

    def __init__(self, spec: Mapping[str, Any], session: Optional[Session]=None) -> None:
        ...

    def start(self, now: Instant, customer: Optional[Mapping[str, Any]]=None, ticket: Optional[Mapping[str, Any]]=None, faq: Optional['FaqIndex']=None, locale: Optional[str]=None, message: Optional[str]=None) -> Dict[str, Any]:
        ...

    def step(self, state: Mapping[str, Any], input: Mapping[str, Any], now: Instant, customer: Optional[Mapping[str, Any]]=None, ticket: Optional[Mapping[str, Any]]=None, faq: Optional['FaqIndex']=None) -> Dict[str, Any]:
        ...

class Templates(_Built):

    def __init__(self, spec: Mapping[str, Any], session: Optional[Session]=None) -> None:
        ...

    def render(self, name: str, now: Instant, data: Optional[Mapping[str, Any]]=None, calendar: Optional[Any]=None) -> str:
        ...

    def acknowledge(self, now: Instant, data: Optional[Mapping[str, Any]]=None, sla: Optional[Mapping[str, Any]]=None, calendar: Optional[Any]=None) -> Dict[str, Any]:
        ...

def render(template: str, now: Instant, data: Optional[Mapping[str, Any]]=None, calendar: Optional[Any]=None, session: Optional[Session]=None) -> str:
    ...

def compute_kpis(config: Mapping[str, Any], tickets: Iterable[Mapping[str, Any]], policies: Optional[Any]=None, return_state: bool=False, session: Optional[Session]=None) -> Dict[str, Any]:
    ...

def merge_kpis(states: Iterable[Mapping[str, Any]], session: Optional[Session]=None) -> Dict[str, Any]:
    ...

def check_goals(state: Mapping[str, Any], goals: Iterable[Mapping[str, Any]], session: Optional[Session]=None) -> List[Dict[str, Any]]:
    ...

def check_roster(forecast: Mapping[str, Any], roster: Mapping[str, Any], week_of: str, session: Optional[Session]=None) -> Dict[str, Any]:
    ...

def suggest_trends(records: Iterable[Mapping[str, Any]], config: Optional[Mapping[str, Any]]=None, session: Optional[Session]=None) -> Dict[str, Any]:
    ...
