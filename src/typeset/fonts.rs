//! Finding fonts and holding them: the `fonts:` section of subloc.yaml, the font database
//! (the system's fonts as `fontdb` finds them through fontconfig's folders, plus the files and
//! folders the project names), the loaded faces, and the families that were wanted but not found.
//!
//! Font data is read once per process: the system database is scanned on first use (a few
//! hundred files take a fraction of a second; a command whose profile has no canvas never pays
//! it), and a face's bytes are read on first use and kept for the life of the process (they
//! are leaked on purpose, so a shaping face can borrow them for `'static`; a run loads a handful
//! of fonts).

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use serde::Deserialize;

use crate::platform::FontFamilies;

use super::script::{SECONDARY_FAMILY, fallback_families};

/// The `fonts:` section of subloc.yaml.
///
/// ```yaml
/// fonts:
///   dirs: [fonts, /usr/share/fonts/truetype/vazirmatn]   # files or folders, besides the system's
///   families: {Arab: Vazirmatn, Latn: Inter}              # win over the profile's `fonts`
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontConfig {
    /// Font files or folders (relative to subloc.yaml; the configuration resolves them).
    #[serde(default)]
    pub dirs: Vec<PathBuf>,
    /// Family per ISO 15924 script code, over the profile's `fonts`.
    #[serde(default)]
    pub families: FontFamilies,
}

/// A family that was wanted for a script and is not installed: measuring fell back to counting
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MissingFont {
    /// ISO 15924 code (`Arab`).
    pub script: String,
    /// The family looked for first (the configured or profile family, else the Noto fallback).
    pub family: String,
}

/// One loaded face: what shaping needs, and the metrics a renderer scales it by.
pub struct Face {
    /// The family name it was found under.
    pub family: String,
    pub(super) shaper: rustybuzz::Face<'static>,
    /// Font units that make one pixel of font size. libass (like VSFilter) scales a face so that
    /// its Windows ascent + descent (OS/2 `usWinAscent + usWinDescent`) equals the style's font
    /// size, not its em: libass `ass_font.c`, `set_font_metrics` and `ass_face_set_size`
    /// (`FT_SIZE_REQUEST_TYPE_REAL_DIM` on that height). Fonts without an OS/2 table fall back
    /// to hhea ascender − descender, then to the em.
    pub(super) units_per_px: f64,
    /// Widths already measured at font size 1 with this face first in the chain, by piece of
    /// text (a season repeats its words).
    pub(super) memo: Mutex<Memo>,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("family", &self.family)
            .field("units_per_px", &self.units_per_px)
            .finish_non_exhaustive()
    }
}

impl Face {
    fn parse(family: &str, data: &'static [u8], index: u32) -> Option<Face> {
        let shaper = rustybuzz::Face::from_slice(data, index)?;
        let tables = shaper.tables();
        let win = tables
            .os2
            .map(|o| f64::from(o.windows_ascender()) - f64::from(o.windows_descender()))
            .filter(|h| *h > 0.0);
        let hhea = Some(f64::from(tables.hhea.ascender) - f64::from(tables.hhea.descender))
            .filter(|h| *h > 0.0);
        let units_per_px = win
            .or(hhea)
            .unwrap_or_else(|| f64::from(shaper.units_per_em()));
        Some(Face {
            family: family.to_string(),
            shaper,
            units_per_px,
            memo: Mutex::new(Memo::default()),
        })
    }

    /// Whether the face has a glyph for `c`.
    pub(super) fn covers(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
    }
}

/// Widths at font size 1 by piece; single characters (every Han character is a piece) apart,
/// where hashing a `char` is cheaper than hashing a string.
#[derive(Debug, Default)]
pub(super) struct Memo {
    pub chars: HashMap<char, f64>,
    pub pieces: HashMap<Box<str>, f64>,
}

/// The fonts a run measures with. Cheap to clone (shared); make one per command.
#[derive(Clone)]
pub struct Fonts {
    inner: Arc<Inner>,
}

struct Inner {
    config: FontConfig,
    /// Built on first use: the system's fonts plus `config.dirs`.
    db: OnceLock<fontdb::Database>,
    /// Family (lower case) → the face found for it, or `None` when there is none.
    families: Mutex<HashMap<String, Option<Arc<Face>>>>,
    missing: Mutex<BTreeSet<MissingFont>>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Fonts {
    /// The same fonts object (clones of one another).
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

/// Faces already read, by file and index, for the whole process: every `Fonts` shares them, so
/// a font's bytes are read and leaked once however many commands or tests run.
/// Loaded faces by (file, index in the collection).
type FaceCache = Mutex<HashMap<(PathBuf, u32), Option<Arc<Face>>>>;

fn loaded() -> &'static FaceCache {
    static LOADED: OnceLock<FaceCache> = OnceLock::new();
    LOADED.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The system's fonts, scanned once per process.
fn system_db() -> &'static fontdb::Database {
    static SYSTEM: OnceLock<fontdb::Database> = OnceLock::new();
    SYSTEM.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

impl Fonts {
    /// Fonts found among the system's and `config.dirs` (nothing is read until a face is asked
    /// for).
    pub fn new(config: FontConfig) -> Fonts {
        Fonts {
            inner: Arc::new(Inner {
                config,
                db: OnceLock::new(),
                families: Mutex::new(HashMap::new()),
                missing: Mutex::new(BTreeSet::new()),
            }),
        }
    }

    fn db(&self) -> &fontdb::Database {
        self.inner.db.get_or_init(|| {
            let mut db = system_db().clone();
            for p in &self.inner.config.dirs {
                if p.is_dir() {
                    db.load_fonts_dir(p);
                } else {
                    // A missing file is reported as the family it was meant to provide.
                    let _ = db.load_font_file(p);
                }
            }
            db
        })
    }

    /// The face of `family` (regular weight, upright), if installed.
    pub fn face(&self, family: &str) -> Option<Arc<Face>> {
        let key = family.trim().to_lowercase();
        if let Ok(cache) = self.inner.families.lock()
            && let Some(found) = cache.get(&key)
        {
            return found.clone();
        }
        let found = self.find(family.trim());
        if let Ok(mut cache) = self.inner.families.lock() {
            cache.insert(key, found.clone());
        }
        found
    }

    fn find(&self, family: &str) -> Option<Arc<Face>> {
        let db = self.db();
        let families = [fontdb::Family::Name(family)];
        let id = db.query(&fontdb::Query {
            families: &families,
            ..fontdb::Query::default()
        })?;
        // fontdb's query matches family names exactly but case-insensitively; make sure it
        // did not hand back another family.
        let info = db.face(id)?;
        if !info
            .families
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(family))
        {
            return None;
        }
        let (source, index) = db.face_source(id)?;
        let path = match &source {
            fontdb::Source::File(p) => p.clone(),
            fontdb::Source::SharedFile(p, _) => p.clone(),
            fontdb::Source::Binary(_) => return None,
        };
        let key = (path.clone(), index);
        let mut cache = loaded().lock().ok()?;
        if let Some(face) = cache.get(&key) {
            return face.clone();
        }
        let face = std::fs::read(&path).ok().and_then(|bytes| {
            let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            Face::parse(family, data, index).map(Arc::new)
        });
        cache.insert(key, face.clone());
        face
    }

    /// The families wanted for `script`, in order: subloc.yaml's, the profile's, the Noto
    /// fallbacks.
    pub fn wanted(&self, script: &str, profile: Option<&FontFamilies>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let configured = self.inner.config.families.for_script(script);
        let from_profile = profile.and_then(|f| f.for_script(script));
        for f in configured
            .into_iter()
            .chain(from_profile)
            .chain(fallback_families(script).iter().copied())
        {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(f)) {
                out.push(f.to_string());
            }
        }
        out
    }

    /// The faces that draw `script`: the first wanted family that is installed, then the family
    /// for what it lacks (Latin names and digits in a Persian line). Empty when no wanted
    /// family is installed; the first wanted family is then recorded as missing.
    pub fn faces_for(&self, script: &str, profile: Option<&FontFamilies>) -> Vec<Arc<Face>> {
        let wanted = self.wanted(script, profile);
        // A family named by the project or the profile is what the renderer is told to use:
        // when it is missing, measuring with a Noto stand-in would be measuring another font.
        let named = self.inner.config.families.for_script(script).is_some()
            || profile.and_then(|f| f.for_script(script)).is_some();
        let candidates = if named {
            wanted.get(..1).unwrap_or_default()
        } else {
            &wanted[..]
        };
        let Some(primary) = candidates.iter().find_map(|f| self.face(f)) else {
            if let (Ok(mut m), Some(first)) = (self.inner.missing.lock(), wanted.first()) {
                m.insert(MissingFont {
                    script: script.to_string(),
                    family: first.clone(),
                });
            }
            return Vec::new();
        };
        let mut faces = vec![primary];
        if let Some(second) = self.face(SECONDARY_FAMILY)
            && !Arc::ptr_eq(&second, &faces[0])
        {
            faces.push(second);
        }
        faces
    }

    /// Families that were wanted and not found in this run, each once.
    pub fn missing(&self) -> Vec<MissingFont> {
        self.inner
            .missing
            .lock()
            .map(|m| m.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The family to name in a style for `script` (the first wanted, installed here or not: the
    /// machine that renders may have it).
    pub fn family_for(&self, script: &str, profile: Option<&FontFamilies>) -> String {
        let faces = self.faces_for(script, profile);
        match faces.first() {
            Some(f) => f.family.clone(),
            None => self
                .wanted(script, profile)
                .into_iter()
                .next()
                .unwrap_or_else(|| SECONDARY_FAMILY.to_string()),
        }
    }
}
