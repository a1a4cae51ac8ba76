# What the Megaport side needs besides the service key and the BGP key (which
# it already has): none of it is secret.
output "megaport_bgp" {
  description = "BGP peering settings for the DigitalOcean end of the Megaport VXC."
  value = {
    attachment_id   = do_partner_attachment.megaport.id
    local_router_ip = do_partner_attachment.megaport.bgp.local_router_ip
    peer_router_ip  = do_partner_attachment.megaport.bgp.peer_router_ip
    local_asn       = do_partner_attachment.megaport.bgp.local_asn
  }
}
