package main

import (
	"encoding/csv"
	"net/http"
	"strings"
	"sync"
)

type note struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

type store struct {
	mu    sync.Mutex
	items map[string]note
}

func newStore() *store {
	return &store{items: map[string]note{}}
}

// notes lists and creates notes.
// Mistake: the 405 has no `Allow` header naming the methods the resource supports
// (RFC 9110 §15.5.6).
func (s *store) notes(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.Method {
	case http.MethodGet:
		list := make([]note, 0, len(s.items))
		for _, n := range s.items {
			list = append(list, n)
		}
		writeJSON(w, http.StatusOK, list)
	case http.MethodPost:
		n := note{ID: r.FormValue("id"), Text: r.FormValue("text")}
		s.items[n.ID] = n
		w.Header().Set("Location", "/notes/"+n.ID)
		writeJSON(w, http.StatusCreated, n)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// note reads and deletes one note.
// Mistake: the 204 carries a body, which a 204 cannot have (RFC 9110 §15.3.5); net/http refuses
// the write.
func (s *store) note(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/notes/")
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.items[id]
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, n)
	case http.MethodDelete:
		delete(s.items, id)
		w.WriteHeader(http.StatusNoContent)
		w.Write([]byte(`{"deleted":true}`))
	default:
		w.Header().Set("Allow", "GET, DELETE")
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// export downloads every note as CSV.
// Mistake: the Content-Type is set after WriteHeader sent the header section, so it never reaches
// the client (RFC 9112 §2.1).
func (s *store) export(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
	w.Header().Set("Content-Type", "text/csv")
	out := csv.NewWriter(w)
	for _, n := range s.items {
		out.Write([]string{n.ID, n.Text})
	}
	out.Flush()
}
