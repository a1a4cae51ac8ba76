variable "name" {
  description = "Name of the attachment: letters, digits, dashes and periods."
  type        = string
  default     = "basic-megaport-link"
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

variable "bgp_auth_key" {
  description = "BGP MD5 authentication key, shared with the Megaport side."
  type        = string
  sensitive   = true
}
