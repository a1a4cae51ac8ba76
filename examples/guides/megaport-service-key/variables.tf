variable "name" {
  description = "Name of the attachment."
  type        = string
  default     = "megaport-service-key"
}

variable "region" {
  description = "DigitalOcean region of the VPCs: nyc, sfo, fra, ams or sgp."
  type        = string
  default     = "nyc"
}

variable "vpc_ids" {
  description = "IDs of the DigitalOcean VPC networks to attach."
  type        = set(string)
}

variable "megaport_asn" {
  description = "ASN of the Megaport side's router."
  type        = number
  default     = 64532
}

variable "bgp_auth_key" {
  description = "BGP MD5 authentication key, shared with the Megaport side."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "handoff_command" {
  description = <<-EOT
    Shell command that hands the service key to the Megaport side. It gets
    SERVICE_KEY and ATTACHMENT_ID in its environment, for example:
    vault kv put secret/megaport/$ATTACHMENT_ID service_key="$SERVICE_KEY"
  EOT
  type        = string
}

variable "handoff_generation" {
  description = "Change it to run the hand-off again with the attachment's current service key."
  type        = number
  default     = 1
}
