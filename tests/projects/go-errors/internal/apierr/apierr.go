// Package apierr holds the service's errors; each reports its HTTP status.
package apierr

import "net/http"

// APIError is rendered by render.Error with the status StatusCode reports.
type APIError struct {
	Code int
	Msg  string
}

func (e *APIError) StatusCode() int { return e.Code }
func (e *APIError) Error() string   { return e.Msg }

var (
	ErrUnauthorized = &APIError{Code: http.StatusUnauthorized, Msg: "unauthorized"}
	ErrNotFound     = &APIError{Code: http.StatusNotFound, Msg: "not found"}
)

// Locked always answers 405.
type Locked struct{}

func (*Locked) StatusCode() int { return http.StatusMethodNotAllowed }
func (*Locked) Error() string   { return "locked" }
