//! `kroniek dates`: the tagger on the command line, with and without a publication date.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn kroniek(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kroniek"))
        .arg("dates")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kroniek runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// (line, expression, value) of each row after the header.
fn rows(output: &Output) -> Vec<(String, String, String)> {
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("line\texpression\tvalue\ttype\tprecision\tstart\tend\tmodifier\trule")
    );
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect()
}

fn row(line: &str, expression: &str, value: &str) -> (String, String, String) {
    (line.into(), expression.into(), value.into())
}

#[test]
fn stdin_lines_resolve_against_the_dct() {
    let out = kroniek(
        &["--dct", "2025-12-07"],
        "Vrijdag sprak hij.\nGeen tijd hier.\nVorige maand niet.\n",
    );
    assert_eq!(
        rows(&out),
        [
            row("1", "Vrijdag", "2025-12-05"),
            row("3", "Vorige maand", "2025-11")
        ]
    );
}

#[test]
fn without_a_dct_what_needs_it_stays_x() {
    let out = kroniek(&["Vrijdag 18 maart 2016 en vorige week."], "");
    assert_eq!(
        rows(&out),
        [
            row("1", "Vrijdag 18 maart 2016", "2016-03-18"),
            row("1", "vorige week", "XXXX-WXX")
        ]
    );
}

#[test]
fn a_month_dct_gives_no_day() {
    let out = kroniek(&["--dct", "2025-03", "gisteren"], "");
    assert_eq!(rows(&out), [row("1", "gisteren", "2025-03")]);
}

#[test]
fn a_bad_dct_is_a_clear_error() {
    let out = kroniek(&["--dct", "2025-13-01", "gisteren"], "");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2025-13-01") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
}

#[test]
fn a_clock_time_resolves_clock_relative_expressions() {
    let lines = "Ik ben over een uur terug.\nLaten we 30 minuten later gaan.\n";
    let out = kroniek(&["--dct", "2016-11-07T23:40"], lines);
    assert_eq!(
        rows(&out),
        [
            row("1", "over een uur", "2016-11-08T00:40"),
            row("2", "30 minuten later", "2016-11-08T00:10")
        ]
    );
    // Without the clock they stay what a day allows.
    let out = kroniek(&["--dct", "2016-11-07"], lines);
    assert_eq!(
        rows(&out),
        [
            row("1", "over een uur", "PT1H"),
            row("2", "30 minuten later", "2016-11-07")
        ]
    );
}

#[test]
fn a_clock_time_needs_a_day() {
    for bad in ["2016-11T10:00", "2016-11-07T25:00"] {
        let out = kroniek(&["--dct", bad, "over een uur"], "");
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(bad), "{err}");
    }
}
