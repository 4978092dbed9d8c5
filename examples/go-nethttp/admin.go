package main

import "net/http"

// The admin pages sit in a file of their own: a middleware that sets a header and hands the
// request on makes statuslint treat every response of its file as possibly carrying that header.

// basicAuth guards the admin pages. Correct: the challenge is set before the 401.
func basicAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != "admin" || pass != token {
			w.Header().Set("WWW-Authenticate", `Basic realm="admin"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// admin is the admin home page. Correct.
func admin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte("<h1>Admin</h1>"))
}
