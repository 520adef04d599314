package ident

import "errors"

// ErrInvalid is under every *Error, for errors.Is.
var ErrInvalid = errors.New("invalid value")

// Error is a value that failed its rule, returned by the Parse functions.
// Code is the flag code (DATE_INVALID); Message names the problem with the
// value masked (see Mask), so an error can be logged as it is.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Unwrap lets errors.Is(err, ErrInvalid) hold.
func (e *Error) Unwrap() error { return ErrInvalid }

// Err returns the first invalid flag of r as an *Error, or nil when r is
// valid, for callers that want an error rather than flags.
func (r Result) Err() error {
	if r.Valid {
		return nil
	}
	for _, f := range r.Flags {
		if isInvalidCode(f.Code) {
			return &Error{Code: f.Code, Message: f.Message}
		}
	}
	if len(r.Flags) > 0 {
		return &Error{Code: r.Flags[0].Code, Message: r.Flags[0].Message}
	}
	return &Error{Code: "INVALID", Message: "invalid value"}
}
