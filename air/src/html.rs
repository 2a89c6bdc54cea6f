//! One self-contained HTML page for a capture's diagnosis: per station the ladder diagram of the
//! last attempt (station ↔ AP ↔ authentication server) as inline SVG, and the advertised-versus-
//! chosen security table. No scripts, no external resources.

use crate::diagnose::{Report, StationDiagnosis};
use crate::model::Dir;
use std::fmt::Write as _;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Events drawn per ladder; longer attempts say how many were left out.
const MAX_ROWS: usize = 120;

fn ladder(s: &StationDiagnosis) -> String {
    let rows = s.ladder.len().min(MAX_ROWS);
    let (x_sta, x_ap, x_as, top, step) = (90.0, 430.0, 770.0, 50.0, 26.0);
    let h = top + step * rows as f64 + 30.0;
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg xmlns='http://www.w3.org/2000/svg' width='860' height='{h}' viewBox='0 0 860 {h}' role='img' aria-label='ladder diagram'>\
<defs><marker id='a' markerWidth='8' markerHeight='8' refX='7' refY='4' orient='auto'><path d='M0,0 L8,4 L0,8 z' fill='#333'/></marker></defs>"
    );
    for (x, label) in [
        (x_sta, "station"),
        (x_ap, "AP / authenticator"),
        (x_as, "authentication server"),
    ] {
        let _ = write!(
            o,
            "<text x='{x}' y='24' text-anchor='middle' class='head'>{label}</text><line x1='{x}' y1='34' x2='{x}' y2='{}' stroke='#888' stroke-dasharray='4 3'/>",
            h - 10.0
        );
    }
    for (i, e) in s.ladder.iter().take(MAX_ROWS).enumerate() {
        let y = top + step * i as f64;
        let (x1, x2) = match e.dir {
            Dir::StaToAp => (x_sta, x_ap),
            Dir::ApToSta => (x_ap, x_sta),
            Dir::ApToAs => (x_ap, x_as),
            Dir::AsToAp => (x_as, x_ap),
        };
        let bad = e.what.contains("status") && !e.what.contains("status 0 ")
            || e.what.contains("alert")
            || e.what.contains("Failure")
            || e.what.contains("Reject")
            || e.what.contains("Deauth")
            || e.what.contains("Disassoc");
        let colour = if bad { "#c0392b" } else { "#333" };
        let mid = (x1 + x2) / 2.0;
        let _ = write!(
            o,
            "<line x1='{x1}' y1='{y}' x2='{x2}' y2='{y}' stroke='{colour}' stroke-width='1.5' marker-end='url(#a)'/>\
<text x='{mid}' y='{}' text-anchor='middle' class='ev' fill='{colour}'>#{} {}</text>",
            y - 4.0,
            e.frame,
            esc(&e.what.chars().take(70).collect::<String>())
        );
    }
    if s.ladder.len() > MAX_ROWS {
        let _ = write!(
            o,
            "<text x='430' y='{}' text-anchor='middle'>… {} more frame(s)</text>",
            h - 12.0,
            s.ladder.len() - MAX_ROWS
        );
    }
    o.push_str("</svg>");
    o
}

fn table(s: &StationDiagnosis) -> String {
    let mut o =
        String::from("<table><tr><th></th><th>advertised (AP)</th><th>chosen (station)</th></tr>");
    let a = s.advertised.as_ref();
    let c = s.chosen.as_ref();
    let row = |o: &mut String, k: &str, adv: String, ch: String| {
        let mismatch = !ch.is_empty() && !adv.is_empty() && !adv.split(", ").any(|x| x == ch);
        let _ = write!(
            o,
            "<tr><th>{k}</th><td>{}</td><td{}>{}</td></tr>",
            esc(&adv),
            if mismatch { " class='bad'" } else { "" },
            esc(&ch)
        );
    };
    row(
        &mut o,
        "AKM",
        a.map(|a| a.akms.join(", ")).unwrap_or_default(),
        c.and_then(|c| c.akm.clone()).unwrap_or_default(),
    );
    row(
        &mut o,
        "pairwise",
        a.map(|a| a.pairwise.join(", ")).unwrap_or_default(),
        c.and_then(|c| c.pairwise.clone()).unwrap_or_default(),
    );
    row(
        &mut o,
        "group",
        a.and_then(|a| a.group.clone()).unwrap_or_default(),
        c.and_then(|c| c.group.clone()).unwrap_or_default(),
    );
    row(
        &mut o,
        "group mgmt",
        a.and_then(|a| a.group_mgmt.clone()).unwrap_or_default(),
        c.and_then(|c| c.group_mgmt.clone()).unwrap_or_default(),
    );
    row(
        &mut o,
        "PMF",
        a.map(|a| a.pmf.to_string()).unwrap_or_default(),
        c.map(|c| c.pmf.to_string()).unwrap_or_default(),
    );
    if let Some(a) = a {
        let mut extra = vec![format!(
            "{} ch {}",
            a.band,
            a.channel.map(|c| c.to_string()).unwrap_or("?".into())
        )];
        for (on, what) in [
            (a.sae_h2e, "SAE H2E"),
            (a.sae_pk, "SAE-PK"),
            (a.rsn_override > 0, "RSN override"),
            (a.mobility_domain, "FT"),
            (a.he, "HE"),
            (a.eht, "EHT"),
            (a.multi_link, "multi-link"),
            (a.beacon_protection, "beacon protection"),
        ] {
            if on {
                extra.push(what.into());
            }
        }
        let _ = write!(
            o,
            "<tr><th>BSS</th><td colspan='2'>{} {}</td></tr>",
            esc(&a.ssid.clone().unwrap_or_default()),
            esc(&extra.join(" · "))
        );
    }
    o.push_str("</table>");
    o
}

pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>hs20check capture: {}</title><style>\
body{{font-family:sans-serif;margin:24px;color:#222}} .ok{{color:#1e7b34}} .fail{{color:#c0392b}}\
table{{border-collapse:collapse;margin:8px 0 16px}} td,th{{border:1px solid #ccc;padding:4px 10px;text-align:left}}\
td.bad{{background:#f7b3b3}} .head{{font-weight:bold;font-size:13px}} .ev{{font-size:11px;font-family:monospace}}\
section{{border-top:2px solid #ddd;padding-top:8px;margin-top:16px}}</style></head><body>\
<h1>hs20check capture</h1><p>{} — {} {} frame(s){}</p>",
        esc(&r.file),
        esc(&r.file),
        r.input.format,
        r.input.frames,
        r.input.stopped.as_deref().map(|s| format!(" — {}", esc(s))).unwrap_or_default()
    );
    if r.stations.is_empty() {
        o.push_str("<p>No station attempted to join.</p>");
    }
    for s in &r.stations {
        let cls = if s.outcome == "connected" {
            "ok"
        } else {
            "fail"
        };
        let _ = write!(
            o,
            "<section><h2 class='{cls}'>station {} — {} (layer {})</h2><p><b>{}</b>: {}</p>",
            s.mac,
            s.outcome,
            s.layer,
            esc(s.rule),
            esc(&s.cause)
        );
        if s.outcome != "connected" {
            let _ = write!(o, "<p><b>fix</b>: {}</p>", esc(&s.fix));
        }
        if s.advertised.is_some() || s.chosen.is_some() {
            o.push_str(&table(s));
        }
        o.push_str("<ul>");
        for e in &s.evidence {
            let _ = write!(
                o,
                "<li>frame {}: {}</li>",
                e.frame.unwrap_or(0),
                esc(&e.what)
            );
        }
        o.push_str("</ul>");
        o.push_str(&ladder(s));
        o.push_str("</section>");
    }
    if !r.findings.is_empty() {
        o.push_str("<section><h2>findings</h2><ul>");
        for f in &r.findings {
            let _ = write!(
                o,
                "<li>{:?} <b>{}</b>: {}</li>",
                f.severity(),
                esc(f.rule.id),
                esc(&f.detail)
            );
        }
        o.push_str("</ul></section>");
    }
    o.push_str("</body></html>\n");
    o
}
