variable "name" {
  description = "Name of the attachment."
  type        = string
  default     = "megaport-handoff-output"
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
}
