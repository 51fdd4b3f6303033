//! The campaign file: its typed model, loading with source locations, and the facts
//! derived from it (brand fit, tracked links).

pub mod files;
pub mod fit;
pub mod link;
pub mod load;
pub mod model;
pub mod value;

pub use load::{load, parse};
pub use model::*;
pub use value::{Date, Located, Money};
