output "service_key" {
  description = "Service key for the Megaport side. Read it with: terraform output -raw service_key"
  value       = data.do_partner_attachment_service_key.megaport.value
  sensitive   = true
}

output "megaport_bgp" {
  description = "BGP peering settings for the Megaport VXC's DigitalOcean end."
  value = {
    attachment_id   = do_partner_attachment.megaport.id
    local_router_ip = do_partner_attachment.megaport.bgp.local_router_ip
    peer_router_ip  = do_partner_attachment.megaport.bgp.peer_router_ip
    local_asn       = do_partner_attachment.megaport.bgp.local_asn
  }
}
