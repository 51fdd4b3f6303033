//! The campaign file: its typed model, loading with source locations, and the facts
//! derived from it (brand fit, tracked links).

pub mod files;
pub mod fit;
pub mod link;
pub mod load;
pub mod model;
pub mod paths;
pub mod terms;
pub mod value;

pub use load::{load, load_in, parse};
pub use model::*;
pub use terms::{Commission, Deduction, PaymentTerms, Percent};
pub use value::{Date, Located, Money};

/// The JSON Schema (draft 2020-12) of the campaign file, generated from the model.
pub fn schema() -> serde_json::Value {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Campaign>();
    let mut value = schema.to_value();
    if let Some(object) = value.as_object_mut() {
        object.insert("title".into(), "kpi campaign file".into());
    }
    value
}
