# The BGP auth key as a plain argument, for Terraform before 1.11, which has no
# write-only arguments. The key is stored in the state (marked sensitive, so
# plans and logs never show it): keep the state in an encrypted backend with
# restricted access. Terraform 1.11 and later warns that
# bgp.auth_key_wo is available: prefer that there, as resource.tf does.
terraform {
  required_version = ">= 1.4.6"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

variable "bgp_auth_key" {
  description = "BGP MD5 authentication key, shared with the partner side."
  type        = string
  sensitive   = true
}

resource "do_partner_attachment" "stored_key" {
  name                         = "example-stored-key"
  connection_bandwidth_in_mbps = 1000
  region                       = "nyc"
  naas_provider                = "MEGAPORT"
  vpc_ids                      = ["c140286f-e6ce-4131-8b7b-df4590ce8d6a"]

  bgp = {
    local_router_ip = "169.254.0.1/29"
    peer_router_ip  = "169.254.0.6/29"
    peer_router_asn = 65001
    auth_key        = var.bgp_auth_key
  }
}
