//! Embeds every `*.json` under sample-data/ into the binary, so that
//! `ratsinfo` with no path opens the sample archive from any directory.

use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=sample-data");
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut files = Vec::new();
    walk(&root.join("sample-data"), &mut files);
    files.sort();
    let mut code = String::from(
        "/// The bundled sample archive: (name, content) in sorted path order.\npub static SAMPLE_FILES: &[(&str, &[u8])] = &[\n",
    );
    for f in files {
        let name = f.strip_prefix(&root).expect("below the manifest").to_string_lossy().replace('\\', "/");
        code.push_str(&format!("    ({name:?}, include_bytes!({:?})),\n", f.to_string_lossy()));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("sample_data.rs");
    std::fs::write(out, code).expect("writing sample_data.rs");
}
