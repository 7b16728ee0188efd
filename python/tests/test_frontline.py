"""The Python package: every op family, the error mapping, the typed helpers,
GIL release and memory over a million calls."""

import datetime as dt
import json
import os
import threading
import time

import pytest

import frontline

OFFICE = {
    "time_zone": "Europe/Amsterdam",
    "hours": {d: [["09:00", "17:00"]] for d in ["mon", "tue", "wed", "thu", "fri"]},
    "public_holidays": [{"country": "NL"}],
}

CREATED = {"at": "2026-03-27T15:00:00Z", "type": "created", "subject": "Retour",
           "requester": "c1", "channel": "email"}
MESSAGE = {"at": "2026-03-27T15:00:00Z", "type": "message", "author": "customer",
           "body": "Hoe stuur ik iets terug?"}


def ticket(session):
    return session.call({"op": "ticket.apply", "ticket_id": "T-1",
                         "events": [CREATED, MESSAGE]})["ticket"]


def test_every_op_family_through_session_call():
    s = frontline.Session()
    t = ticket(s)
    assert t["status"] == "new"
    assert s.call({"op": "ticket.summary", "ticket": t})["awaiting_agent_reply"] is True
    assert s.call({"op": "identity.resolve",
                   "customers": [{"id": "c1", "identities": [{"type": "phone", "value": "+31 6 1234 5678"}]}],
                   "identity": {"type": "phone", "value": "0031612345678"}}) == {"customer": "c1"}
    s.call({"op": "calendar.build", "name": "office", "calendar": OFFICE})
    added = s.call({"op": "calendar.add", "calendar": "office",
                    "start": "2026-03-27T15:00:00Z", "seconds": 7200})
    assert added == {"instant": "2026-03-30T08:00:00Z"}
    holidays = s.call({"op": "holidays.list", "country": "NL", "year": 2026})["holidays"]
    assert any(h["date"] == "2026-04-27" for h in holidays)
    s.call({"op": "sla.build", "name": "std", "policies": {"policies": [
        {"name": "E-mail", "calendar": "office", "targets": {"first_reply_time": {"normal": "4h"}}}]}})
    sla = s.call({"op": "sla.evaluate", "policies": "std", "ticket": t, "now": "2026-03-27T15:30:00Z"})
    assert sla["reply_by"] == "2026-03-30T10:00:00Z"
    routed = s.call({"op": "routing.route", "now": "2026-03-02T09:00:03Z",
                     "agents": [{"id": "a1", "presence": {"status": "online"},
                                 "capacity": {"per_channel": {"chat": 2}}}],
                     "item": {"ticket": "T-9", "channel": "chat", "enqueued_at": "2026-03-02T09:00:00Z"}})
    assert routed["outcome"] == "assigned" and routed["agent"] == "a1"
    assert s.call({"op": "rules.parse", "text": "priority >= high"})["condition"]
    s.call({"op": "faq.build", "name": "shop", "entries": [
        {"id": "returns", "locales": ["en"], "question": "How do I return an item?"},
        {"id": "password", "locales": ["en"], "question": "How do I reset my password?"}]})
    found = s.call({"op": "faq.search", "faq": "shop", "query": "forgot my password"})
    assert found["matches"][0]["id"] == "password"
    detected = s.call({"op": "text.detect_language", "text": "waar blijft mijn pakket"})
    assert detected["detection"]["lang"] == "nl"
    assert s.call({"op": "text.analyze", "text": "hallo wereld", "lang": "nl"})["tokens"]
    assert "faq.search" in frontline.operations()
    triage = s.call({"op": "triage.analyze", "message": {"text": "My account was hacked!!!"}})
    assert triage["urgency"]["level"] == "high"
    with pytest.raises(frontline.TriageError) as error:
        s.call({"op": "triage.build", "name": "t", "config": {"thresholds": {"anger": 2.0}}})
    assert error.value.code == "triage.invalid_thresholds"
    triager = frontline.Triager({"priority": {"segments": {"vip": 1.0}}}, session=s)
    found = triager.analyze("Waar blijft mijn pakket? Voor de derde keer!!!",
                            customer={"id": "c1", "segment": "vip"},
                            recent_tickets=[{"id": "T-1", "created_at": "2026-03-01T09:00:00Z",
                                             "subject": "waar blijft mijn pakket"}],
                            now=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc))
    assert found["anger"]["angry"] is True
    assert found["repeat_contact"]["ticket_id"] == "T-1"


def test_a_flow_runs_step_by_step():
    s = frontline.Session()
    flow = frontline.Flow({
        "id": "login", "default_locale": "nl",
        "nodes": [
            {"id": "mail", "kind": "ask", "text": {"nl": "Komt de resetmail aan?"},
             "input": {"type": "yes_no", "yes": "ok", "no": "human"}},
            {"id": "ok", "kind": "end", "outcome": "resolved"},
            {"id": "human", "kind": "end", "outcome": "escalate", "reason": "no e-mail"},
        ]}, session=s)
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    step = flow.start(now)
    assert step["prompts"][0]["text"] == "Komt de resetmail aan?"
    step = flow.step(step["state"], {"type": "answer", "text": "nee"}, now)
    assert step["outcome"]["outcome"] == "escalate"
    with pytest.raises(frontline.FlowError) as error:
        flow.step(step["state"], {"type": "answer", "text": "ja"}, now)
    assert error.value.code == "flow.ended"


def test_templates_render_and_acknowledge():
    s = frontline.Session()
    templates = frontline.Templates({"default_locale": "nl", "templates": {
        "hi": {"nl": "Hoi {{ ticket.requester.first_name | default: \"daar\" }}"}}}, session=s)
    now = dt.datetime(2026, 11, 27, 18, 0, tzinfo=dt.timezone.utc)
    assert templates.render("hi", now, {"customer": {"id": "c1", "name": "Anna de Vries"}}) == "Hoi Anna"
    ack = templates.acknowledge(now, {"locale": "nl", "time_zone": "Europe/Amsterdam",
                                      "reply_by": "2026-11-30T09:00:00Z"})
    assert "uiterlijk maandag 30 november om 10:00" in ack["text"]
    assert frontline.render("{{ reply_before }}", now, {"locale": "en", "time_zone": "Europe/Amsterdam",
                                                       "reply_by": "2026-11-30T09:00:00Z"}) \
        == "Monday 30 November before 10:00"
    with pytest.raises(frontline.ReplyError) as error:
        frontline.Templates({"default_locale": "nl", "templates": {"x": {"nl": "{{ nope }}"}}}, session=s)
    assert error.value.code == "reply.unknown_placeholder"


def test_kpis_merge_and_goals():
    config = {"from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z", "group_by": ["channel"]}

    def ticket(i, reply):
        return {"id": f"T-{i}", "events": [
            {"at": "2026-11-02T09:00:00Z", "type": "created", "subject": "?", "requester": "c1", "channel": "chat"},
            {"at": "2026-11-02T09:00:00Z", "type": "message", "author": "customer", "body": "?"},
            {"at": reply, "type": "message", "author": "agent", "body": "!"}]}

    a = frontline.compute_kpis(config, [ticket(1, "2026-11-02T09:01:00Z")], return_state=True)
    b = frontline.compute_kpis(config, [ticket(2, "2026-11-02T09:09:00Z")], return_state=True)
    merged = frontline.merge_kpis([a["state"], b["state"]])
    assert merged["table"]["total"]["first_reply_time"]["calendar"]["median"] == 300.0
    [goal] = frontline.check_goals(merged["state"], [
        {"metric": "first_reply_time", "channel": "chat", "max_seconds": 120}])
    assert goal["status"] == "not_met" and goal["tickets"][0]["ticket"] == "T-2"
    with pytest.raises(frontline.MetricsError) as e:
        frontline.check_goals(merged["state"], [{"metric": "csat", "min": 2}])
    assert e.value.code == "metrics.bad_goal"


def test_roster_coverage_and_trends():
    coverage = frontline.check_roster(
        {"zone": "Europe/Amsterdam", "queues": [{"queue": "chat", "aht_seconds": 180,
         "target_service_level": 0.8, "target_seconds": 20, "arrivals": [100.0] * 336}]},
        {"shrinkage": 0.3, "teams": [{"name": "ams", "zone": "Europe/Amsterdam", "queues": ["chat"],
         "shifts": [{"days": ["mon"], "start": "09:00", "end": "17:00", "agents": 20}]}]},
        "2026-11-30")
    monday_ten = [i for i in coverage["queues"][0]["intervals"] if i["label"] == "mon 10:00"][0]
    assert monday_ten["required"] == 20 and monday_ten["scheduled"] == 20.0
    with pytest.raises(frontline.StaffingError):
        frontline.check_roster({"zone": "UTC", "queues": []}, {"teams": []}, "2026-12-01")
    with pytest.raises(frontline.TrendsError) as e:
        frontline.suggest_trends([{"ticket": "T-1", "category": "", "created_at": "2026-03-02T10:00:00Z"}])
    assert e.value.code == "trends.bad_category"


def test_errors_raise_their_area_subclass_with_code_message_and_index():
    s = frontline.Session()
    with pytest.raises(frontline.RequestError) as e:
        s.call({"op": "nope"})
    assert e.value.code == "request.unknown_op"
    with pytest.raises(frontline.CalendarError) as e:
        s.call({"op": "calendar.build", "name": "x", "calendar": {
            "time_zone": "UTC", "hours": {"mon": [["09:00", "12:00"], ["11:00", "13:00"]]}}})
    assert e.value.code == "calendar.overlap" and "overlap" in e.value.message
    with pytest.raises(frontline.TicketError) as e:
        s.call({"op": "ticket.apply", "ticket_id": "T-2", "events": [
            {"at": "2026-03-02T09:00:00Z", "type": "status_changed", "to": "open"}]})
    assert e.value.index == 0
    with pytest.raises(frontline.TimeError):
        s.call({"op": "calendar.build", "name": "x", "calendar": {"time_zone": "Mars/Base",
                                                                  "hours": {"mon": [["09:00", "17:00"]]}}})
    assert issubclass(frontline.SlaError, frontline.Error)
    # The raw path never raises.
    assert '"ok":false' in s.call_json("not json")


def test_typed_helpers_build_once_and_share_a_session():
    s = frontline.Session()
    office = frontline.Calendar(OFFICE, session=s, name="office")
    assert office.summary["time_zone"] == "Europe/Amsterdam"
    friday = dt.datetime(2026, 3, 27, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert office.add(friday, 7200) == "2026-03-30T08:00:00Z"
    assert office.between("2026-03-27T15:00:00Z", "2026-03-30T08:00:00Z") == 7200
    assert office.is_open("2026-03-27T15:00:00Z") is True
    assert office.next_open("2026-03-28T12:00:00Z") == "2026-03-30T07:00:00Z"
    with pytest.raises(ValueError):
        office.add(dt.datetime(2026, 3, 27, 16, 0), 60)  # naive: ambiguous
    policies = frontline.PolicySet({"policies": [{"name": "E-mail", "calendar": "office",
                                                  "targets": {"first_reply_time": {"normal": "2bd"}}}]},
                                   session=s)
    report = policies.evaluate(ticket(s), "2026-03-27T15:30:00Z")
    assert report["reply_by"] == "2026-03-31T14:00:00Z"
    rules = frontline.RuleSet({"rules": [{"id": "after-hours", "kind": {"trigger": ["created"]},
                                          "when": "not within_business_hours(office)",
                                          "actions": [{"type": "add_tags", "tags": ["after_hours"]}]}]},
                              session=s)
    assert rules.count == 1
    assert rules.evaluate("2026-03-27T15:00:00Z", ticket=ticket(s))["trace"] is not None
    faq = frontline.FaqIndex([{"id": "returns", "locales": ["en"], "question": "How do I return an item?"},
                              {"id": "refund", "locales": ["en"], "question": "When do I get my money back?"}])
    assert faq.search("how can I return this item")["matches"][0]["id"] == "returns"
    assert faq.related("returns")[0]["id"] == "refund"
    # Host vectors: the query's vector finds what no word matches.
    embedded = frontline.FaqIndex([
        {"id": "card", "locales": ["en"], "question": "Where is my new card?", "vectors": [[1.0, 0.0]]},
        {"id": "rate", "locales": ["en"], "question": "Which exchange rate?", "vectors": [[0.0, 1.0]]}])
    found = embedded.search("still not delivered", vector=(0.9, 0.1))
    assert found["matches"][0]["id"] == "card"
    with pytest.raises(frontline.FaqError) as error:
        embedded.search("still not delivered", vector=[1.0, 0.0, 0.0])
    assert error.value.code == "faq.invalid_vector"
    with pytest.raises(frontline.FaqError) as error:
        embedded.search("still not delivered", vector=[float("nan"), 1.0])
    assert error.value.code == "faq.invalid_vector"


def big_faq():
    topics = ["order", "parcel", "refund", "invoice", "password", "account", "delivery", "return",
              "voucher", "payment", "address", "size", "colour", "warranty", "repair", "store"]
    entries = []
    for i in range(400):
        a, b, c = topics[i % 16], topics[(i * 7 + 3) % 16], topics[(i * 5 + 1) % 16]
        entries.append({"id": f"e{i}", "locales": ["en"], "question": f"question {i} about my {a} and {b}",
                        "phrasings": [f"help with {a} {b} {c} number {i} {j}" for j in range(10)]})
    return entries


def test_the_gil_is_released_while_frontline_works():
    # A pure-Python counter runs beside one long native call. Its progress
    # is read just before and just after the call, so only the native part
    # counts: with the GIL held there it could not advance at all. Its rate
    # alone (the main thread asleep, which releases the GIL) sets the bar.
    request = json.dumps({"schema_version": 1, "op": "faq.build", "name": "big",
                          "entries": big_faq()})
    native = frontline._native.NativeSession()
    count = [0]
    done = threading.Event()

    def counter():
        while not done.is_set():
            count[0] += 1

    thread = threading.Thread(target=counter)
    thread.start()
    try:
        start, t0 = count[0], time.perf_counter()
        time.sleep(0.2)
        free_rate = (count[0] - start) / (time.perf_counter() - t0)
        before, t0 = count[0], time.perf_counter()
        answer = native.call(request)
        during, elapsed = count[0] - before, time.perf_counter() - t0
    finally:
        done.set()
        thread.join()
    assert '"ok":true' in answer
    share = during / (free_rate * elapsed)
    print(f"counter during a {elapsed * 1e3:.0f} ms native call: {share:.0%} of its free rate")
    assert elapsed > 0.005, "the native call is too short to tell"
    assert share > 0.25, f"the counter ran at {share:.0%} of its free rate during the call"


def test_two_threads_search_one_index_at_once():
    index = frontline.FaqIndex(big_faq())
    queries = [f"help with my refund and parcel number {i}" for i in range(3000)]
    errors = []

    def work(results):
        try:
            for q in queries:
                results.append(index.search(q)["matches"][0]["id"])
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    one = []
    start = time.perf_counter()
    work(one)
    single = time.perf_counter() - start
    a, b = [], []
    threads = [threading.Thread(target=work, args=(r,)) for r in (a, b)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    double = time.perf_counter() - start
    assert not errors, errors
    # Both threads got the same answers as one thread alone.
    assert a == one and b == one
    print(f"3,000 searches: {single:.3f} s on one thread; 2 x 3,000 on two threads: {double:.3f} s "
          f"(speed-up {2 * single / double:.2f} on {os.cpu_count()} cores)")


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads RSS from /proc")
def test_a_million_calls_do_not_grow_memory():
    office = frontline.Calendar(OFFICE)
    for _ in range(20_000):  # warm up: allocator pools, caches
        office.add("2026-03-27T15:00:00Z", 7200)
    before = rss_kib()
    for i in range(1_000_000):
        office.add("2026-03-27T15:00:00Z", i % 100_000)
    grown = rss_kib() - before
    print(f"RSS grew {grown} KiB over 1,000,000 calls")
    assert grown < 8 * 1024, f"RSS grew {grown} KiB"


def test_type_stubs_match_the_package():
    # frontline/__init__.pyi is generated from __init__.py (signatures,
    # classes and constants; no bodies). Regenerate with FRONTLINE_BLESS=1.
    import ast
    import pathlib

    package = pathlib.Path(frontline.__file__).parent
    source = pathlib.Path(__file__).parents[1] / "python" / "frontline"
    tree = ast.parse((source / "__init__.py").read_text())

    class Strip(ast.NodeTransformer):
        def visit_FunctionDef(self, node):
            if node.name.startswith("_") and node.name != "__init__":
                return None  # private helpers are not the public surface
            node.body = [ast.Expr(ast.Constant(...))]
            return node

        def visit_ClassDef(self, node):
            self.generic_visit(node)
            node.body = node.body or [ast.Expr(ast.Constant(...))]
            return node

        def visit_Assign(self, node):
            names = [getattr(t, "id", "_") for t in node.targets]
            return None if any(n.startswith("_") and n != "__all__" for n in names) else node

        def visit_AnnAssign(self, node):
            if node.value is not None:
                node.value = ast.Constant(...)
            return node

        def visit_Expr(self, node):
            is_doc = isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
            return None if is_doc else node

    stub = ast.unparse(ast.fix_missing_locations(Strip().visit(tree)))
    stub = "# Generated from __init__.py by tests/test_frontline.py: do not edit.\n" + stub + "\n"
    compile(stub, "__init__.pyi", "exec")  # valid Python
    target = source / "__init__.pyi"
    if os.environ.get("FRONTLINE_BLESS"):
        target.write_text(stub)
    assert target.read_text() == stub, "__init__.pyi is stale: run FRONTLINE_BLESS=1 pytest"
    assert (package / "__init__.pyi").exists(), "the wheel ships the stubs"
