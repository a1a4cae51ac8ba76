# Look an attachment up by name (or by id: set exactly one of the two).
terraform {
  required_version = ">= 1.4.6"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

data "do_partner_attachment" "example" {
  name = "example-megaport-link"
}

output "attachment_id" {
  value = data.do_partner_attachment.example.id
}

output "attachment_state" {
  value = data.do_partner_attachment.example.state
}

# The BGP settings, without the auth key (see do_partner_attachment_bgp_auth_key).
output "peer_router_asn" {
  value = data.do_partner_attachment.example.bgp.peer_router_asn
}
