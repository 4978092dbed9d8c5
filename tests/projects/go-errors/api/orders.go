package api

import (
	"net/http"

	"example.com/shop/internal/apierr"
	"example.com/shop/internal/render"
)

func Orders(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") == "" {
		render.Error(w, apierr.ErrUnauthorized)
//                ^^^^^^^^^^^^^^^^^^^^^^ missing-www-authenticate
//   note: built by render.Error at internal/render/render.go:17
//   note: status set by apierr.ErrUnauthorized at internal/apierr/apierr.go:16
		return
	}
	if r.Method == http.MethodDelete {
		render.Coded(w, &apierr.Locked{})
//                ^^^^^^^^^^^^^^^^ missing-allow
//   note: status set by Locked.StatusCode at internal/apierr/apierr.go:23
		return
	}
	if r.Method != http.MethodGet {
		render.Error(w, &apierr.APIError{Code: http.StatusMethodNotAllowed, Msg: "no"})
//                                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-allow
		return
	}
	w.Write([]byte("[]"))
}

// ok(missing-www-authenticate): a 404 needs no challenge
func Order(w http.ResponseWriter, r *http.Request) {
	render.Error(w, apierr.ErrNotFound)
}

// ok(missing-www-authenticate): the renderer sets the challenge for the status it reads
func Account(w http.ResponseWriter, r *http.Request) {
	render.Challenge(w, apierr.ErrUnauthorized)
}

// ok(missing-www-authenticate): the challenge is set before the renderer runs
func Profile(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="shop"`)
	render.Error(w, apierr.ErrUnauthorized)
}

// ok(missing-allow): a value, not a pointer: only `*apierr.Locked` reports a status
func Cart(w http.ResponseWriter, r *http.Request) {
	render.Coded(w, apierr.Locked{})
}
