//! Prints every public item of a crate, one per line, from the rustdoc JSON
//! file given as the only argument (blanket and auto-trait impls left out).
//! scripts/public_api.sh builds the JSON with the stable toolchain and
//! compares this output with the committed `public-api.txt`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: public-api-snapshot RUSTDOC.json")?;
    let api = public_api::Builder::from_rustdoc_json(path)
        .omit_blanket_impls(true)
        .omit_auto_trait_impls(true)
        .build()?;
    for item in api.items() {
        println!("{item}");
    }
    Ok(())
}
