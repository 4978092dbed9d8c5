package main

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

const token = "secret"

// requireToken checks the bearer token of API requests.
// Mistake: the 401 has no `WWW-Authenticate` challenge, so clients cannot tell how to authenticate
// (RFC 9110 §15.5.2).
func requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			http.Error(w, "missing or invalid token", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// login exchanges a password for the token.
// Mistake: the 401 goes through writeError (respond.go) without a challenge; it is reported at the
// status passed here.
func login(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeError(w, http.StatusMethodNotAllowed, "use POST")
		return
	}
	if r.FormValue("password") != token {
		writeError(w, http.StatusUnauthorized, "wrong password")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"token": token})
}
