//! The built-in cues for Dutch and English: threats, repeated contact,
//! insults, outages, blocked access, failed payments, deadlines, safety and
//! security, and support phrases with a tone. All written for frontline.
//!
//! Each list is `(label, weight, patterns)`; the pattern syntax is in
//! [`pattern`](super::pattern). The weights are on one scale for anger and
//! urgency: 1 is one clear cue.

use crate::text::Lang;

use super::config::CueClass;

/// One built-in cue list.
pub(super) struct Builtin {
    pub lang: Lang,
    pub class: CueClass,
    pub label: &'static str,
    pub weight: f64,
    pub patterns: &'static [&'static str],
}

const fn cue(
    lang: Lang,
    class: CueClass,
    label: &'static str,
    weight: f64,
    patterns: &'static [&'static str],
) -> Builtin {
    Builtin {
        lang,
        class,
        label,
        weight,
        patterns,
    }
}

use CueClass::{Anger, Tone, Urgency};
use Lang::{En, Nl};

/// The tone a built-in anger or urgency cue carries: reporting a problem,
/// threatening or insulting is negative; a deadline, an event or a legal
/// term is not in itself.
pub(super) fn implied_valence(label: &str) -> f64 {
    match label {
        "insult" => -2.5,
        "cancel" => -0.5,
        l if l.starts_with("threat.") => -2.0,
        "repeated" | "anger_word" | "outage" | "access" | "payment" | "not_arrived" | "safety"
        | "security" => -1.5,
        _ => 0.0,
    }
}

/// Urgency labels that are problems, for the deadline rule.
pub(super) fn is_problem(label: &str) -> bool {
    matches!(
        label,
        "outage" | "access" | "payment" | "not_arrived" | "safety" | "security" | "not_working"
    )
}

/// Every built-in cue list.
#[rustfmt::skip]
pub(super) const BUILTIN: &[Builtin] = &[
    // --- English: anger ---
    cue(En, Anger, "cancel", 0.5, &[
        "cancel*|terminate*|close|end ... subscription*|account*|contract*|membership*|plan",
    ]),
    cue(En, Anger, "threat.leave", 1.0, &[
        "if|unless ... not|isn't|doesn't|don't|won't|no ... cancel*|leave|leaving|switch*|close|closing",
        "otherwise|or|else ... cancel*|leave|leaving|switch*|close|closing",
        "i'm|i|im ... leaving|switching",
        "take ... my business elsewhere",
        "switch* to ... competitor*|another",
        "never ... order*|buy*|shop*|use ... again",
        "last time i ... order*|buy*|use",
    ]),
    cue(En, Anger, "threat.chargeback", 1.0, &[
        "chargeback*",
        "charge back",
        "dispute ... charge*|payment*|transaction*",
        "contact*|call* ... my bank|credit",
        "reverse ... payment*|charge*",
    ]),
    cue(En, Anger, "threat.review", 1.0, &[
        "bad|negative|terrible ... review*",
        "one|1 star ... review*",
        "post|write|leave ... review*",
        "trustpilot",
        "tell ... everyone|everybody",
        "go public",
        "on social media",
    ]),
    cue(En, Anger, "threat.legal", 1.0, &[
        "lawyer*|attorney*|solicitor*",
        "legal action|steps",
        "sue|suing",
        "small claims",
        "ombudsman",
        "trading standards",
        "consumer protection|rights",
        "acm|consumentenbond",
        "report ... you|this ... to",
    ]),
    cue(En, Anger, "repeated", 0.7, &[
        "second|third|fourth|fifth|2nd|3rd|4th|5th|umpteenth|nth time",
        "still|yet no answer|reply|response|update|word",
        "still ... waiting",
        "nobody|no ... answers|replies|responds|responded|replied|answered|helps",
        "several|multiple|many|countless|numerous times",
        "again and again",
        "how many times",
        "already called|emailed|contacted|written|asked|chased",
        "waiting ... for ... weeks|days|months|ages",
        "been waiting",
        "keep ... ignoring|getting",
        "weeks|days ... and ... still",
    ]),
    cue(En, Anger, "anger_word", 0.8, &[
        "angry|furious|livid|fuming|outraged|pissed|enraged|infuriated|infuriating",
        "fed up",
        "sick and tired",
    ]),
    cue(En, Anger, "insult", 0.8, &[
        "idiot*|moron*|clown*|thieves|crook*|liars|incompetent|pathetic|useless|amateurs",
        "scammer*|scam|ripoff",
        "rip off",
        "shit*|fuck*|crap|damn|bullshit|wtf|bloody|hell",
    ]),
    // --- English: urgency ---
    cue(En, Urgency, "outage", 1.5, &[
        "outage*",
        "site|website|app|service|system|server*|platform ... down|offline|unavailable|crashed|crashing",
        "nothing works|loads",
        "everything is down|broken",
        "is|are|it's ... down",
        "power|electricity|internet|network|connection ... out|down|cut|dropping|drops",
        "no internet|power|electricity|signal|connection",
    ]),
    cue(En, Urgency, "access", 1.0, &[
        "can't|cannot|unable|couldn't ... log|sign|login ... in",
        "can't|cannot|couldn't|unable ... access|login|log",
        "locked out",
        "can't|cannot|unable ... get ... into my|the|our account",
        "login|password ... not|doesn't|isn't|never ... work*|arriv*",
        "account ... locked|blocked|suspended|disabled",
    ]),
    cue(En, Urgency, "payment", 1.0, &[
        "can't|cannot|couldn't|unable ... pay|checkout|complete",
        "payment*|card|transaction* ... fail*|declined|rejected|refused",
        "charged|billed twice|double",
        "double charged|billed",
        "wrong|incorrect amount",
    ]),
    cue(En, Urgency, "deadline", 0.7, &[
        "today|tonight|asap|immediately|urgent*|urgency|deadline",
        "as soon as possible",
        "right now|away",
        "tomorrow",
        "before|by monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|noon|tomorrow",
        "this morning|afternoon|evening|weekend",
    ]),
    cue(En, Urgency, "event", 0.5, &[
        "birthday|wedding|event|party|funeral|flight|trip|holiday|christmas|exam|interview",
    ]),
    cue(En, Urgency, "not_arrived", 0.5, &[
        "not|never|hasn't|haven't|didn't|still ... arrived|delivered|received|come|shipped",
    ]),
    cue(En, Urgency, "safety", 2.0, &[
        "fire|smoke|smoking|flames|sparks|explod*|overheat*|burn*|melted|melting",
        "electric shock",
        "injur*|hurt|bleeding|hospital",
        "dangerous|unsafe|hazard*",
        "gas leak",
        "choking|swallowed",
    ]),
    cue(En, Urgency, "security", 2.0, &[
        "hacked|hacker*|hacking",
        "phishing",
        "fraud*",
        "unauthori*",
        "stolen",
        "identity theft",
        "suspicious ... login*|transaction*|activity|email*|payment*",
        "someone ... logged|accessed|used ... my",
        "wasn't|not me",
        "card ... lost|stolen|missing",
        "lost|stolen ... card",
        "leaked|leak|breach",
        "without ... permission|consent|authorisation|authorization",
    ]),
    cue(En, Urgency, "legal", 0.5, &[
        "gdpr",
        "data breach",
        "court",
    ]),
    // --- English: tone phrases ---
    cue(En, Tone, "not_working", -1.5, &[
        "doesn't|didn't|isn't|won't|does|is ... work|working",
        "stopped working",
        "won't|doesn't|didn't|can't ... start|turn|boot|charge|open|load",
    ]),
    cue(En, Tone, "waste", -2.5, &[
        "waste of ... time|money",
    ]),
    cue(En, Tone, "praise", 2.2, &[
        "well done",
        "great|excellent|fantastic ... service|help|support",
    ]),
    // --- Dutch: anger ---
    cue(Nl, Anger, "cancel", 0.5, &[
        "zeg* ... op",
        "opzeg*",
        "abonnement|contract|lidmaatschap ... opzeggen|beeindigen|stopzetten|stoppen",
    ]),
    cue(Nl, Anger, "threat.leave", 1.0, &[
        "als|tenzij ... niet|geen ... zeg*|opzeg*|stop*|stap*|vertrek*|beeindig*",
        "anders|zoniet ... zeg*|opzeg*|stop*|stap*|vertrek*|beeindig*",
        "ik stap|ga ... over",
        "overstap*",
        "naar ... concurrent*|concurrentie",
        "nooit ... meer|weer ... bestel*|koop|kopen|klant",
        "laatste keer dat",
        "ben ... klant ... geweest",
    ]),
    cue(Nl, Anger, "threat.chargeback", 1.0, &[
        "terugboek*|terugboeking*|storno|storneer*|stornering",
        "betaling ... terug*",
    ]),
    cue(Nl, Anger, "threat.review", 1.0, &[
        "slechte|negatieve ... review*|recensie*|beoordeling*",
        "review*|recensie* ... plaatsen|schrijven|zetten",
        "trustpilot|kieskeurig",
        "social media",
        "iedereen ... vertellen|weten",
        "naar buiten",
        "op twitter|facebook|instagram|tiktok",
    ]),
    cue(Nl, Anger, "threat.legal", 1.0, &[
        "advocaat|advocaten|jurist*|rechtszaak|rechter|rechtbank",
        "juridische stappen",
        "ombudsman|geschillencommissie|acm|consumentenbond|rechtsbijstand",
        "aangifte",
        "ingebrekestelling",
        "in gebreke",
    ]),
    cue(Nl, Anger, "repeated", 0.7, &[
        "tweede|derde|vierde|vijfde|zoveelste|2e|3e|4e|5e keer",
        "nog steeds|altijd geen antwoord|reactie|bericht|reply",
        "nog steeds|altijd niet",
        "nog steeds ... wachten|niets|niks",
        "niemand ... reageert|antwoordt|belt|helpt",
        "meerdere|vaker|talloze|zoveel|vaak keren|keer|maal",
        "al ... twee|drie|vier|meerdere|zo keer|keren|maal",
        "al ... gebeld|gemaild|geschreven|gevraagd|gemeld",
        "weer|alweer niets|niks|geen",
        "geen ... reactie",
        "wacht|wachten ... al ... weken|dagen",
    ]),
    cue(Nl, Anger, "anger_word", 0.8, &[
        "boos|woedend|kwaad|razend|pissig|witheet|ziedend",
        "ben ... het ... zat|beu",
        "spuugzat|strontziek",
    ]),
    cue(Nl, Anger, "insult", 0.8, &[
        "idioot|idioten|oplichter*|prutser*|amateur*|incompetent*|klunzen|dieven|boeven|sukkels|debiel*",
        "kut*|shit|klote*|godverdomme|verdomme|tering*|tyfus*|kanker*|fucking|wtf",
        "bende|poppenkast|aanfluiting",
    ]),
    // --- Dutch: urgency ---
    cue(Nl, Urgency, "outage", 1.5, &[
        "storing|storingen|uitval",
        "site|website|app|dienst|systeem|server*|platform ... plat|offline|onbereikbaar|eruit",
        "ligt ... plat|eruit",
        "niets|niks ... werkt|doet",
        "alles ligt|is ... plat",
        "stroom|internet|netwerk|verbinding ... uitgevallen|weg|eruit",
        "geen internet|stroom|bereik|verbinding",
    ]),
    cue(Nl, Urgency, "access", 1.0, &[
        "kan|kunnen|lukt ... niet ... inloggen|aanmelden|in",
        "niet ... inloggen|aanmelden",
        "buitengesloten",
        "account ... geblokkeerd|vergrendeld|afgesloten",
        "wachtwoord ... werkt|komt ... niet",
        "inloggen ... lukt|gaat ... niet",
        "kom|kan ... niet ... in mijn|de account|app|omgeving",
        "geen toegang",
    ]),
    cue(Nl, Urgency, "payment", 1.0, &[
        "kan|kunnen|lukt ... niet ... betalen|afrekenen",
        "betaling|betalen|ideal|pinnen ... mislukt|geweigerd|lukt|gaat ... niet",
        "betaling|betalen|ideal ... mislukt|geweigerd",
        "dubbel|twee ... afgeschreven|betaald|gefactureerd",
        "verkeerde|onjuiste bedrag",
        "creditcard|kaart|pas|pinpas|bankpas ... geweigerd|geblokkeerd",
    ]),
    cue(Nl, Urgency, "deadline", 0.7, &[
        "vandaag|vanavond|zsm|spoed*|dringend*|urgent|deadline|uiterlijk",
        "zo snel mogelijk",
        "per direct",
        "morgen",
        "voor|uiterlijk maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|vanavond|morgen",
        "dit weekend",
    ]),
    cue(Nl, Urgency, "event", 0.5, &[
        "verjaardag|bruiloft|feest|evenement|uitvaart|begrafenis|vlucht|vakantie|kerst|sinterklaas|examen|sollicitatie*",
    ]),
    cue(Nl, Urgency, "not_arrived", 0.5, &[
        "niet|nooit|nog ... aangekomen|geleverd|ontvangen|bezorgd|binnen|verzonden",
    ]),
    cue(Nl, Urgency, "safety", 2.0, &[
        "brand|rook|vlam|vlammen|vonken|ontplof*|oververhit*|verbrand*|gesmolten|smelt",
        "kortsluiting|gaslek|schok",
        "gewond|letsel|ziekenhuis|bloedt",
        "gevaarlijk*|onveilig",
        "verstikking|ingeslikt",
    ]),
    cue(Nl, Urgency, "security", 2.0, &[
        "gehackt|hacker*|hack",
        "phishing",
        "fraude*|opgelicht|oplichting",
        "onbevoegd*",
        "gestolen",
        "identiteitsfraude",
        "verdachte ... inlog*|transactie*|mail*|betaling*|activiteit",
        "iemand ... ingelogd|gebruikt|toegang",
        "niet door mij",
        "pas|pinpas|bankpas|creditcard|kaart ... kwijt|verloren|gestolen",
        "gelekt|datalek|lek",
        "zonder ... toestemming",
    ]),
    cue(Nl, Urgency, "legal", 0.5, &[
        "avg",
        "datalek",
        "privacy",
    ]),
    // --- Dutch: tone phrases ---
    cue(Nl, Tone, "not_working", -1.5, &[
        "werkt|doet|functioneert ... niet",
        "lukt ... niet",
        "start|gaat|laadt ... niet ... op|aan",
    ]),
    cue(Nl, Tone, "waste", -2.5, &[
        "zonde van",
        "weggegooid geld",
    ]),
    cue(Nl, Tone, "praise", 2.2, &[
        "goed|snel|fijn|prima|top|super ... geholpen",
        "top|goede|geweldige|uitstekende|fijne ... service|hulp|klantenservice",
    ]),
];
