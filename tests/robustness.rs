//! Bad input, faults and interruptions: every input file ends up as a document, a reject
//! or a listed ignore; a failed or interrupted build leaves no release and no staging
//! folder behind and never touches earlier releases; a second concurrent build is refused.
//! All inputs are generated here.

use kroniek::release::{self, ReleaseOptions, ReleaseSummary, LOCK_FILE};
use std::path::Path;
use std::process::{Command, Stdio};

fn build(input: &Path, out: &Path, version: &str) -> anyhow::Result<ReleaseSummary> {
    let mut options = ReleaseOptions::new(input, out, version);
    options.threads = Some(2);
    release::build(&options)
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Folders in `out` (releases and staging folders), sorted.
fn folders(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn reasons(summary: &ReleaseSummary) -> Vec<(String, &'static str)> {
    summary
        .stats
        .rejects
        .iter()
        .map(|r| (r.source.clone(), r.reason))
        .collect()
}

// Unix only: the input holds symbolic links, which Windows creates only with extra
// rights, and two names that differ in case only, which its file systems take as one.
#[cfg(unix)]
#[test]
fn every_kind_of_bad_input_gets_a_specific_reason() {
    let input = tempfile::tempdir().unwrap();
    let dir = input.path();
    write(dir, "ok.txt", " date 2025-03-18 Poetin belde met Trump.");
    write(
        dir,
        "crlf.txt",
        " date 2025-03-18\r\nEen.\r\n\r\nTwee.\rDrie.\n\r\nVier.",
    );
    write(dir, "utf16.txt", b"\xff\xfe \x00d\x00a\x00t\x00e\x00");
    write(dir, "latin1.txt", b" date 2025-03-18 Oekra\xefne");
    write(dir, "month13.txt", " date 2025-13 Tekst.");
    write(dir, "feb30.txt", " date 2025-02-30 Tekst.");
    write(dir, "yesterday.txt", " date yesterday Tekst.");
    write(dir, "second_line.txt", "Tekst.\n date 2025-02-03");
    write(dir, "empty.txt", "");
    write(dir, "no_body.txt", " date 2025-02-03 \n\n");
    write(dir, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    write(dir, "day00.txt", " date 2025-03-00 Tekst van maart.");
    write(dir, "a/dup.txt", " date 2025-03 Een.");
    write(dir, "a/dup.TXT", " date 2025-03 Twee.");
    write(dir, "notes.md", "# not an article");
    write(dir, ".DS_Store", "junk");
    std::os::unix::fs::symlink("loop.txt", dir.join("loop.txt")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("a/up")).unwrap();

    let out = tempfile::tempdir().unwrap();
    let summary = build(dir, out.path(), "1.0.0").unwrap();
    let expected = [
        ("a/dup.txt", "duplicate_doc_id"),
        ("empty.txt", "empty_file"),
        ("feb30.txt", "bad_header"),
        ("image.txt", "binary"),
        ("latin1.txt", "invalid_utf8"),
        ("loop.txt", "unreadable"),
        ("month13.txt", "bad_header"),
        ("no_body.txt", "empty_body"),
        ("second_line.txt", "bad_header"),
        ("utf16.txt", "not_utf8"),
        ("yesterday.txt", "bad_header"),
    ];
    let expected: Vec<(String, &str)> = expected.iter().map(|(p, r)| (p.to_string(), *r)).collect();
    assert_eq!(reasons(&summary), expected);
    for reject in &summary.stats.rejects {
        assert!(
            reject.message.starts_with(&reject.source),
            "message names the file: {}",
            reject.message
        );
    }
    assert_eq!(summary.stats.ignored, [".DS_Store", "a/up", "notes.md"]);
    assert_eq!(
        summary.stats.documents, 4,
        "ok, crlf, day00 and the first a/dup"
    );
    assert_eq!(summary.stats.repaired.len(), 1);
    assert_eq!(summary.stats.repaired[0].0, "day00.txt");

    // inputs = documents + rejects + ignored, and the manifest says so.
    let manifest = release::Manifest::read(&summary.dir).unwrap();
    assert_eq!(manifest.inputs.len() + manifest.ignored.len(), 18);
    assert_eq!(manifest.repaired.len(), 1);
    let documents = std::fs::read_to_string(summary.dir.join("documents.csv")).unwrap();
    assert!(
        documents.contains("\"Een.\n\nTwee.\nDrie.\n\nVier.\""),
        "CRLF and CR normalised: {documents}"
    );
    assert!(kroniek::validate::validate(&summary.dir).unwrap().is_ok());
}

// Unix only: permission bits (and, for root, a link to /proc) make the file unreadable.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_rejected() {
    use std::os::unix::fs::PermissionsExt;
    let input = tempfile::tempdir().unwrap();
    write(input.path(), "secret.txt", " date 2025-03 Tekst.");
    let path = input.path().join("secret.txt");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Root reads anything; a file whose every read fails stands in for it.
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink("/proc/self/mem", &path).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let summary = build(input.path(), out.path(), "1.0.0").unwrap();
    assert_eq!(
        reasons(&summary),
        [("secret.txt".to_string(), "unreadable")]
    );
    assert!(summary.stats.rejects[0].message.contains("cannot be read"));
}

#[test]
fn huge_lines_and_sentences_go_through() {
    let input = tempfile::tempdir().unwrap();
    // 100 MB without a line break, and a 1 MB sentence without punctuation.
    let mut big = String::from(" date 2024-06-01 ");
    while big.len() < 100 * 1024 * 1024 {
        big.push_str("Poetin zegt dat de oorlog in 2022 begon en dat het gas duur is. ");
    }
    write(input.path(), "big.txt", &big);
    let words = "woord ".repeat(1024 * 1024 / 6);
    write(
        input.path(),
        "long_sentence.txt",
        format!(" date 2024-06 {words}"),
    );
    let out = tempfile::tempdir().unwrap();
    let summary = build(input.path(), out.path(), "1.0.0").unwrap();
    assert_eq!(summary.stats.documents, 2);
    assert!(summary.stats.rejects.is_empty());
    let sentences = std::fs::read_to_string(summary.dir.join("sentences.csv")).unwrap();
    assert!(sentences
        .lines()
        .any(|l| l.starts_with("long_sentence:0000,") && l.len() > 1_000_000));
    assert!(!sentences.contains("long_sentence:0001"), "one sentence");
}

#[test]
fn strict_mode_turns_any_reject_into_a_failed_build() {
    let input = tempfile::tempdir().unwrap();
    write(input.path(), "ok.txt", " date 2025-03 Tekst.");
    write(input.path(), "bad.txt", " date 2025-13 Tekst.");
    let out = tempfile::tempdir().unwrap();
    let mut options = ReleaseOptions::new(input.path(), out.path(), "1.0.0");
    options.strict = true;
    let message = format!("{:#}", release::build(&options).unwrap_err());
    assert!(
        message.contains("--strict") && message.contains("bad.txt (bad_header)"),
        "{message}"
    );
    assert!(folders(out.path()).is_empty(), "no release written");
}

#[test]
fn an_output_path_that_cannot_be_written_fails_cleanly() {
    let input = tempfile::tempdir().unwrap();
    write(input.path(), "ok.txt", " date 2025-03 Tekst.");
    let scratch = tempfile::tempdir().unwrap();
    let file = scratch.path().join("a_file");
    std::fs::write(&file, "").unwrap();
    let message = format!("{:#}", build(input.path(), &file, "1.0.0").unwrap_err());
    assert!(message.contains("a_file"), "{message}");
    // /proc refuses new folders even to root; it exists on Linux only.
    #[cfg(target_os = "linux")]
    {
        let message = format!(
            "{:#}",
            build(input.path(), Path::new("/proc/kroniek-out"), "1.0.0").unwrap_err()
        );
        assert!(message.contains("/proc/kroniek-out"), "{message}");
    }
}

/// Builds `input` into a fresh tmpfs mounted with `options`, returning the result and the
/// folders left on it; `None` (with a notice) where mounting needs rights this run lacks.
fn build_on_tmpfs(
    input: &Path,
    options: &str,
) -> Option<(anyhow::Result<ReleaseSummary>, Vec<String>)> {
    let mount = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", options, "tmpfs"])
        .arg(mount.path())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs ({options}) here (needs root)");
        return None;
    }
    let result = build(input, mount.path(), "1.0.0");
    let leftovers = folders(mount.path());
    let _ = Command::new("umount").arg(mount.path()).status();
    Some((result, leftovers))
}

#[test]
fn a_full_disk_fails_the_build_and_leaves_nothing() {
    let input = tempfile::tempdir().unwrap();
    for i in 0..40 {
        write(
            input.path(),
            &format!("d{i}.txt"),
            format!(" date 2025-03 {}", "Poetin belde Trump. ".repeat(200)),
        );
    }
    let Some((result, leftovers)) = build_on_tmpfs(input.path(), "size=64k") else {
        return;
    };
    let message = format!("{:#}", result.unwrap_err());
    assert!(message.contains("No space left on device"), "{message}");
    assert!(leftovers.is_empty(), "nothing half written: {leftovers:?}");
}

#[test]
fn a_read_only_output_folder_fails_the_build_and_leaves_nothing() {
    let input = tempfile::tempdir().unwrap();
    write(input.path(), "ok.txt", " date 2025-03 Tekst.");
    // A read-only mount stops root too, where file permissions would not.
    let Some((result, leftovers)) = build_on_tmpfs(input.path(), "ro,size=64k") else {
        return;
    };
    let message = format!("{:#}", result.unwrap_err());
    assert!(message.contains("Read-only file system"), "{message}");
    assert!(
        message.contains("kroniek.lock"),
        "names the path: {message}"
    );
    assert!(leftovers.is_empty());
}

#[test]
fn a_second_build_on_the_same_folder_is_refused() {
    let input = tempfile::tempdir().unwrap();
    write(input.path(), "ok.txt", " date 2025-03 Tekst.");
    let out = tempfile::tempdir().unwrap();
    let holder = std::fs::File::create(out.path().join(LOCK_FILE)).unwrap();
    holder.lock().unwrap();
    let message = format!(
        "{:#}",
        build(input.path(), out.path(), "1.0.0").unwrap_err()
    );
    assert!(message.contains("another kroniek build"), "{message}");
    holder.unlock().unwrap();
    assert!(build(input.path(), out.path(), "1.0.0").is_ok());
}

/// A corpus that takes the binary a while, so a signal reliably arrives mid-build.
#[cfg(unix)]
fn slow_corpus(dir: &Path) {
    let paragraph = "Poetin zegt dat Rusland in november 500 vierkante kilometer veroverde. \
                     De Amerikaanse president Trump belde vrijdag met Zelensky over een staakt-het-vuren.";
    for i in 0..4000 {
        write(
            dir,
            &format!("d{i:05}.txt"),
            format!(
                " date 2025-03-{:02} {}",
                1 + i % 28,
                [paragraph; 40].join("\n\n")
            ),
        );
    }
}

/// Starts `kroniek release`, waits until its staging folder exists, sends `signal`,
/// and returns the exit status.
#[cfg(unix)]
fn interrupt(input: &Path, out: &Path, signal: &str) -> std::process::ExitStatus {
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_kroniek"))
        .args(["release", "--threads", "1", "--version", "2.0.0", "--input"])
        .arg(input)
        .arg("--out")
        .arg(out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !folders(out).iter().any(|f| f.contains(".partial-")) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "build never started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(100));
    Command::new("kill")
        .args(["-s", signal])
        .arg(child.id().to_string())
        .status()
        .unwrap();
    child.wait().unwrap()
}

// Unix only: the signals are sent with `kill`.
#[cfg(unix)]
#[test]
fn an_interrupted_build_leaves_earlier_releases_and_no_partial_release() {
    let input = tempfile::tempdir().unwrap();
    slow_corpus(input.path());
    let out = tempfile::tempdir().unwrap();
    let earlier_input = tempfile::tempdir().unwrap();
    write(earlier_input.path(), "ok.txt", " date 2025-03 Tekst.");
    let earlier = build(earlier_input.path(), out.path(), "1.0.0").unwrap();
    let earlier_bytes = std::fs::read(earlier.dir.join("documents.csv")).unwrap();

    for signal in ["INT", "TERM"] {
        let status = interrupt(input.path(), out.path(), signal);
        assert_eq!(
            status.code(),
            Some(2),
            "SIGTERM/SIGINT end the build with status 2"
        );
        assert_eq!(folders(out.path()), ["v1.0.0"], "after SIG{signal}");
    }

    // A kill cannot be caught: the hidden staging folder stays until the next build.
    let status = interrupt(input.path(), out.path(), "KILL");
    assert!(!status.success());
    assert!(!folders(out.path()).contains(&"v2.0.0".to_string()));
    assert_eq!(
        std::fs::read(earlier.dir.join("documents.csv")).unwrap(),
        earlier_bytes
    );
    build(earlier_input.path(), out.path(), "1.0.1").unwrap();
    assert_eq!(
        folders(out.path()),
        ["v1.0.0", "v1.0.1"],
        "the next build removes the stale staging folder"
    );
}
