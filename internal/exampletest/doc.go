// Package exampletest exercises everything under examples/ with the real
// CLI: every file must pass `terraform fmt -check` and `terraform validate`
// against the provider's schema, every import.sh must import, and every
// scenario under examples/scenarios is applied and destroyed against the
// Partner Network Connect emulator, and so is every guide's example under
// examples/guides, through the steps its guide describes. A file in
// examples/ that no test claims fails the suite, so examples cannot rot
// unnoticed.
//
// The package holds only tests; this file carries the package comment.
package exampletest
