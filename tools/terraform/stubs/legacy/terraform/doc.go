// Package terraform is an empty stand-in for Terraform's
// internal/legacy/terraform, imported only by Terraform's own tests, so that
// go mod tidy finds it. No binary built here imports it.
package terraform
