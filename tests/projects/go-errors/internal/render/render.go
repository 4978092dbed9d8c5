// Package render writes the service's responses.
package render

import (
	"encoding/json"
	"errors"
	"net/http"

	"example.com/shop/internal/apierr"
)

// Error answers with the status an *apierr.APIError reports, else 500.
func Error(w http.ResponseWriter, err error) {
	var ae *apierr.APIError
	if errors.As(err, &ae) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(ae.StatusCode())
		json.NewEncoder(w).Encode(map[string]string{"error": ae.Msg})
		return
	}
	http.Error(w, "internal error", http.StatusInternalServerError)
}

// Coded answers with the status any error reporting one reports.
func Coded(w http.ResponseWriter, err error) {
	var sc interface{ StatusCode() int }
	if errors.As(err, &sc) {
		w.WriteHeader(sc.StatusCode())
		return
	}
	w.WriteHeader(http.StatusInternalServerError)
}

// Challenge sets the challenge for every 401 it renders.
func Challenge(w http.ResponseWriter, err error) {
	var ae *apierr.APIError
	if errors.As(err, &ae) {
		if ae.StatusCode() == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shop"`)
		}
		w.WriteHeader(ae.StatusCode())
		return
	}
	w.WriteHeader(http.StatusInternalServerError)
}
