//! The desk's numbers: the day's KPIs against its goals, and a 24/7 staffing
//! plan for the shop's Dutch and English chat, checked against a forecast.

use frontline::calendar::Calendars;
use frontline::metrics::{Dimension, Goal, GoalStatus, KpiAccumulator, KpiConfig, check_goals};
use frontline::staffing::{Forecast, ShiftPlan, check_roster};
use frontline::time::{Date, Timestamp};
use frontline::{BusinessCalendar, Ticket};
use serde_json::json;

/// The day's KPIs, per channel, and the desk's three goals.
pub fn print_kpis(tickets: &[Ticket], office: &BusinessCalendar, from: Timestamp, now: Timestamp) {
    let calendars = Calendars::new()
        .with("office", office.clone())
        .expect("one calendar");
    let config = KpiConfig::new(from, now)
        .group_by([Dimension::Channel])
        .calendar("office");
    let mut kpis = KpiAccumulator::new(config, &calendars).expect("a valid configuration");
    for t in tickets {
        kpis.add(t, None).expect("sample tickets fit the caps");
    }
    let table = kpis.report();
    println!("\nKPIs so far today ({} tickets):", table.tickets);
    let secs = |v: Option<f64>| v.map_or("-".to_owned(), |s| format!("{:.0} s", s));
    let share = |v: Option<f64>| v.map_or("-".to_owned(), |s| format!("{:.0} %", s * 100.0));
    for g in &table.groups {
        let k = &g.kpis;
        println!(
            "  {:<9} {:>2} created, {:>2} solved, first reply median {:>6} (business {:>6}), resolved {:>5}",
            g.key[0],
            k.tickets_created,
            k.tickets_solved,
            secs(k.first_reply_time.calendar.median),
            secs(k.first_reply_time.business.as_ref().and_then(|b| b.median)),
            share(k.resolution_rate),
        );
    }
    let goals: Vec<Goal> = serde_json::from_value(json!([
        {"metric": "first_reply_time", "channel": "chat", "stat": "median", "max_seconds": 120},
        {"metric": "csat", "min": 0.85},
        {"metric": "resolution_rate", "min": 0.9}
    ]))
    .expect("goals");
    for r in check_goals(&kpis, &goals).expect("goals fit the grouping") {
        let metric = serde_json::to_value(r.goal.metric).expect("a name");
        let metric = metric.as_str().unwrap_or("?");
        let what = match r.goal.channel.as_deref() {
            Some(c) => format!("{metric} on {c}"),
            None => metric.to_owned(),
        };
        let verdict = match r.status {
            GoalStatus::Met => "met".to_owned(),
            GoalStatus::NotMet => {
                let worst: Vec<&str> = r
                    .tickets
                    .iter()
                    .take(3)
                    .map(|s| s.ticket.as_str())
                    .collect();
                format!(
                    "NOT met by {:.2}; most behind it: {}",
                    r.gap.unwrap_or(0.0),
                    worst.join(", ")
                )
            }
            _ => "no data yet".to_owned(),
        };
        println!(
            "  goal {what}: {} -> {verdict}",
            r.value.map_or("-".to_owned(), |v| format!("{v:.2}"))
        );
    }
}

/// Contacts per half hour on a weekday: a morning and an evening peak.
fn weekday_curve(peak: f64, night: f64) -> Vec<f64> {
    (0..48)
        .map(|h| {
            let hour = f64::from(h) / 2.0;
            let bump = |at: f64, width: f64| (-((hour - at) / width).powi(2)).exp();
            night + (peak - night) * bump(11.5, 4.0).max(0.8 * bump(20.0, 2.5))
        })
        .collect()
}

fn week(peak: f64, night: f64) -> Vec<f64> {
    let day = weekday_curve(peak, night);
    let weekend: Vec<f64> = day.iter().map(|a| a * 0.6).collect();
    let mut all = Vec::with_capacity(336);
    for d in 0..7 {
        all.extend(if d < 5 { &day } else { &weekend });
    }
    all
}

/// A 24/7 plan: Amsterdam by day (both languages), Paramaribo in the Dutch
/// evening and night, Manila in the English night.
pub fn print_plan(week_of: Date) {
    let forecast: Forecast = serde_json::from_value(json!({
    "zone": "Europe/Amsterdam", "interval_minutes": 30,
    "queues": [
        {"queue": "chat-nl", "aht_seconds": 420, "target_service_level": 0.8, "target_seconds": 60,
         "concurrency": 2, "arrivals": week(40.0, 2.0)},
        {"queue": "chat-en", "aht_seconds": 480, "target_service_level": 0.8, "target_seconds": 60,
         "concurrency": 2, "arrivals": week(16.0, 2.0)}
    ]}))
    .expect("forecast");
    let weekdays = ["mon", "tue", "wed", "thu", "fri"];
    let every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let roster: ShiftPlan = serde_json::from_value(json!({"shrinkage": 0.3, "teams": [
        {"name": "amsterdam", "zone": "Europe/Amsterdam", "queues": ["chat-nl", "chat-en"], "shifts": [
            {"days": weekdays, "start": "07:00", "end": "15:30", "agents": 9},
            {"days": weekdays, "start": "08:00", "end": "16:30", "agents": 4},
            {"days": weekdays, "start": "14:30", "end": "23:00", "agents": 8},
            {"days": weekdays, "start": "17:00", "end": "23:30", "agents": 5},
            {"days": ["sat", "sun"], "start": "08:00", "end": "16:30", "agents": 8},
            {"days": ["sat", "sun"], "start": "14:00", "end": "22:30", "agents": 6}]},
        {"name": "paramaribo", "zone": "America/Paramaribo", "queues": ["chat-nl"], "shifts": [
            {"days": every_day, "start": "17:00", "end": "01:30", "agents": 2},
            {"days": every_day, "start": "01:00", "end": "09:30", "agents": 3}]},
        {"name": "manila", "zone": "Asia/Manila", "queues": ["chat-en"], "shifts": [
            {"days": every_day, "start": "05:00", "end": "13:30", "agents": 2},
            {"days": every_day, "start": "11:00", "end": "19:30", "agents": 2}]}
    ]}))
    .expect("roster");
    let coverage =
        check_roster(&forecast, &roster, &Calendars::new(), week_of).expect("a valid plan");
    println!(
        "\n24/7 chat plan for the week of {week_of} (Amsterdam, Paramaribo, Manila; 30 % shrinkage):"
    );
    for q in &coverage.queues {
        let short: Vec<&str> = q
            .intervals
            .iter()
            .filter(|c| c.below_target)
            .take(4)
            .map(|c| c.label.as_str())
            .collect();
        println!(
            "  {}: {:.1} agent-hours short, {:.1} over; {} of {} half hours below 80 % in 60 s (first: {})",
            q.queue,
            q.hours_short,
            q.hours_over,
            q.intervals_below_target,
            q.intervals.len(),
            short.join(", ")
        );
    }
    println!("  Monday, every three hours (needed / scheduled):");
    for i in (0..48).step_by(6) {
        let cells: Vec<String> = coverage
            .queues
            .iter()
            .map(|q| {
                let c = &q.intervals[i];
                let flag = if c.below_target { " short" } else { "" };
                format!("{} {:>2} / {:>4.1}{flag}", q.queue, c.required, c.scheduled)
            })
            .collect();
        println!(
            "    {}  {}",
            &coverage.queues[0].intervals[i].label[4..],
            cells.join("   ")
        );
    }
}
