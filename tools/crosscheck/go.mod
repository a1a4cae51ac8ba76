// The cross-platform type check of `make release-check` (see main.go).
module github.com/pnc-tf/terraform-provider-do/tools/crosscheck

go 1.26.1

require (
	golang.org/x/tools v0.43.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	golang.org/x/mod v0.34.0 // indirect
	golang.org/x/sync v0.20.0 // indirect
)
