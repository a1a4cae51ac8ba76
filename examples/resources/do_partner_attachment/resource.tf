terraform {
  # auth_key_wo needs Terraform 1.11 or later
  required_version = ">= 1.11"

  required_providers {
    do = {
      source  = "pnc-tf/do"
      version = "~> 0.1"
    }
  }
}

# The API token is read from DIGITALOCEAN_TOKEN (or DIGITALOCEAN_ACCESS_TOKEN).
provider "do" {}

# Set the key with TF_VAR_bgp_auth_key (or -var); never write it in a file.
variable "bgp_auth_key" {
  description = "BGP MD5 authentication key shared with the Megaport side of the link."
  type        = string
  sensitive   = true
  ephemeral   = true
}

resource "do_partner_attachment" "example" {
  name                         = "example-megaport-link"
  connection_bandwidth_in_mbps = 1000
  region                       = "nyc"
  naas_provider                = "MEGAPORT"
  vpc_ids                      = ["c140286f-e6ce-4131-8b7b-df4590ce8d6a"]

  # auth_key_wo is write-only: the key is sent to the API and never stored in
  # the plan or the state. Terraform cannot see a write-only value change, so
  # bump auth_key_wo_version to send a new key; the attachment is updated in
  # place.
  bgp = {
    local_router_ip     = "169.254.0.1/29"
    peer_router_ip      = "169.254.0.6/29"
    peer_router_asn     = 65001
    auth_key_wo         = var.bgp_auth_key
    auth_key_wo_version = 1
  }
}

output "id" {
  description = "ID of the partner attachment."
  value       = do_partner_attachment.example.id
}

output "state" {
  description = "State of the partner attachment: ACTIVE once it is ready."
  value       = do_partner_attachment.example.state
}
