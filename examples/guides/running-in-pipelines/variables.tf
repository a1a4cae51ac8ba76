variable "name" {
  description = "Name of the attachment: letters, digits, dashes and periods."
  type        = string
  default     = "pipeline-megaport-link"
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

variable "peer_asn" {
  description = "ASN of the partner router."
  type        = number
  default     = 64532
}

# Ephemeral: never written to a saved plan or the state, so the job that
# applies the saved plan must set it again (TF_VAR_bgp_auth_key).
variable "bgp_auth_key" {
  description = "BGP MD5 authentication key, shared with the partner side."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "bgp_auth_key_version" {
  description = "Raise it to send a new bgp_auth_key."
  type        = number
  default     = 1
}

variable "requests_per_second" {
  description = "Most API requests per second for this pipeline; 0 sets no fixed rate."
  type        = number
  default     = 0
}

variable "existing_attachment_id" {
  description = "ID of an existing attachment to import as do_partner_attachment.link, or null."
  type        = string
  default     = null
}
