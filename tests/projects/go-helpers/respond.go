package main

import (
	"encoding/json"
	"net/http"
)

type errorBody struct {
	Error string `json:"error"`
}

// writeJSON sends v as JSON with the caller's status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		return
	}
}

// writeError goes through writeJSON: the status is still the caller's.
func writeError(w http.ResponseWriter, status int, msg string) {
	if status >= http.StatusInternalServerError {
		println(msg)
	}
	writeJSON(w, status, errorBody{Error: msg})
}

// writeText writes msg as it is: an empty one is no body.
func writeText(w http.ResponseWriter, status int, msg string) {
	w.WriteHeader(status)
	w.Write([]byte(msg))
}

// challenge decides its header by the status: not summarized.
func challenge(w http.ResponseWriter, status int) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="notes"`)
	}
	w.WriteHeader(status)
}

// maybeWrite sends nothing on one path: not summarized.
func maybeWrite(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	w.WriteHeader(status)
	w.Write(b)
}

// plain drops a header its caller may have set.
func plain(w http.ResponseWriter, status int) {
	w.Header().Del("WWW-Authenticate")
	w.WriteHeader(status)
}

// denied answers with its own status, after a header set too late.
func denied(w http.ResponseWriter) {
	w.WriteHeader(http.StatusForbidden)
	w.Header().Set("Cache-Control", "no-store")
//              ^^^^^^^^^^^^^^^ header-after-write
}
