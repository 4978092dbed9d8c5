package main

import (
	"net/http"

	"example.com/notes/api"
	"github.com/unrolled/render"
)

type server struct {
	render *render.Render
}

// fail is a method of the server: `s.fail(..)` resolves to it.
func (s *server) fail(w http.ResponseWriter, status int, msg string) {
	http.Error(w, msg, status)
}

func (s *server) login(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") == "" {
		writeError(w, http.StatusUnauthorized, "missing token")
//              ^^^^^^^^^^^^^^^^^^^^^^^ missing-www-authenticate
//   note: built by writeError at respond.go:26
		return
	}
	if r.Method != http.MethodPost {
		s.fail(w, http.StatusMethodNotAllowed, "use POST")
//          ^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-allow
//   note: built by server.fail at main.go:16
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"token": "t"})
	w.Header().Set("X-Request-Id", "1")
//              ^^^^^^^^^^^^^^ header-after-write
}

func (s *server) logout(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusNoContent, nil)
//                                  ^^^ body-not-allowed
}

// ok(missing-www-authenticate): the challenge is set before the helper writes the status
func (s *server) session(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="notes"`)
	writeError(w, http.StatusUnauthorized, "expired")
}

// ok(missing-www-authenticate): the helper sets the challenge for a 401
func (s *server) refresh(w http.ResponseWriter, r *http.Request) {
	challenge(w, http.StatusUnauthorized)
}

// ok(missing-www-authenticate): a path of the helper sends nothing
func (s *server) token(w http.ResponseWriter, r *http.Request) {
	maybeWrite(w, http.StatusUnauthorized, nil)
}

// ok(missing-www-authenticate): the helper deletes headers
func (s *server) revoke(w http.ResponseWriter, r *http.Request) {
	plain(w, http.StatusUnauthorized)
}

// ok(body-not-allowed): an empty message is no body
func (s *server) clear(w http.ResponseWriter, r *http.Request) {
	writeText(w, http.StatusNoContent, "")
}

// ok(missing-www-authenticate): a status the handler does not know
func (s *server) relay(w http.ResponseWriter, r *http.Request, code int) {
	writeError(w, code, "upstream")
}

// ok(missing-www-authenticate): a local function value of the helper's name
func (s *server) local(w http.ResponseWriter, r *http.Request) {
	writeError := func(w http.ResponseWriter, status int, msg string) {
		w.Header().Set("WWW-Authenticate", "Basic")
		http.Error(w, msg, status)
	}
	writeError(w, http.StatusUnauthorized, "no")
}

// ok(missing-www-authenticate): a renderer from another module is not read
func (s *server) rendered(w http.ResponseWriter, r *http.Request) {
	s.render.JSON(w, http.StatusUnauthorized, nil)
}

// ok(missing-www-authenticate): the helper's own status is reported in the helper
func (s *server) forbidden(w http.ResponseWriter, r *http.Request) {
	denied(w)
}

func main() {
	s := &server{render: render.New()}
	http.HandleFunc("/login", s.login)
	http.HandleFunc("/notes", api.Notes)
	http.ListenAndServe(":8080", nil)
}
