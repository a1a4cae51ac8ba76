# The BGP MD5 key, for configuring the partner's router. The value is
# sensitive: it is stored in state but hidden in plan output.
terraform {
  required_version = ">= 1.4.6"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

data "do_partner_attachment_bgp_auth_key" "example" {
  attachment_id = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"
}

output "bgp_auth_key" {
  value     = data.do_partner_attachment_bgp_auth_key.example.value
  sensitive = true
}
