use std::collections::BTreeMap;
use std::sync::Mutex;

use actix_web::{http::header, web, HttpRequest, HttpResponse, Responder};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::errors::TodoError;

#[derive(Clone, Serialize)]
pub struct Todo {
    pub id: u64,
    pub title: String,
    pub done: bool,
}

#[derive(Deserialize)]
pub struct NewTodo {
    pub title: String,
}

#[derive(Default)]
pub struct Store {
    todos: Mutex<BTreeMap<u64, Todo>>,
}

pub async fn list(store: web::Data<Store>) -> impl Responder {
    let todos: Vec<Todo> = store.todos.lock().unwrap().values().cloned().collect();
    web::Json(todos)
}

pub async fn read(store: web::Data<Store>, id: web::Path<u64>) -> Result<HttpResponse, TodoError> {
    let todos = store.todos.lock().unwrap();
    let todo = todos.get(&id).ok_or(TodoError::NotFound)?;
    Ok(HttpResponse::Ok().json(todo))
}

/// Mistake (a hint): 201 without `Location`, so clients cannot find the new todo.
pub async fn create(store: web::Data<Store>, new: web::Json<NewTodo>) -> HttpResponse {
    let mut todos = store.todos.lock().unwrap();
    let id = todos.keys().next_back().map_or(1, |last| last + 1);
    let todo = Todo {
        id,
        title: new.into_inner().title,
        done: false,
    };
    todos.insert(id, todo.clone());
    HttpResponse::Created().json(todo)
}

/// Correct: the update answers 204 with no content.
pub async fn complete(store: web::Data<Store>, id: web::Path<u64>) -> HttpResponse {
    match store.todos.lock().unwrap().get_mut(&id) {
        Some(todo) => {
            todo.done = true;
            HttpResponse::NoContent().finish()
        }
        None => HttpResponse::NotFound().body("no such todo"),
    }
}

/// Mistake: a 204 with a JSON body.
pub async fn delete(store: web::Data<Store>, id: web::Path<u64>) -> HttpResponse {
    let removed = store.todos.lock().unwrap().remove(&id).is_some();
    HttpResponse::NoContent().json(json!({ "removed": removed }))
}

#[derive(Deserialize)]
pub struct Login {
    pub user: String,
    pub password: String,
}

/// Mistake: 401 without a `WWW-Authenticate` challenge on the first branch; the second is correct.
pub async fn login(req: HttpRequest, form: web::Json<Login>) -> HttpResponse {
    if req.headers().get(header::AUTHORIZATION).is_none() && form.password.is_empty() {
        return HttpResponse::Unauthorized().json(json!({ "error": "credentials required" }));
    }
    if form.password != "hunter2" {
        return HttpResponse::Unauthorized()
            .insert_header((header::WWW_AUTHENTICATE, r#"Basic realm="todos""#))
            .json(json!({ "error": "bad credentials" }));
    }
    HttpResponse::Ok().json(json!({ "user": form.user }))
}

/// Mistake: a redirect without `Location`.
pub async fn legacy() -> HttpResponse {
    HttpResponse::Found().body("see /todos")
}
