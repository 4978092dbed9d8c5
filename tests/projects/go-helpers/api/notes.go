package api

import (
	"net/http"

	"example.com/notes/internal/web"
)

func Notes(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		if r.URL.Query().Get("key") == "" {
			web.Error(w, http.StatusUnauthorized, "missing key")
//              ^^^^^^^^^^^^^^^^^^^^^^^ missing-www-authenticate
//   note: built by web.Error at internal/web/web.go:12
			return
		}
		w.Write([]byte("[]"))
	case http.MethodDelete:
		web.Error(w, http.StatusNoContent, "deleted")
//             ^^^^^^^^^^^^^^^^^^^^ body-not-allowed
	default:
		web.Error(w, http.StatusMethodNotAllowed, "no")
//             ^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-allow
	}
}

// ok(missing-www-authenticate): the helper sets the challenge
func Login(w http.ResponseWriter, r *http.Request) {
	web.Unauthorized(w, "notes")
}

// ok(missing-www-authenticate): a 404 through the same helper needs no header
func Missing(w http.ResponseWriter, r *http.Request) {
	web.Error(w, http.StatusNotFound, "no such note")
}
