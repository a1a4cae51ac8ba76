package bench

import "fmt"

// benchVPC is the VPC every benchmark attachment joins.
const benchVPC = "c140286f-e6ce-4131-8b7b-df4590ce8d6a"

// configHeader requires the provider under test; the token and endpoint
// come from the environment (see cliEnv).
const configHeader = `terraform {
  required_providers {
    do = {
      source = "pnc-tf/do"
    }
  }
}

provider "do" {}
`

// attachmentBody is the body of every benchmark attachment, with the name
// expression left open.
const attachmentBody = `
  name                         = %s
  connection_bandwidth_in_mbps = 1000
  region                       = "nyc"
  naas_provider                = "MEGAPORT"
  vpc_ids                      = [%q]
`

// oneAttachment configures a single attachment called name.
func oneAttachment(name string) string {
	return configHeader + fmt.Sprintf(`
resource "do_partner_attachment" "a" {`+attachmentBody+`}
`, fmt.Sprintf("%q", name), benchVPC)
}

// countedAttachments configures n attachments named bench-0 .. bench-(n-1).
func countedAttachments(n int) string {
	return configHeader + fmt.Sprintf(`
resource "do_partner_attachment" "a" {
  count = %d
`+attachmentBody+`}
`, n, `"bench-${count.index}"`, benchVPC)
}

// importedAttachments configures one attachment per entry of var.ids (name
// to id) and imports each: how the refresh scenario puts existing
// attachments into state without creating them.
func importedAttachments() string {
	return configHeader + fmt.Sprintf(`
variable "ids" {
  type = map(string)
}

resource "do_partner_attachment" "a" {
  for_each = var.ids
`+attachmentBody+`}

import {
  for_each = var.ids
  to       = do_partner_attachment.a[each.key]
  id       = each.value
}
`, "each.key", benchVPC)
}
