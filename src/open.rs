//! An opened archive: the records and the views built from them (tree,
//! search index). What the UI and the command line hold once loading ends.

use std::sync::Arc;

use crate::archive::Archive;
use crate::model::RecordId;
use crate::search::{BeratungTexts, SearchIndex};
use crate::tree::{Node, Tree};

/// Everything built from the loaded files.
pub struct Data {
    /// Shared with the workers that build from it after loading (the
    /// references between records) and that answer full-text queries.
    pub archive: Arc<Archive>,
    pub tree: Arc<Tree>,
    pub index: Arc<SearchIndex>,
}

impl Data {
    pub fn new(archive: Archive) -> Data {
        // Placing items in the tree runs on one core; the search texts of
        // most items need nothing from the tree and are made on the other.
        let (tree, texts) = std::thread::scope(|s| {
            let texts = s.spawn(|| BeratungTexts::new(&archive));
            let tree = Tree::build(&archive);
            (tree, texts.join().unwrap_or_default())
        });
        let index = Arc::new(SearchIndex::build_with(&archive, &tree, texts));
        Data { archive: Arc::new(archive), tree: Arc::new(tree), index }
    }
}

impl Data {
    /// The records a tree node shows: an item its Auszug and its Vorlage.
    pub fn records_of(&self, node: Node) -> Vec<RecordId> {
        match node {
            Node::Vorlage(v) => vec![RecordId::Vorlage(v)],
            Node::Sitzung(s) => vec![RecordId::Sitzung(s)],
            Node::Item(i) => {
                let it = &self.tree.items[i as usize];
                it.auszug.map(RecordId::Auszug).into_iter().chain(it.vorlage.map(RecordId::Vorlage)).collect()
            }
            _ => Vec::new(),
        }
    }
}
