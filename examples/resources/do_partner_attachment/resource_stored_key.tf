# The BGP auth key as a write-only argument (Terraform 1.11+, OpenTofu 1.11+):
# sent to the API, never stored in the plan or the state. Terraform cannot see
# a write-only value change, so bump auth_key_wo_version to send a new key; the
# attachment is updated in place.
variable "bgp_auth_key" {
  description = "BGP MD5 authentication key, shared with the partner side."
  type        = string
  sensitive   = true
  ephemeral   = true
}

resource "do_partner_attachment" "write_only_key" {
  name                         = "example-write-only-key"
  connection_bandwidth_in_mbps = 1000
  region                       = "nyc"
  naas_provider                = "MEGAPORT"
  vpc_ids                      = ["c140286f-e6ce-4131-8b7b-df4590ce8d6a"]

  bgp = {
    local_router_ip     = "169.254.0.1/29"
    peer_router_ip      = "169.254.0.6/29"
    peer_router_asn     = 64532
    auth_key_wo         = var.bgp_auth_key
    auth_key_wo_version = 1
  }
}
