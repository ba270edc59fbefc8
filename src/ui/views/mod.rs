//! One file per view: its state, how keys change it, and how it is drawn.
//! What a view asks of the others (show a record, follow the selection) it
//! returns as an [`Effect`], which [`super::app::App`] carries out.

pub mod copy;
pub mod documents;
pub mod editor;
pub mod links;
pub mod reader;
pub mod search;
pub mod termine;
pub mod tree;

use super::app::Pane;
use crate::tree::Node;

/// What the app must do after a view handled a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    /// The tree's selection changed: the reader shows it.
    Follow,
    /// Go to this record: tree, reader, and a step in the history.
    Jump(Node),
    Focus(Pane),
    /// Close the view.
    Close,
}
