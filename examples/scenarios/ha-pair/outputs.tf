output "primary_id" {
  description = "ID of the primary attachment (MEGAPORT_BLUE)."
  value       = do_partner_attachment.primary.id
}

output "secondary_id" {
  description = "ID of the secondary attachment (MEGAPORT_RED)."
  value       = do_partner_attachment.secondary.id
}
