// Package legacy is an empty stand-in for Terraform's internal/legacy module,
// which only Terraform's own tests import.
package legacy
