//! One front-end build: its id (a hash of its files), the files the service worker keeps, and
//! the service worker itself with both filled in. Nothing here knows the app's state.

use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// The service worker, as the repository has it (`public/`).
const SERVICE_WORKER: &str = include_str!("../../../public/sw.js");
/// The pages' scripts, served under the build like its WebAssembly: every page loads `pwa.js`,
/// `/me` the notification settings, the organiser's programme console its progress line, My
/// schedule the button that keeps documents for offline reading, the door its scanner and,
/// where the browser has no QR reader of its own, the decoder (never loaded anywhere else).
pub(super) const SCRIPTS: [(&str, &str); 7] = [
    ("pwa.js", include_str!("../../../public/pwa.js")),
    ("notify.js", include_str!("../../../public/notify.js")),
    ("console.js", include_str!("../../../public/console.js")),
    ("documents.js", include_str!("../../../public/documents.js")),
    ("door.js", include_str!("../../../public/door.js")),
    ("door-read.js", include_str!("../../../public/door-read.js")),
    ("jsqr.js", include_str!("../../../public/vendor/jsQR.js")),
];

/// What `cargo leptos build` writes to `pkg/`: the pages load exactly these.
pub(super) const PKG_FILES: [&str; 3] = ["companion.js", "companion.wasm", "companion.css"];
/// Served from the site root and kept by the service worker from its install on.
const STATIC_FILES: [&str; 5] = [
    "/favicon.ico",
    "/icon.svg",
    "/icons/icon-192.png",
    "/icons/badge-96.png",
    "/icons/apple-touch-icon.png",
];
/// One front-end build, named by a hash of its files: HTML that names build A only ever loads
/// A's WebAssembly, so an update can never hydrate old HTML with new code or the reverse.
#[derive(Clone, Debug)]
pub struct Build {
    pub id: String,
    pub(super) site_root: PathBuf,
}

impl Build {
    pub fn of_site(site_root: &str) -> Build {
        let site_root = PathBuf::from(site_root);
        let mut hash = Sha256::new();
        for file in PKG_FILES {
            let bytes = std::fs::read(site_root.join("pkg").join(file)).unwrap_or_default();
            hash.update(file.as_bytes());
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(&bytes);
        }
        hash.update(SERVICE_WORKER.as_bytes());
        for (_, script) in SCRIPTS {
            hash.update(script.as_bytes());
        }
        let id = crate::auth::tokens::hex(&hash.finalize()[..8]);
        Build { id, site_root }
    }

    /// Everything the service worker stores when it installs (the pages come separately).
    fn precache(&self) -> Vec<String> {
        let root = format!("/b/{}", self.id);
        PKG_FILES
            .iter()
            .map(|f| format!("{root}/pkg/{f}"))
            .chain([format!("{root}/pwa.js")])
            .chain(STATIC_FILES.iter().map(|f| f.to_string()))
            .collect()
    }

    /// The service worker of this build: its name and file list filled in.
    pub(super) fn service_worker(&self) -> String {
        let precache = serde_json::to_string(&self.precache()).unwrap_or_else(|_| "[]".into());
        SERVICE_WORKER
            .replacen("/*BUILD*/\"dev\"", &format!("\"{}\"", self.id), 1)
            .replacen("/*PRECACHE*/[]", &precache, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_service_worker_names_its_build_and_files() {
        let build = Build {
            id: "0123456789abcdef".into(),
            site_root: PathBuf::from("/nowhere"),
        };
        let sw = build.service_worker();
        assert!(sw.contains("\"0123456789abcdef\""));
        assert!(sw.contains("\"/b/0123456789abcdef/pkg/companion.wasm\""));
        assert!(!sw.contains("/*BUILD*/") && !sw.contains("/*PRECACHE*/"));
    }

    #[test]
    fn a_build_id_follows_its_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("pkg")).unwrap();
        let root = dir.path().to_str().unwrap();
        let a = Build::of_site(root).id;
        std::fs::write(dir.path().join("pkg/companion.js"), "// b").unwrap();
        let b = Build::of_site(root).id;
        assert_ne!(a, b);
        assert_eq!(b, Build::of_site(root).id);
        assert_eq!(a.len(), 16);
    }
}
