// Package web holds the service's response helpers.
package web

import (
	"encoding/json"
	"net/http"
)

// Error answers with the caller's status and a JSON message.
func Error(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// Unauthorized always sends its challenge.
func Unauthorized(w http.ResponseWriter, realm string) {
	w.Header().Set("WWW-Authenticate", `Basic realm="`+realm+`"`)
	Error(w, http.StatusUnauthorized, "unauthorized")
}
