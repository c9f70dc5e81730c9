//! One edit made straight to a file by a program that does not hold it open for editing (the
//! presentation's comment): under the lock, on the file as it is on disk now, saved atomically.

use std::path::Path;

use super::DiskState;
use super::disk::{self, io_words};
use super::lock::{self, LockState};
use crate::model::edit::EditError;
use crate::model::{Edit, Workspace};

/// Takes the file's lock, reads it as it is now, makes `edit` and saves the result atomically
/// (refusing, as every save does, when the file changed between the read and the write); the
/// lock goes with the return. Gives the workspace as saved and the file's state after the save,
/// or why nothing was written: someone edits the file, it cannot be read, the edit is refused,
/// the save failed.
pub fn edit_file(
    path: &Path,
    edit: impl FnOnce(&mut Workspace) -> Result<Edit, EditError>,
) -> Result<(Workspace, DiskState), String> {
    let shown = path.display();
    let (real, bytes, state) = disk::read(path).map_err(|error| error.to_string())?;
    let _lock = match lock::acquire(&real) {
        Ok(LockState::Held(lock)) => lock,
        Ok(LockState::Busy { holder }) => {
            return Err(format!(
                "{shown} is being edited by {holder}: nothing was written"
            ));
        }
        Err(error) => return Err(format!("cannot lock {shown}: {}", io_words(&error))),
    };
    let mut workspace = super::decode(&bytes).map_err(|error| format!("{shown}: {error}"))?;
    edit(&mut workspace).map_err(|error| error.to_string())?;
    let state = super::save(&real, &super::encode(&workspace), &state)
        .map_err(|error| format!("{shown}: {error}"))?;
    Ok((workspace, state))
}
