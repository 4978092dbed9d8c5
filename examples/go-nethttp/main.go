// Command notes serves a small notes API with net/http.
package main

import (
	"log"
	"net/http"
)

func main() {
	store := newStore()
	mux := http.NewServeMux()
	mux.HandleFunc("/login", login)
	mux.Handle("/notes", requireToken(http.HandlerFunc(store.notes)))
	mux.Handle("/notes/", requireToken(http.HandlerFunc(store.note)))
	mux.Handle("/export", requireToken(http.HandlerFunc(store.export)))
	mux.Handle("/admin/", basicAuth(http.HandlerFunc(admin)))
	log.Fatal(http.ListenAndServe(":8080", mux))
}
