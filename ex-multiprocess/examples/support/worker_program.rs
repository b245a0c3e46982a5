//! Where a demo finds the `mp-worker` program: next to the demo's own binary.

use std::path::PathBuf;

/// The `mp-worker` program of the same build as this example (`target/<profile>/`).
///
/// # Errors
/// If the example does not sit in `target/<profile>/examples`, or the program was not
/// built (`cargo build --release --bins`).
pub fn worker_program() -> Result<PathBuf, Box<dyn std::error::Error>> {
    let example = std::env::current_exe()?;
    let program = example
        .parent()
        .and_then(|examples| examples.parent())
        .ok_or("the example is not in target/<profile>/examples")?
        .join("mp-worker");
    if !program.is_file() {
        return Err(format!(
            "{} is missing: build it with cargo build --release --bins",
            program.display()
        )
        .into());
    }
    Ok(program)
}
