use std::collections::HashMap;
use std::sync::Mutex;

use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::AppState;

#[derive(Clone, Serialize)]
pub struct Note {
    pub id: u64,
    pub text: String,
    pub archived: bool,
}

#[derive(Deserialize)]
pub struct NewNote {
    pub text: String,
}

#[derive(Default)]
pub struct Store {
    notes: Mutex<HashMap<u64, Note>>,
}

impl Store {
    fn insert(&self, text: String) -> Note {
        let mut notes = self.notes.lock().unwrap();
        let id = notes.len() as u64 + 1;
        let note = Note {
            id,
            text,
            archived: false,
        };
        notes.insert(id, note.clone());
        note
    }
}

pub async fn list(State(state): State<AppState>) -> Json<Vec<Note>> {
    let notes = state.notes.notes.lock().unwrap();
    Json(notes.values().cloned().collect())
}

pub async fn read(State(state): State<AppState>, Path(id): Path<u64>) -> Response {
    match state.notes.notes.lock().unwrap().get(&id) {
        Some(note) => Json(note.clone()).into_response(),
        None => (StatusCode::NOT_FOUND, Json(json!({ "error": "no such note" }))).into_response(),
    }
}

/// Correct: a 201 that says where the new note lives.
pub async fn create(State(state): State<AppState>, Json(new): Json<NewNote>) -> impl IntoResponse {
    let note = state.notes.insert(new.text);
    let location = format!("/api/notes/{}", note.id);
    (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(note),
    )
}

/// Correct: an update answers 204 with no content.
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<u64>,
    Json(new): Json<NewNote>,
) -> StatusCode {
    let mut notes = state.notes.notes.lock().unwrap();
    match notes.get_mut(&id) {
        Some(note) => {
            note.text = new.text;
            StatusCode::NO_CONTENT
        }
        None => StatusCode::NOT_FOUND,
    }
}

/// Mistake: a 204 cannot carry content; the JSON is serialised and then dropped by the server.
pub async fn delete(State(state): State<AppState>, Path(id): Path<u64>) -> impl IntoResponse {
    state.notes.notes.lock().unwrap().remove(&id);
    (StatusCode::NO_CONTENT, Json(json!({ "deleted": id })))
}

/// Mistake: 201 without `Location` (a hint: clients cannot find the copy at `/notes/{id}/copies/{copy}`).
pub async fn archive(State(state): State<AppState>, Path(id): Path<u64>) -> Response {
    let mut notes = state.notes.notes.lock().unwrap();
    let Some(note) = notes.get_mut(&id) else {
        return (StatusCode::NOT_FOUND, "no such note").into_response();
    };
    note.archived = true;
    (StatusCode::CREATED, Json(note.clone())).into_response()
}

/// Correct: reads an archived copy.
pub async fn copy(State(state): State<AppState>, Path((id, _copy)): Path<(u64, u64)>) -> Response {
    match state.notes.notes.lock().unwrap().get(&id) {
        Some(note) if note.archived => Json(note.clone()).into_response(),
        _ => (StatusCode::NOT_FOUND, "no such copy").into_response(),
    }
}
