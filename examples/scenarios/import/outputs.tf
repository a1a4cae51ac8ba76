output "state" {
  description = "State of the adopted attachment as the API reports it."
  value       = do_partner_attachment.adopted.state
}
