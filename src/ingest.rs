//! Stage 1: find the input files, read them, and parse their date header.
//!
//! Every file under the input folder is accounted for: a `*.txt` file becomes a
//! [`SourceFile`] or a [`Reject`]; any other file (and anything hidden, whose name starts
//! with `.`) is ignored by rule and listed in the release manifest.

use crate::model::{PubDate, Reject, SourceFile};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The extension of article files; anything else in the input folder is ignored.
pub const ARTICLE_EXTENSION: &str = "txt";

/// An input file found in the input folder, not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Absolute or caller-relative path to read.
    pub path: PathBuf,
    /// Path relative to the input folder, `/`-separated.
    pub source: String,
    /// The document id it would get.
    pub doc_id: String,
}

/// The article files of an inventory, sorted by doc_id, stored compactly: every source
/// path in one string, so a corpus of millions of files costs tens of bytes a file
/// rather than three heap strings each. [`InputFile`]s are made on demand.
#[derive(Debug, Clone, Default)]
pub struct InputFiles {
    /// The input folder the sources are relative to.
    root: PathBuf,
    /// Every source path, one after the other.
    sources: String,
    /// Where each source ends in `sources`.
    ends: Vec<usize>,
    /// The path of each file whose name is not valid UTF-8 (so its `/`-joined, lossy
    /// source does not name it), by index, sorted.
    raw_paths: Vec<(usize, PathBuf)>,
}

impl InputFiles {
    /// Number of files.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The source path (relative to the input folder) of file `index`.
    pub fn source(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        &self.sources[start..self.ends[index]]
    }

    /// The doc_id of file `index`: its source without the extension.
    pub fn doc_id(&self, index: usize) -> &str {
        doc_id_of(self.source(index))
    }

    /// File `index`, ready to read; `None` past the end.
    pub fn get(&self, index: usize) -> Option<InputFile> {
        (index < self.len()).then(|| self.file(index))
    }

    /// Every file in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = InputFile> + '_ {
        (0..self.len()).map(|i| self.file(i))
    }

    /// File `index`, which must exist.
    fn file(&self, index: usize) -> InputFile {
        let source = self.source(index);
        let path = match self.raw_paths.binary_search_by_key(&index, |(i, _)| *i) {
            Ok(i) => self.raw_paths[i].1.clone(),
            Err(_) => self.root.join(source),
        };
        InputFile {
            path,
            source: source.to_string(),
            doc_id: doc_id_of(source).to_string(),
        }
    }

    fn push(&mut self, source: &str, raw_path: Option<PathBuf>) {
        self.sources.push_str(source);
        self.ends.push(self.sources.len());
        if let Some(path) = raw_path {
            self.raw_paths.push((self.ends.len() - 1, path));
        }
    }
}

/// The doc_id of an article's source path: the path without its extension.
fn doc_id_of(source: &str) -> &str {
    // Sources of articles end in `.txt` in some case: ASCII, so this is a char boundary.
    &source[..source.len() - ARTICLE_EXTENSION.len() - 1]
}

/// What a scan of the input folder found.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    /// Article files, sorted by doc_id (byte order), duplicates of a doc_id removed.
    pub files: InputFiles,
    /// Files that cannot be read as articles before their contents are even looked at.
    pub rejects: Vec<Reject>,
    /// Files ignored by rule (not `*.txt`, or hidden), relative paths, sorted.
    pub ignored: Vec<String>,
}

/// Errors that stop a build before any document is read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The input folder is missing or is not a folder.
    #[error("input folder {0}: not a readable folder")]
    NotAFolder(PathBuf),
    /// The folder could not be listed.
    #[error("input folder {path}: {source}")]
    Walk {
        /// The folder.
        path: PathBuf,
        /// What went wrong.
        source: walkdir::Error,
    },
}

/// Lists every file under `root` recursively, in doc_id order.
pub fn scan(root: &Path) -> Result<Inventory, IngestError> {
    if !root.is_dir() {
        return Err(IngestError::NotAFolder(root.to_path_buf()));
    }
    let mut inventory = Inventory::default();
    let mut candidates = Candidates::default();
    for entry in walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                if path == root {
                    return Err(IngestError::Walk { path, source: err });
                }
                inventory.rejects.push(Reject {
                    source: relative(root, &path),
                    reason: "unreadable",
                    message: format!("{}: cannot be listed: {err}", path.display()),
                    sha256: None,
                });
                continue;
            }
        };
        if entry.depth() == 0 || entry.file_type().is_dir() {
            continue;
        }
        let source = relative(root, entry.path());
        let hidden = source.split('/').any(|part| part.starts_with('.'));
        let is_article = entry
            .path()
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case(ARTICLE_EXTENSION));
        if hidden || !is_article || entry.path().is_dir() {
            // Hidden files, other extensions and symbolic links to folders (which are
            // never followed, so a link loop cannot trap the scan) are ignored and listed.
            inventory.ignored.push(source);
            continue;
        }
        if entry.file_type().is_symlink() && !entry.path().is_file() {
            inventory.rejects.push(Reject {
                message: format!(
                    "{source}: symbolic link that leads to no file (dangling, or a loop)"
                ),
                source,
                reason: "unreadable",
                sha256: None,
            });
            continue;
        }
        let raw_path = (root.join(&source) != entry.path()).then(|| entry.path().to_path_buf());
        candidates.push(&source, raw_path);
    }
    candidates.into_inventory(root, &mut inventory);
    inventory.ignored.sort();
    inventory.rejects.sort_by(|a, b| a.source.cmp(&b.source));
    Ok(inventory)
}

/// Article files found by a scan, in walk order, before they are sorted by doc_id.
#[derive(Default)]
struct Candidates {
    files: InputFiles,
    raw_paths: Vec<Option<PathBuf>>,
}

impl Candidates {
    fn push(&mut self, source: &str, raw_path: Option<PathBuf>) {
        self.files.push(source, None);
        if raw_path.is_some() {
            // Rare (names that are not UTF-8): indexed by position only when present.
            self.raw_paths.resize(self.files.len() - 1, None);
            self.raw_paths.push(raw_path);
        }
    }

    /// Sorts by doc_id (then source) into `inventory.files`; a file whose doc_id is
    /// taken by the one before it is rejected as a duplicate.
    fn into_inventory(self, root: &Path, inventory: &mut Inventory) {
        let found = &self.files;
        let mut order: Vec<usize> = (0..found.len()).collect();
        order.sort_unstable_by(|&a, &b| {
            (found.doc_id(a), found.source(a)).cmp(&(found.doc_id(b), found.source(b)))
        });
        let mut files = InputFiles {
            root: root.to_path_buf(),
            sources: String::with_capacity(found.sources.len()),
            ends: Vec::with_capacity(found.len()),
            raw_paths: Vec::new(),
        };
        for i in order {
            let (source, doc_id) = (found.source(i), found.doc_id(i));
            let previous = files.len().checked_sub(1);
            if let Some(first) = previous.filter(|&p| files.doc_id(p) == doc_id) {
                inventory.rejects.push(Reject {
                    source: source.to_string(),
                    reason: "duplicate_doc_id",
                    message: format!(
                        "{source}: doc_id {doc_id:?} is already taken by {}",
                        files.source(first)
                    ),
                    sha256: None,
                });
            } else {
                let raw_path = self.raw_paths.get(i).cloned().flatten();
                files.push(source, raw_path);
            }
        }
        inventory.files = files;
    }
}

/// `path` relative to `root`, with `/` separators.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Lower-case hex sha256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of a digest.
pub fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(digest.len() * 2);
    for byte in digest {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
    out
}

/// Size and lower-case hex sha256 of a file, read in chunks: output files can be far
/// larger than memory should grow.
pub fn sha256_file(path: &Path) -> std::io::Result<(u64, String)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        size += n as u64;
    }
    Ok((size, hex(&hasher.finalize())))
}

/// Reads one input file and parses its header.
pub fn read(file: &InputFile) -> Result<SourceFile, Reject> {
    let bytes = std::fs::read(&file.path).map_err(|err| Reject {
        source: file.source.clone(),
        reason: "unreadable",
        message: format!("{}: cannot be read: {err}", file.source),
        sha256: None,
    })?;
    parse(&file.source, &file.doc_id, &bytes)
}

/// Parses the raw bytes of an article file: ` date YYYY-MM[-DD]`, then the body.
pub fn parse(source: &str, doc_id: &str, bytes: &[u8]) -> Result<SourceFile, Reject> {
    let sha256 = sha256_hex(bytes);
    let reject = |reason: &'static str, problem: String| Reject {
        source: source.to_string(),
        reason,
        message: format!("{source}: {problem}"),
        sha256: Some(sha256.clone()),
    };
    if bytes.is_empty() {
        return Err(reject("empty_file", "the file is empty".into()));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(reject(
            "not_utf8",
            "the file is UTF-16 (byte order mark); convert it to UTF-8".into(),
        ));
    }
    if bytes.contains(&0) {
        return Err(reject(
            "binary",
            "the file contains NUL bytes: not a text file".into(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|err| {
        reject(
            "invalid_utf8",
            format!("invalid UTF-8 at byte {}", err.valid_up_to()),
        )
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (header, body) = parse_header(text).map_err(|problem| reject("bad_header", problem))?;
    if !crate::normalise::has_text(body) {
        return Err(reject(
            "empty_body",
            "the header is followed by no text (only whitespace or invisible characters)".into(),
        ));
    }
    Ok(SourceFile {
        doc_id: doc_id.to_string(),
        source: source.to_string(),
        sha256,
        published: header.published,
        body: body.to_string(),
        repair: header.repair,
    })
}

/// A parsed header date, and the repair it needed, if any.
struct Header {
    published: PubDate,
    repair: Option<String>,
}

/// Splits ` date YYYY-MM[-DD] body…` into the publication date and the body.
fn parse_header(text: &str) -> Result<(Header, &str), String> {
    let first_line = text.lines().next().unwrap_or("");
    let rest = text.trim_start_matches([' ', '\t']);
    let Some(after_keyword) = rest.strip_prefix("date") else {
        return Err(format!(
            "missing header: the first line must start with ` date YYYY-MM[-DD]`, found {:?}",
            first_line.chars().take(40).collect::<String>()
        ));
    };
    let after_keyword = after_keyword.trim_start_matches([' ', '\t']);
    let token_len = after_keyword
        .find(|c: char| c.is_whitespace())
        .unwrap_or(after_keyword.len());
    let token = &after_keyword[..token_len];
    let header = parse_date_token(token)?;
    Ok((header, &after_keyword[token_len..]))
}

/// Parses `YYYY-MM` or `YYYY-MM-DD`. Day `00` (a common placeholder for an unknown day)
/// is repaired to month precision rather than rejected.
fn parse_date_token(token: &str) -> Result<Header, String> {
    let bad = || format!("malformed header date {token:?}: expected YYYY-MM or YYYY-MM-DD");
    let parts: Vec<&str> = token.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (year, month) = match parts.as_slice() {
        [y, m] | [y, m, _] => (number(y, 4).ok_or_else(bad)?, number(m, 2).ok_or_else(bad)?),
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&month) {
        return Err(format!(
            "header date {token:?}: month {month} does not exist"
        ));
    }
    let month_only = |repair: Option<String>| {
        PubDate::month(year as i32, month)
            .map(|published| Header { published, repair })
            .ok_or_else(bad)
    };
    match parts.as_slice() {
        [_, _, "00"] => month_only(Some(format!(
            "header date {token:?}: day 00 read as an unknown day (month precision)"
        ))),
        [_, _, d] => {
            let day = number(d, 2).ok_or_else(bad)?;
            NaiveDate::from_ymd_opt(year as i32, month, day)
                .map(|date| Header {
                    published: PubDate::day(date),
                    repair: None,
                })
                .ok_or_else(|| {
                    format!("header date {token:?}: day {day} does not exist in that month")
                })
        }
        _ => month_only(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DatePrecision;

    fn parse_ok(text: &str) -> SourceFile {
        parse("a.txt", "a", text.as_bytes()).expect("parses")
    }

    fn reason(text: &[u8]) -> &'static str {
        parse("a.txt", "a", text).expect_err("rejects").reason
    }

    #[test]
    fn header_with_day_and_body_on_the_same_line() {
        let doc = parse_ok(" date 2025-12-07 Terwijl westerse leiders…\n\nMeer.");
        assert_eq!(doc.published.raw, "2025-12-07");
        assert_eq!(doc.published.precision, DatePrecision::Day);
        assert_eq!(doc.body, " Terwijl westerse leiders…\n\nMeer.");
    }

    #[test]
    fn header_with_month_only() {
        let doc = parse_ok(" date 2024-02\nTekst.");
        assert_eq!(doc.published.precision, DatePrecision::Month);
        assert_eq!(doc.published.start.to_string(), "2024-02-01");
        assert_eq!(doc.published.end.to_string(), "2024-02-29");
    }

    #[test]
    fn day_zero_is_repaired_to_month_precision() {
        let doc = parse_ok(" date 2025-03-00 Tekst.");
        assert_eq!(doc.published.precision, DatePrecision::Month);
        assert_eq!(doc.published.raw, "2025-03");
        assert!(doc.repair.unwrap().contains("day 00"));
        assert!(parse_ok(" date 2025-03-04 Tekst.").repair.is_none());
    }

    #[test]
    fn bad_headers_are_rejected_with_the_problem() {
        assert_eq!(reason(b" date 2025-13 Tekst"), "bad_header");
        assert_eq!(reason(b" date 2025-02-30 Tekst"), "bad_header");
        assert_eq!(reason(b" date yesterday Tekst"), "bad_header");
        assert_eq!(reason(b"Tekst\n date 2025-02-03"), "bad_header");
        let err = parse("x/a.txt", "x/a", b" date 2025-13 T").unwrap_err();
        assert!(err.message.starts_with("x/a.txt: "), "{}", err.message);
        assert!(err.message.contains("month 13"), "{}", err.message);
    }

    #[test]
    fn unusable_files_are_rejected() {
        assert_eq!(reason(b""), "empty_file");
        assert_eq!(reason(b" date 2025-02-03  \n "), "empty_body");
        // Control and zero-width characters are dropped by normalisation: no text is left.
        assert_eq!(
            reason(" date 2025-02-03 \u{1}\u{200B}\n".as_bytes()),
            "empty_body"
        );
        assert_eq!(reason(b" date 2025-02-03 \xff\xfe"), "invalid_utf8");
        assert_eq!(reason(b"\xff\xfe d\0a\0"), "not_utf8");
        assert_eq!(reason(b" date 2025-02-03 a\0b"), "binary");
    }

    /// `caf?.txt` with a `?` that is no Unicode: a Latin-1 byte where names are bytes
    /// (Unix), a lone surrogate where they are UTF-16 (Windows).
    #[cfg(unix)]
    fn name_that_is_not_unicode() -> std::ffi::OsString {
        use std::os::unix::ffi::OsStrExt;
        std::ffi::OsStr::from_bytes(b"caf\xe9.txt").to_os_string()
    }

    #[cfg(windows)]
    fn name_that_is_not_unicode() -> std::ffi::OsString {
        use std::os::windows::ffi::OsStringExt;
        let wide: Vec<u16> = "caf"
            .encode_utf16()
            .chain([0xD800])
            .chain(".txt".encode_utf16())
            .collect();
        std::ffi::OsString::from_wide(&wide)
    }

    #[cfg(any(unix, windows))]
    #[test]
    fn a_file_name_that_is_not_utf8_is_still_read_from_its_own_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let name = name_that_is_not_unicode();
        std::fs::write(dir.path().join("sub").join(name), " date 2025-01 Tekst.").unwrap();
        std::fs::write(dir.path().join("a.txt"), " date 2025-01 Ander.").unwrap();
        let inv = scan(dir.path()).unwrap();
        assert_eq!(inv.files.len(), 2);
        let file = inv.files.get(1).unwrap();
        assert_eq!(file.source, "sub/caf\u{FFFD}.txt");
        assert_eq!(file.doc_id, "sub/caf\u{FFFD}");
        assert_eq!(read(&file).unwrap().body, " Tekst.");
        assert_eq!(read(&inv.files.get(0).unwrap()).unwrap().body, " Ander.");
        assert!(inv.files.get(2).is_none());
    }

    #[test]
    fn scan_sorts_by_doc_id_and_accounts_for_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a")).unwrap();
        for name in [
            "b.txt",
            "a-b.txt",
            "a/c.txt",
            "a.txt",
            "notes.md",
            ".hidden.txt",
        ] {
            std::fs::write(root.join(name), " date 2025-01 x").unwrap();
        }
        // Names that differ only in case, where the file system tells them apart (not
        // the default on Windows and macOS): `A.TXT` is its own document, and `a.TXT`
        // a reject, since its doc_id `a` is taken.
        let case_sensitive = !root.join("A.TXT").exists();
        if case_sensitive {
            std::fs::write(root.join("A.TXT"), " date 2025-01 x").unwrap();
            std::fs::write(root.join("a.TXT"), " date 2025-01 x").unwrap();
        }
        let inv = scan(root).unwrap();
        let ids: Vec<_> = inv.files.iter().map(|f| f.doc_id).collect();
        let expected: &[&str] = if case_sensitive {
            &["A", "a", "a-b", "a/c", "b"]
        } else {
            &["a", "a-b", "a/c", "b"]
        };
        assert_eq!(ids, expected);
        assert_eq!(inv.ignored, [".hidden.txt", "notes.md"]);
        let reasons: Vec<_> = inv.rejects.iter().map(|r| r.reason).collect();
        let expected: &[&str] = if case_sensitive {
            &["duplicate_doc_id"]
        } else {
            &[]
        };
        assert_eq!(reasons, expected);
    }
}
