//! Triage: one message of about 500 bytes (Dutch and English, angry and
//! urgent, and a calm question) with the built-in configuration, and the
//! build of the default configuration. Targets (issue 17): a median of at
//! most 20 µs per 500-byte message, a build of at most 5 ms.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark set-up")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::Timestamp;
use frontline::triage::{Message, TriageConfig, TriageContext, Triager};

const NL: &str = "Beste klantenservice, voor de derde keer schrijf ik jullie over mijn \
bestelling 40213. Die zou vorige week dinsdag geleverd worden, maar er is nog steeds niets \
aangekomen en de track & trace zegt al vijf dagen hetzelfde. Morgen is de verjaardag van \
mijn dochter en het cadeau moet er echt zijn. Ik heb twee keer gebeld en niemand belt terug. \
Dit is werkelijk belachelijk slecht geregeld. Als het probleem vandaag niet is opgelost, zeg \
ik mijn abonnement op en schrijf ik een review. Met vriendelijke groet, Anna de Vries";

const EN: &str = "Dear support team, this is the third time I am writing about order \
40213. It should have been delivered last Tuesday, but nothing has arrived and the tracking \
page has said the same thing for five days. My daughter's birthday is tomorrow and the gift \
really has to be there. I called twice and nobody called back. This is honestly ridiculous \
and very badly organised. If this is not sorted out today I will cancel my subscription and \
leave a review on Trustpilot. Kind regards, Anna Smith, customer since 2019, still waiting";

const CALM: &str = "Hello, I would like to know whether it is possible to change the \
delivery address of my order 40213 before it ships. We are moving next week and the new \
address is Keizersgracht 12 in Amsterdam. I also wondered whether you offer gift wrapping \
for the second item in the same order, and what it would cost. There is no hurry at all, \
the order is not needed before the end of the month. Thank you for your help and have a \
nice day. Best wishes, Tom Jansen, who has been a happy customer for many years already";

fn bench(c: &mut Criterion) {
    let triager = Triager::new(TriageConfig::default()).unwrap();
    let now = Timestamp::parse("2026-03-02T09:00:00Z").unwrap();
    let context = TriageContext::default();
    let mut group = c.benchmark_group("triage");
    for (name, text) in [
        ("nl_500b_angry", NL),
        ("en_500b_angry", EN),
        ("en_500b_calm", CALM),
    ] {
        assert!(
            (450..=560).contains(&text.len()),
            "{name}: {} bytes",
            text.len()
        );
        let message = Message::new(text);
        group.bench_function(format!("analyze/{name}"), |b| {
            b.iter(|| triager.analyze(black_box(&message), &context, now).unwrap())
        });
    }
    group.bench_function("build/default", |b| {
        b.iter(|| Triager::new(black_box(TriageConfig::default())).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
